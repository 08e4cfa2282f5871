// File: pioneer/biomarkers/tables.h
// The tabular outputs of the biomarkers results, one place for every front
// end (CLI files, plan tables, the portal): column names and number
// formatting are part of the result, not of the command that prints it.
// Numbers are written as the shortest text that reads back to the same
// double ("{}"), missing or undefined values as NA, as R's write.table.
#pragma once

#include <vector>

#include "pioneer/biomarkers/group_screen.h"
#include "pioneer/biomarkers/limma.h"
#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/screen.h"
#include "pioneer/biomarkers/tmb.h"
#include "pioneer/core/table.h"

namespace pioneer::biomarkers {

// topTable: gene, logFC, AveExpr, t, P.Value, adj.P.Val, B (limma's names).
core::Table TopTable(const DeResult& result);

// Signature scores: one row per signature and one column per sample, or
// with `by_sample` one row per sample (the input of pioneer screen).
core::Table ScoreTable(const ScoreResult& result, bool by_sample);

// maftools::tmb's columns: Tumor_Sample_Barcode, total, total_perMB,
// total_perMB_log (-Inf when no variant), all_variants, filtered.
core::Table TmbTable(const std::vector<TmbRow>& rows);

// Univariate screens against a binary response and against survival.
core::Table ResponseScreenTable(const std::vector<ScreenRow>& rows);
core::Table SurvivalScreenTable(const std::vector<ScreenRow>& rows);

// Kruskal-Wallis + pairwise Wilcoxon per feature; level names with a tab
// or space become '_' in the column names.
core::Table GroupScreenTable(const GroupScreen& screen);

}  // namespace pioneer::biomarkers

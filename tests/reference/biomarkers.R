# Reference fixtures for pioneer's biomarkers module (src/biomarkers): GSVA
# 1.46 scores (ssgsea with and without normalisation, gsva Gaussian, zscore,
# plage) and limma lmFit + eBayes (trend FALSE / TRUE, with and without the
# histology covariate) on the real NSCLC anti-PD-1 RNA-seq cohort of
# Limagne et al., Cancer Cell 2022 (../shared/data/expression/; values are
# log2(TPM + 0.001) and are used AS GIVEN, as pioneer does with
# --scale log2tpm). Gene sets: ../shared/data/signatures/subsets/*.gmt.
# Run from the repository root: Rscript tests/reference/biomarkers.R
# Writes tests/fixtures/biomarkers/*.tsv; the '#' header lines record the R,
# GSVA and limma versions and the exact call. Numbers: 17 significant digits.
suppressPackageStartupMessages({
  library(GSVA)
  library(limma)
})

shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
outdir <- "tests/fixtures/biomarkers"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
expr_file <- file.path(shared, "expression/nsclc_limagne2022_antiPD1_rnaseq_expr_log2tpm.tsv")
clin_file <- file.path(shared, "expression/nsclc_limagne2022_antiPD1_rnaseq_clinical.tsv")
raw <- read.delim(expr_file, check.names = FALSE, stringsAsFactors = FALSE)
X <- as.matrix(raw[, -1])
rownames(X) <- raw$gene
clin <- read.delim(clin_file, stringsAsFactors = FALSE, na.strings = "NA")

read_gmt <- function(path) {
  lines <- strsplit(readLines(path), "\t")
  sets <- lapply(lines, function(f) unique(f[-(1:2)][nzchar(f[-(1:2)])]))
  names(sets) <- vapply(lines, `[`, "", 1)
  sets
}

header <- function(call) {
  c(paste0("# ", R.version.string, "; GSVA ", packageVersion("GSVA"), "; limma ", packageVersion("limma")),
    paste0("# input: ", basename(expr_file), " (as given)"),
    paste0("# call: ", call))
}

write_matrix <- function(name, m, call) {
  path <- file.path(outdir, name)
  out <- cbind(set = rownames(m), apply(m, 2, function(v) sprintf("%.17g", v)))
  writeLines(header(call), path)
  suppressWarnings(write.table(out, path, sep = "\t", quote = FALSE, row.names = FALSE, append = TRUE))
}

for (subset in c("genesets_key", "genesets_gmt22")) {
  sets <- read_gmt(file.path(shared, "signatures/subsets", paste0(subset, ".gmt")))
  run <- function(label, ...) {
    args <- list(...)
    es <- suppressWarnings(do.call(gsva, c(list(expr = X, gset.idx.list = sets, verbose = FALSE), args)))
    call <- paste0("gsva(X, sets, ", paste(names(args), vapply(args, deparse, ""), sep = " = ", collapse = ", "),
                   ", verbose = FALSE)")
    write_matrix(paste0("gsva_", label, "_", subset, ".tsv"), es, call)
  }
  run("ssgsea", method = "ssgsea")
  run("ssgsea_nonorm", method = "ssgsea", ssgsea.norm = FALSE)
  run("gsva", method = "gsva", kcdf = "Gaussian")
  run("zscore", method = "zscore")
  run("plage", method = "plage")
}

# ---- limma: responders (R) vs non-responders (NR) ----------------------------
keep <- !is.na(clin$response)
ids <- clin$sample_id[keep]
Y <- X[, ids]
response <- factor(clin$response[keep], levels = c("NR", "R"))
histology <- factor(clin$disease.state.ch1[keep])
designs <- list(plain = model.matrix(~ response), histology = model.matrix(~ response + histology))
for (d in names(designs)) {
  for (trend in c(FALSE, TRUE)) {
    fit <- eBayes(lmFit(Y, designs[[d]]), trend = trend)
    tt <- topTable(fit, coef = "responseR", number = Inf, sort.by = "B")
    # Kept small: the 500 top-ranked genes and every 20th further down (the
    # test computes all genes and compares these rows, rank included).
    rank <- seq_len(nrow(tt))
    sel <- rank <= 500 | rank %% 20 == 0
    tt <- tt[sel, ]
    out <- data.frame(rank = rank[sel], gene = rownames(tt), lapply(tt[, c("logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B")],
                                                 function(v) sprintf("%.17g", v)))
    name <- paste0("limma_", d, if (trend) "_trend" else "", ".tsv")
    call <- paste0("topTable(eBayes(lmFit(Y, model.matrix(", if (d == "plain") "~ response" else "~ response + histology",
                   ")), trend = ", trend, "), coef = 'responseR', number = Inf, sort.by = 'B'); ",
                   "df.prior = ", sprintf("%.17g", fit$df.prior), "; s2.prior(median) = ",
                   sprintf("%.17g", median(fit$s2.prior)))
    path <- file.path(outdir, name)
    writeLines(header(call), path)
    suppressWarnings(write.table(out, path, sep = "\t", quote = FALSE, row.names = FALSE, append = TRUE))
  }
}

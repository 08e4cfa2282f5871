# Reference fixture of pioneer's group screen (src/biomarkers/group_screen.cc,
# `pioneer screen --group`): candidate-target genes across SITC-like
# resistance classes on the real Limagne 2022 NSCLC anti-PD-1 cohort.
# The cohort records response (R/NR) and PFS, not the SITC class, so the
# classes are derived from PFS (Kluger et al., JITC 2020, 6-month rule):
#   responder = no progression (censored PFS);
#   primary   = progression before 6 months;
#   acquired  = progression at or after 6 months (benefit, then progression).
# Values: the file's log2(TPM + 0.001), as given. Per gene: kruskal.test
# across the three classes (BH over genes), pairwise wilcox.test (R's
# defaults: exact without ties below 50) with AUC = W / (n_a n_b) and the
# difference of medians, p.adjust(BH) within each gene over its 3 pairs
# (as pairwise.wilcox.test(p.adjust.method = "BH")).
# Run from the repository root: Rscript tests/reference/biomarkers_groups.R
# Writes tests/fixtures/biomarkers/limagne_sitc_classes.tsv (the classes)
# and tests/fixtures/biomarkers/groups_limagne_targets.tsv.
shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
outdir <- "tests/fixtures/biomarkers"
raw <- read.delim(file.path(shared, "expression/nsclc_limagne2022_antiPD1_rnaseq_expr_log2tpm.tsv"), check.names = FALSE)
X <- as.matrix(raw[, -1]); rownames(X) <- raw$gene
clin <- read.delim(file.path(shared, "expression/nsclc_limagne2022_antiPD1_rnaseq_clinical.tsv"))
cls <- ifelse(clin$event_occurred_pfs == 0, "responder", ifelse(clin$survival_time_pfs < 6, "primary", "acquired"))
write.table(data.frame(sample_id = clin$sample_id, sitc_class = cls), file.path(outdir, "limagne_sitc_classes.tsv"),
            sep = "\t", quote = FALSE, row.names = FALSE)
levels <- c("responder", "primary", "acquired")
genes <- c("KLRC1", "HLA-E", "NT5E", "ENTPD1", "BTN3A1", "TIGIT", "PVR", "LAG3", "HAVCR2", "LGALS9", "CD274",
           "PDCD1LG2", "PDCD1", "CTLA4", "IDO1", "VSIR", "CD276", "SIGLEC15")
genes <- intersect(genes, rownames(X))
g <- factor(cls[match(colnames(X), clin$sample_id)], levels = levels)
pairs <- combn(3, 2)
f <- function(v) sprintf("%.17g", v)
rows <- lapply(genes, function(gene) {
  x <- X[gene, ]
  by <- split(x, g)
  kw <- kruskal.test(x, g)
  pw <- apply(pairs, 2, function(p) {
    a <- by[[p[1]]]; b <- by[[p[2]]]
    w <- suppressWarnings(wilcox.test(a, b))
    c(auc = unname(w$statistic) / (length(a) * length(b)), diff = median(a) - median(b), p = w$p.value)
  })
  q <- p.adjust(pw["p", ], "BH")
  c(gene, sum(!is.na(g)), sapply(by, length), f(sapply(by, median)), f(kw$statistic), f(kw$parameter), f(kw$p.value),
    f(kw$statistic / (sum(!is.na(g)) - 1)), NA,
    as.vector(rbind(f(pw["auc", ]), f(pw["diff", ]), f(pw["p", ]), f(q))))
})
m <- do.call(rbind, rows)
m[, 13] <- f(p.adjust(as.numeric(m[, 11]), "BH"))
pn <- apply(pairs, 2, function(p) paste0(levels[p[1]], "_vs_", levels[p[2]]))
colnames(m) <- c("feature", "n", paste0("n_", levels), paste0("median_", levels), "kruskal_h", "kruskal_df",
                 "kruskal_p", "epsilon2", "q_kruskal", as.vector(sapply(pn, function(p) paste0(c("auc_", "median_diff_", "p_", "q_"), p))))
path <- file.path(outdir, "groups_limagne_targets.tsv")
writeLines(c(paste0("# ", R.version.string),
             "# input: nsclc_limagne2022_antiPD1_rnaseq_expr_log2tpm.tsv (as given); classes: limagne_sitc_classes.tsv",
             "# call: kruskal.test(x, g); wilcox.test(a, b) per pair; p.adjust(BH) over genes (Kruskal) and over pairs (Wilcoxon)"),
           path)
suppressWarnings(write.table(m, path, sep = "\t", quote = FALSE, row.names = FALSE, append = TRUE))
print(table(g))

# Reference fixtures for pioneer's fast GSVA kernels (src/biomarkers/
# gsva_kernel.cc) at a size where the kernel's shortcuts matter: a
# deterministic synthetic matrix of 2,000 genes x 300 samples (every value a
# dyadic rational, so R and C++ build it bit for bit from the same integer
# formula; no file), with tied values and sparse (mostly zero) genes, scored
# by GSVA 1.46 ssgsea and gsva (Gaussian) on 20 deterministic sets.
# Run from the repository root: Rscript tests/reference/biomarkers_gsva_synthetic.R
# Writes tests/fixtures/biomarkers/gsva_synthetic_{ssgsea,gsva}.tsv.
# The same formula is in src/biomarkers/tests/gsva_kernel_test.cc.
suppressPackageStartupMessages(library(GSVA))
outdir <- "tests/fixtures/biomarkers"
genes <- 2000; samples <- 300
g <- rep(0:(genes - 1), times = samples); j <- rep(0:(samples - 1), each = genes)
h <- (g * 2654435761 + j * 40503 + g * j * 97) %% 65521
v <- h / 4096 + (g %% 17) / 8
v[g %% 10 == 0 & h %% 3 != 0] <- 0          # sparse genes: ties at zero
v[g %% 10 == 5] <- floor(v[g %% 10 == 5])    # coarse genes: many ties
X <- matrix(v, genes, samples)
rownames(X) <- paste0("G", 1:genes); colnames(X) <- paste0("S", 1:samples)
sets <- lapply(0:19, function(s) rownames(X)[((0:(genes - 1)) * (s + 3)) %% 211 < 3 + s %/% 2])
names(sets) <- paste0("set", 0:19)
for (method in c("ssgsea", "gsva")) {
  es <- gsva(X, sets, method = method, kcdf = "Gaussian", verbose = FALSE)
  path <- file.path(outdir, paste0("gsva_synthetic_", method, ".tsv"))
  writeLines(c(paste0("# ", R.version.string, "; GSVA ", packageVersion("GSVA")),
               "# input: synthetic 2000 x 300 matrix of tests/reference/biomarkers_gsva_synthetic.R",
               paste0("# call: gsva(X, sets, method = \"", method, "\", kcdf = \"Gaussian\", verbose = FALSE)")), path)
  out <- cbind(set = rownames(es), apply(es, 2, function(x) sprintf("%.17g", x)))
  suppressWarnings(write.table(out, path, sep = "\t", quote = FALSE, row.names = FALSE, append = TRUE))
}

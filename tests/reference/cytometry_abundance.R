# Reference for src/cytometry abundance tests (DA and DS), written with base R.
# Input: tests/fixtures/cytometry/abundance/{frequencies,medians,samples}.tsv
# (generated here with a fixed seed). Output: expected.json.
#   DA: glm(cbind(count, total - count) ~ group, family = quasibinomial)
#   DS: t.test(median ~ group, var.equal = TRUE); BH within DA and within DS.
# Run from the repo root: Rscript tests/reference/cytometry_abundance.R
suppressPackageStartupMessages(library(jsonlite))
dir <- "tests/fixtures/cytometry/abundance"
set.seed(8)
files <- sprintf("s%02d.fcs", 1:10)
group <- rep(c("NR", "R"), each = 5)
samples <- data.frame(file = files, response = group)
k <- 4
base <- c(0.4, 0.3, 0.2, 0.1)
freq <- do.call(rbind, lapply(seq_along(files), function(i) {
  p <- base * exp(rnorm(k, 0, 0.2)) * if (group[i] == "R") c(1, 1.6, 1, 0.7) else 1
  p <- p / sum(p)
  n <- 2000 + 100 * i
  counts <- as.vector(rmultinom(1, n, p))
  data.frame(file = files[i], metacluster = 1:k, count = counts, frequency = counts / n)
}))
markers <- c("CD3", "CD8")
med <- do.call(rbind, lapply(seq_along(files), function(i) do.call(rbind, lapply(1:k, function(m) {
  shift <- if (group[i] == "R" && m == 2) c(0.5, 0) else c(0, 0)
  data.frame(file = files[i], metacluster = m, marker = markers, median = round(2 + shift + rnorm(2, 0, 0.2), 6))
}))))
med$median[med$file == "s01.fcs" & med$metacluster == 4] <- NA  # a sample without such cells
write.table(samples, file.path(dir, "samples.tsv"), sep = "\t", quote = FALSE, row.names = FALSE)
write.table(freq, file.path(dir, "frequencies.tsv"), sep = "\t", quote = FALSE, row.names = FALSE)
write.table(med, file.path(dir, "medians.tsv"), sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")

totals <- tapply(freq$count, freq$file, sum)
da <- do.call(rbind, lapply(1:k, function(m) {
  d <- freq[freq$metacluster == m, ]
  d$total <- totals[d$file]
  d$group <- factor(samples$response[match(d$file, samples$file)], levels = c("NR", "R"))
  fit <- glm(cbind(count, total - count) ~ group, family = quasibinomial, data = d,
             control = glm.control(epsilon = 1e-14, maxit = 100))  # IRLS to convergence: the MLE is closed-form
  s <- summary(fit)
  data.frame(metacluster = m, log_odds_ratio = coef(fit)[2], se = s$coefficients[2, 2], t = s$coefficients[2, 3],
             dispersion = s$dispersion, p = s$coefficients[2, 4])
}))
da$fdr <- p.adjust(da$p, "BH")
ds <- do.call(rbind, lapply(1:k, function(m) do.call(rbind, lapply(markers, function(mk) {
  d <- med[med$metacluster == m & med$marker == mk & !is.na(med$median), ]
  g <- factor(samples$response[match(d$file, samples$file)], levels = c("NR", "R"))
  tt <- t.test(d$median[g == "R"], d$median[g == "NR"], var.equal = TRUE)
  data.frame(metacluster = m, marker = mk, difference = unname(tt$estimate[1] - tt$estimate[2]),
             t = unname(tt$statistic), p = tt$p.value)
}))))
ds$fdr <- p.adjust(ds$p, "BH")
out <- list(source = paste("tests/reference/cytometry_abundance.R,", R.version.string,
                           "glm(family = quasibinomial, epsilon = 1e-14), t.test(var.equal = TRUE), p.adjust(BH)"),
            da = da, ds = ds)
writeLines(toJSON(out, digits = NA, pretty = TRUE), file.path(dir, "expected.json"))

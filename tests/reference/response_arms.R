# Reference fixture for the arm-level response rates of src/clinical
# (arm_summary.h): per-arm Clopper-Pearson intervals (binom.test) and the
# Newcombe hybrid score interval of a difference of two proportions (method
# 10 of Newcombe 1998, Stat Med 17:873), built from the Wilson intervals of
# prop.test(correct = FALSE). Run from the repository root:
#   Rscript tests/reference/response_arms.R
# Writes tests/fixtures/clinical/response_arms.json (numbers with 17
# significant digits; tolerance relative 1e-9 with absolute floor 1e-12).
suppressPackageStartupMessages(library(jsonlite))
cases <- list(c(x1 = 12, n1 = 40, x2 = 5, n2 = 38), c(x1 = 0, n1 = 10, x2 = 3, n2 = 12),
              c(x1 = 10, n1 = 10, x2 = 0, n2 = 7), c(x1 = 1, n1 = 1, x2 = 1, n2 = 2),
              c(x1 = 37, n1 = 100, x2 = 21, n2 = 100))
wilson <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int
newcombe <- function(x1, n1, x2, n2) {
  p1 <- x1 / n1; p2 <- x2 / n2; w1 <- wilson(x1, n1); w2 <- wilson(x2, n2)
  d <- p1 - p2
  c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}
out <- lapply(cases, function(k) {
  cp1 <- binom.test(k[["x1"]], k[["n1"]])$conf.int
  cp2 <- binom.test(k[["x2"]], k[["n2"]])$conf.int
  nd <- newcombe(k[["x1"]], k[["n1"]], k[["x2"]], k[["n2"]])
  list(x1 = k[["x1"]], n1 = k[["n1"]], x2 = k[["x2"]], n2 = k[["n2"]],
       cp1 = as.numeric(cp1), cp2 = as.numeric(cp2),
       diff = nd[1], diff_lower = nd[2], diff_upper = nd[3])
})
doc <- list(r_version = R.version.string,
            call = paste("binom.test(x, n)$conf.int; Newcombe hybrid score from",
                         "prop.test(x, n, correct = FALSE)$conf.int"),
            tolerance = list(relative = 1e-9, absolute = 1e-12),
            cases = out)
writeLines(toJSON(doc, auto_unbox = TRUE, digits = I(17), pretty = TRUE),
           "tests/fixtures/clinical/response_arms.json")

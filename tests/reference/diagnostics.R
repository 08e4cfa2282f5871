# Reference fixtures for pioneer's diagnostics (src/diagnostics: ROC, DeLong,
# Youden, maxstat, test performance). Run from the repository root:
#   Rscript tests/reference/diagnostics.R
# Writes tests/fixtures/diagnostics/lung_dead1y.csv (the input: survival's
# lung data with a real binary outcome, death within one year, NA when
# censored before a year) and diagnostics.json (R calls, package versions
# and expected values; full double precision).
suppressPackageStartupMessages({
  library(pROC); library(maxstat); library(survival); library(jsonlite)
})
shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
outdir <- "tests/fixtures/diagnostics"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
lung <- read.csv(file.path(shared, "survival/lung.csv"))
lung$dead1y <- ifelse(lung$status == 2 & lung$time <= 365, 1L,
                      ifelse(lung$time > 365, 0L, NA_integer_))
data <- lung[, c("time", "status", "age", "sex", "ph.karno", "wt.loss", "meal.cal", "dead1y")]
write.csv(data, file.path(outdir, "lung_dead1y.csv"), row.names = FALSE, na = "")

roc_case <- function(marker, direction = "auto", rows = NULL) {
  d <- data[!is.na(data$dead1y) & !is.na(data[[marker]]), ]
  if (!is.null(rows)) d <- rows
  r <- roc(d$dead1y, d[[marker]], levels = c(0, 1), direction = direction, quiet = TRUE)
  ci <- ci.auc(r, method = "delong")
  best <- coords(r, "best", best.method = "youden", transpose = FALSE)
  list(call = sprintf("roc(dead1y, %s, levels = c(0, 1), direction = \"%s\"); ci.auc(method = \"delong\"); coords(\"best\", best.method = \"youden\")", marker, direction),
       marker = marker, n_cases = length(r$cases), n_controls = length(r$controls),
       direction = r$direction, auc = as.numeric(r$auc), auc_lower = ci[1], auc_upper = ci[3],
       auc_var = var(r), youden_threshold = I(best$threshold),
       youden_sensitivity = best$sensitivity, youden_specificity = best$specificity,
       n_youden_ties = nrow(best))
}

complete <- data[!is.na(data$dead1y) & !is.na(data$ph.karno) & !is.na(data$meal.cal), ]
r1 <- roc(complete$dead1y, complete$ph.karno, levels = c(0, 1), direction = "auto", quiet = TRUE)
r2 <- roc(complete$dead1y, complete$meal.cal, levels = c(0, 1), direction = "auto", quiet = TRUE)
t <- roc.test(r1, r2, method = "delong", paired = TRUE)
paired <- list(call = "roc.test(roc(dead1y, ph.karno), roc(dead1y, meal.cal), method = \"delong\", paired = TRUE) on rows complete for both",
               n = nrow(complete), auc1 = as.numeric(r1$auc), auc2 = as.numeric(r2$auc),
               direction1 = r1$direction, direction2 = r2$direction,
               z = unname(t$statistic), p = t$p.value)

maxstat_case <- function(marker) {
  d <- data[!is.na(data[[marker]]), ]
  m <- maxstat.test(as.formula(sprintf("Surv(time, status) ~ %s", marker)), data = d,
                    smethod = "LogRank", pmethod = "Lau92", minprop = 0.1, maxprop = 0.9)
  list(call = sprintf("maxstat.test(Surv(time, status) ~ %s, smethod = \"LogRank\", pmethod = \"Lau92\", minprop = 0.1, maxprop = 0.9)", marker),
       marker = marker, n = nrow(d), cutpoint = unname(m$estimate), statistic = unname(m$statistic),
       p = m$p.value, cuts = unname(m$cuts), stats = unname(m$stats))
}

# Test performance at a fixed threshold (positive: wt.loss >= 10), exact CIs.
perf <- local({
  d <- data[!is.na(data$dead1y) & !is.na(data$wt.loss), ]
  pos <- d$wt.loss >= 10
  tp <- sum(pos & d$dead1y == 1); fp <- sum(pos & d$dead1y == 0)
  tn <- sum(!pos & d$dead1y == 0); fn <- sum(!pos & d$dead1y == 1)
  bt <- function(x, n) { b <- binom.test(x, n); c(unname(b$estimate), b$conf.int) }
  list(call = "binom.test on the 2x2 table of wt.loss >= 10 vs dead1y (Clopper-Pearson)",
       threshold = 10, tp = tp, fp = fp, tn = tn, fn = fn,
       sensitivity = bt(tp, tp + fn), specificity = bt(tn, tn + fp),
       ppv = bt(tp, tp + fp), npv = bt(tn, tn + fn))
})

out <- list(
  r_version = R.version.string,
  packages = list(pROC = as.character(packageVersion("pROC")),
                  maxstat = as.character(packageVersion("maxstat")),
                  survival = as.character(packageVersion("survival"))),
  input = "tests/fixtures/diagnostics/lung_dead1y.csv",
  tolerance = "relative 1e-9, absolute floor 1e-12",
  roc = list(ph.karno = roc_case("ph.karno"), age = roc_case("age"),
             meal.cal = roc_case("meal.cal"), wt.loss_less = roc_case("wt.loss", "<"),
             ph.karno_less = roc_case("ph.karno", "<")),
  paired = paired,
  maxstat = list(age = maxstat_case("age"), ph.karno = maxstat_case("ph.karno"),
                 meal.cal = maxstat_case("meal.cal")),
  performance = perf)
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), pretty = TRUE),
           file.path(outdir, "diagnostics.json"))

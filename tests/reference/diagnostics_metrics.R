# Reference fixtures for pioneer's prediction metrics (src/diagnostics/
# metrics.h): Harrell's and Uno's C (survival::concordance), Brier score,
# calibration intercept/slope (glm), grouped calibration curve and
# decision-curve net benefit (by formula: no Debian package implements
# them). Run from the repository root:
#   Rscript tests/reference/diagnostics_metrics.R
# Writes tests/fixtures/diagnostics/metrics.json: the inputs (taken from
# survival's lung) and the expected values, full double precision.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
lung <- read.csv(file.path(shared, "survival/lung.csv"))

# --- concordance: a Cox linear predictor (continuous) and ph.ecog (ties) ---
s <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
s$event <- as.integer(s$status == 2)
s$lp <- predict(coxph(Surv(time, event) ~ age + sex + ph.ecog, data = s), type = "lp")
conc <- function(risk, timewt, ymax = NULL) {
  f <- concordance(Surv(s$time, s$event) ~ risk, reverse = TRUE, timewt = timewt, ymax = ymax)
  list(call = sprintf("concordance(Surv(time, event) ~ risk, reverse = TRUE, timewt = \"%s\"%s)", timewt,
                      if (is.null(ymax)) "" else sprintf(", ymax = %g", ymax)),
       c = unname(f$concordance), concordant = unname(f$count["concordant"]),
       discordant = unname(f$count["discordant"]), tied_x = unname(f$count["tied.x"]))
}
concordance_cases <- list(
  harrell_lp = c(conc(s$lp, "n"), risk = "lp", tau = NA),
  harrell_ecog = c(conc(s$ph.ecog, "n"), risk = "ph.ecog", tau = NA),
  uno_lp = c(conc(s$lp, "n/G2"), risk = "lp", tau = NA),
  uno_lp_tau365 = c(conc(s$lp, "n/G2", 365), risk = "lp", tau = 365),
  uno_ecog_tau500 = c(conc(s$ph.ecog, "n/G2", 500), risk = "ph.ecog", tau = 500))

# --- the CLI case: age on all 228 rows of tests/fixtures/diagnostics/lung_dead1y.csv ---
cli_case <- local({
  ev <- as.integer(lung$status == 2)
  h <- concordance(Surv(lung$time, ev) ~ lung$age, reverse = TRUE)
  u <- concordance(Surv(lung$time, ev) ~ lung$age, reverse = TRUE, timewt = "n/G2", ymax = 365)
  list(call = "concordance(Surv(time, status == 2) ~ age, reverse = TRUE[, timewt = \"n/G2\", ymax = 365])",
       input = "tests/fixtures/diagnostics/lung_dead1y.csv", harrell_c = unname(h$concordance), uno_c_tau365 = unname(u$concordance))
})

# --- binary: death within a year, a deliberately miscalibrated probability ---
lung$dead1y <- ifelse(lung$status == 2 & lung$time <= 365, 1L, ifelse(lung$time > 365, 0L, NA_integer_))
b <- lung[complete.cases(lung[, c("dead1y", "age", "sex", "ph.karno", "wt.loss")]), ]
fit <- glm(dead1y ~ age + sex + ph.karno + wt.loss, family = binomial, data = b)
b$p <- plogis(-0.2 + 0.7 * qlogis(fitted(fit)))
b$p_tied <- round(b$p, 1)
y <- b$dead1y
calib <- function(p) {
  lp <- qlogis(p)
  list(intercept = unname(coef(glm(y ~ offset(lp), family = binomial))[1]),
       slope = unname(coef(glm(y ~ lp, family = binomial))[2]))
}
curve <- function(p, g = 10) {
  grp <- cut(p, unique(quantile(p, seq(0, 1, length.out = g + 1))), include.lowest = TRUE)
  do.call(rbind, lapply(split(seq_along(p), grp), function(i) {
    ci <- prop.test(sum(y[i]), length(i), correct = FALSE)$conf.int
    data.frame(n = length(i), events = sum(y[i]), mean_predicted = mean(p[i]), observed = mean(y[i]),
               observed_lower = ci[1], observed_upper = ci[2])
  }))
}
thresholds <- (1:19) / 20  # exact k/20: p_tied values equal to a threshold are ties (p >= pt counts them)
nb <- function(p) {
  n <- length(y); prev <- mean(y)
  data.frame(threshold = thresholds,
             tp = sapply(thresholds, function(t) sum(p >= t & y == 1)),
             fp = sapply(thresholds, function(t) sum(p >= t & y == 0)),
             net_benefit = sapply(thresholds, function(t) sum(p >= t & y == 1) / n - sum(p >= t & y == 0) / n * t / (1 - t)),
             treat_all = prev - (1 - prev) * thresholds / (1 - thresholds))
}

out <- list(
  r_version = R.version.string,
  packages = list(survival = as.character(packageVersion("survival"))),
  tolerance = "relative 1e-9, absolute floor 1e-12 (values written at full precision, digits = NA)",
  survival = list(time = s$time, event = s$event, lp = unname(s$lp), ph.ecog = s$ph.ecog),
  concordance = concordance_cases,
  concordance_cli = cli_case,
  binary = list(y = y, p = unname(b$p), p_tied = unname(b$p_tied)),
  brier = list(call = "mean((p - y)^2)", p = mean((b$p - y)^2), p_tied = mean((b$p_tied - y)^2)),
  calibration = list(call = "glm(y ~ offset(qlogis(p)), binomial); glm(y ~ qlogis(p), binomial)", p = calib(b$p)),
  calibration_curve = list(call = "cut(p, unique(quantile(p, 0:10/10)), include.lowest = TRUE); prop.test(correct = FALSE) CI",
                           p = curve(b$p), p_tied = curve(b$p_tied)),
  decision_curve = list(call = "NB = TP/n - FP/n * pt/(1 - pt), positive when p >= pt; treat all = prev - (1 - prev) pt/(1 - pt)",
                        p = nb(b$p), p_tied = nb(b$p_tied)))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, dataframe = "columns", na = "null"),
           "tests/fixtures/diagnostics/metrics.json")

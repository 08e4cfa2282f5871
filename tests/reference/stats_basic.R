#!/usr/bin/env Rscript
# Reference values for src/stats (basic tests, GLM, resampling), written to
# tests/fixtures/stats/basic.json. Run from the repository root:
#   Rscript tests/reference/stats_basic.R
# Needs R >= 4.2 with jsonlite and boot (scripts/setup-reference.sh).
# Every case records the exact R call that produced it. Numbers are written
# with 15 significant digits (jsonlite digits = NA), so the C++ tests compare
# with relative tolerance 1e-9 and absolute floor 1e-12 (see "tolerance").
suppressPackageStartupMessages({ library(jsonlite); library(boot) })

icb_path <- "../shared/data/icb/chowell2022_msk_icb_train.tsv"
lung_path <- "../shared/data/survival/lung.csv"
icb <- read.delim(icb_path, check.names = FALSE)
lung <- read.csv(lung_path)
nsclc <- icb[icb$CancerType == "NSCLC", ]

cases <- list()
add <- function(name, call, value) {
  cases[[name]] <<- c(list(call = call), value)
}
htest <- function(h) {
  out <- list(statistic = unname(h$statistic), p_value = h$p.value)
  if (!is.null(h$parameter)) out$parameter <- unname(h$parameter)
  if (!is.null(h$conf.int)) out$conf_int <- as.numeric(h$conf.int)
  if (!is.null(h$estimate)) out$estimate <- unname(h$estimate)
  out
}
run <- function(name, expr_text, extra = list()) {
  h <- suppressWarnings(eval(parse(text = expr_text)))
  add(name, expr_text, c(htest(h), extra))
}

## Logistic regression (glm binomial, IRLS)
glm_case <- function(name, call) {
  fit <- suppressWarnings(eval(parse(text = call)))
  s <- summary(fit)$coefficients
  ci <- confint.default(fit)
  eps <- 10 * .Machine$double.eps
  add(name, call, list(  # I(): keep length-1 vectors as JSON arrays
    n = length(fit$y), terms = I(rownames(s)),
    coefficients = I(unname(s[, 1])), std_errors = I(unname(s[, 2])),
    z = I(unname(s[, 3])), p_values = I(unname(s[, 4])),
    ci_lower = I(unname(ci[, 1])), ci_upper = I(unname(ci[, 2])),
    null_deviance = fit$null.deviance, deviance = fit$deviance,
    aic = fit$aic, iterations = fit$iter, converged = fit$converged,
    separation = any(fit$fitted.values > 1 - eps | fit$fitted.values < eps)))
}
glm_case("glm_nsclc",
  "glm(Response ~ TMB + NLR + Albumin + Age, family = binomial, data = nsclc)")
glm_case("glm_nsclc_pdl1_na",
  "glm(Response ~ TMB + `PDL1_TPS(%)` + Age, family = binomial, data = nsclc)")
glm_case("glm_all_sex",
  "glm(Response ~ Sex + log(TMB + 1) + Albumin, family = binomial, data = icb)")
glm_case("glm_single", "glm(y ~ 1, family = binomial, data = data.frame(y = 1))")
glm_case("glm_separation",
  "glm(y ~ x, family = binomial, data = data.frame(x = c(1, 2, 3, 4, 5, 6), y = c(0, 0, 0, 1, 1, 1)))")

## Proportions
resp <- sum(nsclc$Response); n_nsclc <- nrow(nsclc)
cases$counts <- list(nsclc_responders = resp, nsclc_n = n_nsclc)
run("binom_nsclc", sprintf("binom.test(%d, %d, p = 0.2)", resp, n_nsclc))
run("binom_nsclc_less", sprintf("binom.test(%d, %d, p = 0.3, alternative = 'less', conf.level = 0.9)", resp, n_nsclc))
run("binom_zero", "binom.test(0, 12, p = 0.1)")
run("binom_all", "binom.test(7, 7, p = 0.5)")
run("binom_small", "binom.test(3, 17, p = 0.35)")
run("wilson_nsclc", sprintf("prop.test(%d, %d, p = 0.2, correct = FALSE)", resp, n_nsclc))
run("wilson_zero", "prop.test(0, 12, p = 0.1, correct = FALSE)")
run("prop_yates", "prop.test(3, 17, p = 0.35, correct = TRUE)")

## Contingency tables
tab_tmb <- table(factor(nsclc$TMB >= 10, c(TRUE, FALSE)), factor(nsclc$Response, c(1, 0)))
cases$table_tmb10 <- list(call = "table(TMB >= 10 (TRUE, FALSE), Response (1, 0)) on NSCLC",
                          counts = as.vector(t(tab_tmb)))
run("fisher_tmb10", "fisher.test(tab_tmb)")
run("fisher_tmb10_less", "fisher.test(tab_tmb, alternative = 'less', conf.level = 0.9)")
run("fisher_tmb10_greater", "fisher.test(tab_tmb, alternative = 'greater')")
run("fisher_zero_cell", "fisher.test(matrix(c(0, 5, 7, 3), 2, byrow = TRUE))")
run("fisher_small", "fisher.test(matrix(c(3, 1, 1, 3), 2, byrow = TRUE))")
tab_sex_ecog <- table(lung$sex, lung$ph.ecog)
cases$table_lung_sex_ecog <- list(call = "table(lung$sex, lung$ph.ecog)",
                                  rows = nrow(tab_sex_ecog), counts = as.vector(t(tab_sex_ecog)))
run("fisher_rxc_lung", "fisher.test(tab_sex_ecog)")
run("fisher_rxc_small", "fisher.test(matrix(c(2, 0, 3, 1, 4, 0, 0, 3, 1), 3, byrow = TRUE))")
run("chisq_tmb10_yates", "chisq.test(tab_tmb)")
run("chisq_tmb10_pearson", "chisq.test(tab_tmb, correct = FALSE)")
run("chisq_lung", "chisq.test(tab_sex_ecog)")

## Rank tests
run("wilcox_tmb_response", "wilcox.test(TMB ~ Response, data = nsclc)")
run("wilcox_tmb_response_less", "wilcox.test(TMB ~ Response, data = nsclc, alternative = 'less', correct = FALSE)")
sub_r <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
sub_n <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
xs <- nsclc$NLR[nsclc$Response == 1][1:12]; ys <- nsclc$NLR[nsclc$Response == 0][1:15]
cases$wilcox_small_data <- list(x = xs, y = ys)
run("wilcox_exact_nlr", "wilcox.test(xs, ys, conf.int = TRUE)")
run("wilcox_exact_nlr_greater", "wilcox.test(xs, ys, alternative = 'greater')")
run("kruskal_nlr_cancer", "kruskal.test(NLR ~ CancerType, data = icb)")
run("kruskal_lung_ecog", "kruskal.test(age ~ ph.ecog, data = lung)")

## Correlation
run("pearson_tmb_nlr", "cor.test(nsclc$TMB, nsclc$NLR)")
run("pearson_tmb_pdl1_na", "cor.test(nsclc$TMB, nsclc$`PDL1_TPS(%)`, alternative = 'greater', conf.level = 0.9)")
run("spearman_tmb_nlr", "cor.test(nsclc$TMB, nsclc$NLR, method = 'spearman')")
run("spearman_lung_age_wt_exact_false", "cor.test(lung$age, lung$meal.cal, method = 'spearman', exact = FALSE)")
xe <- nsclc$Age[1:30]; ye <- nsclc$Albumin[1:30] + nsclc$Age[31:60] / 1000
cases$spearman_exact_data <- list(x = xe, y = ye)
run("spearman_exact_n30", "cor.test(xe, ye, method = 'spearman')")
run("spearman_exact_n30_less", "cor.test(xe, ye, method = 'spearman', alternative = 'less')")
run("spearman_exact_n8", "cor.test(xe[1:8], ye[1:8], method = 'spearman')")
run("spearman_exact_n8_greater", "cor.test(xe[1:8], ye[1:8], method = 'spearman', alternative = 'greater')")

## t tests
run("welch_albumin_response", "t.test(Albumin ~ Response, data = nsclc)")
run("student_albumin_response", "t.test(Albumin ~ Response, data = nsclc, var.equal = TRUE)")
run("welch_lung_age_sex_less", "t.test(age ~ sex, data = lung, alternative = 'less', conf.level = 0.9)")
run("onesample_albumin", "t.test(nsclc$Albumin, mu = 3.8)")

## Multiple testing: the p-values of the tests above (one NA to check its handling)
pv <- sapply(c("wilcox_tmb_response", "fisher_tmb10", "kruskal_nlr_cancer", "pearson_tmb_nlr",
               "spearman_tmb_nlr", "welch_albumin_response", "chisq_lung", "binom_small",
               "fisher_rxc_lung", "welch_lung_age_sex_less"), function(k) cases[[k]]$p_value)
pv <- c(unname(pv), NA, 0.04, 0.04)
padj <- list(call = "p.adjust(p, method) for each method; p = p-values above, NA, 0.04, 0.04", p = pv)
for (m in c("bonferroni", "holm", "hochberg", "BH", "BY")) padj[[m]] <- p.adjust(pv, m)
cases$p_adjust <- padj

## Bootstrap (boot 1.3): ratio of means, replicates exported so that the
## C++ interval code is checked on exactly these draws.
set.seed(20240601)
lung_bw <- lung[complete.cases(lung$wt.loss, lung$meal.cal), c("wt.loss", "meal.cal")]
ratio <- function(d, i) mean(d$meal.cal[i]) / mean(d$wt.loss[i] + 30)
b <- boot(lung_bw, ratio, R = 999)
jack <- sapply(seq_len(nrow(lung_bw)), function(i) ratio(lung_bw, -i))
L <- empinf(b, type = "jack")
ci <- boot.ci(b, conf = 0.9, type = c("perc", "bca"), L = L)
cases$boot_ratio <- list(
  call = "boot(lung_bw, ratio, R = 999); boot.ci(b, conf = 0.9, type = c('perc', 'bca'), L = empinf(b, type = 'jack'))",
  t0 = b$t0, t = as.vector(b$t), jackknife = jack,
  percentile = ci$percent[4:5], bca = ci$bca[4:5])

## Distribution functions (Boost.Math vs R), including far tails
dist_calls <- c(
  "pnorm(-1.96)", "pnorm(-37.5)", "pnorm(8.5, lower.tail = FALSE)", "qnorm(0.975)", "qnorm(1e-300)",
  "pt(-2.5, 7.3)", "pt(40, 3, lower.tail = FALSE)", "qt(0.995, 2.5)",
  "pchisq(62.9, 15, lower.tail = FALSE)", "pchisq(400, 3, lower.tail = FALSE)", "pchisq(0.001, 2)",
  "qbeta(0.025, 3, 15)", "dbinom(3, 17, 0.35)", "pbinom(87, 331, 0.2, lower.tail = FALSE)",
  "dhyper(34, 87, 244, 96, log = TRUE)", "phyper(20, 87, 244, 96)", "phyper(33, 87, 244, 96, lower.tail = FALSE)")
cases$distributions <- list(call = "each entry of calls",
  calls = dist_calls, values = sapply(dist_calls, function(x) eval(parse(text = x)), USE.NAMES = FALSE))

fixture <- list(
  source = "tests/reference/stats_basic.R",
  r_version = R.version.string,
  packages = list(jsonlite = as.character(packageVersion("jsonlite")),
                  boot = as.character(packageVersion("boot"))),
  data = list(icb = icb_path, lung = lung_path),
  tolerance = list(relative = 1e-9, absolute = 1e-12),
  cases = cases)
writeLines(toJSON(fixture, digits = NA, na = "string", auto_unbox = TRUE, pretty = TRUE),
           "tests/fixtures/stats/basic.json")
cat("wrote tests/fixtures/stats/basic.json with", length(cases), "cases\n")

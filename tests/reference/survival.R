# Reference fixtures for pioneer's survival analyses (src/stats: km, logrank,
# cox, rmst). Run from the repository root: Rscript tests/reference/survival.R
# Writes tests/fixtures/stats/survival_<case>.json. Each fixture records the R
# and survival versions, the exact R call, the tolerance, the input (a shared
# data file or inline data) and the expected result in pioneer's JSON layout
# (docs/stats-json.md). Numbers are printed with 17 significant digits;
# non-finite values as the strings "NA", "NaN", "Inf", "-Inf".
suppressPackageStartupMessages(library(survival))

shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
outdir <- "tests/fixtures/stats"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
lung <- read.csv(file.path(shared, "survival/lung.csv"))
veteran <- read.csv(file.path(shared, "survival/veteran.csv"))

# ---- a minimal JSON writer with 17 significant digits ----------------------
arr <- function(x) structure(x, class = c("arr", class(x)))
num_json <- function(v) {
  if (is.na(v)) return(if (is.nan(v)) "\"NaN\"" else "\"NA\"")
  if (is.infinite(v)) return(if (v > 0) "\"Inf\"" else "\"-Inf\"")
  sprintf("%.17g", v)
}
to_json <- function(x) {
  if (is.null(x)) return("null")
  is_arr <- inherits(x, "arr")
  if (is_arr) class(x) <- setdiff(class(x), "arr")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      body <- mapply(function(k, v) paste0("\"", k, "\": ", to_json(v)), names(x), x)
      return(paste0("{", paste(body, collapse = ", "), "}"))
    }
    return(paste0("[", paste(vapply(x, to_json, ""), collapse = ", "), "]"))
  }
  one <- if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
         else if (is.character(x)) paste0("\"", gsub("\"", "\\\\\"", x), "\"")
         else vapply(as.numeric(x), num_json, "")
  if (length(x) == 1 && !is_arr) one else paste0("[", paste(one, collapse = ", "), "]")
}
meta <- list(r_version = R.version.string,
             survival_version = as.character(packageVersion("survival")),
             tolerance = list(relative = 1e-9, absolute = 1e-12))
write_fixture <- function(name, call, input, expected, tolerance = NULL) {
  fx <- c(meta, list(call = call, input = input, expected = expected))
  if (!is.null(tolerance)) fx$tolerance <- tolerance
  writeLines(to_json(fx), file.path(outdir, paste0("survival_", name, ".json")))
}
pval <- function(stat, df) pchisq(stat, df, lower.tail = FALSE)

# ---- Kaplan-Meier -----------------------------------------------------------
# std_err is the standard error of S(t) as summary.survfit reports it
# (fit$std.err is that of the cumulative hazard; std_err = fit$std.err * surv).
km_stratum <- function(z, group, times) {
  q <- quantile(z, c(0.25, 0.5, 0.75))
  s <- summary(z, times = times)
  list(group = group, n = z$n, time = arr(z$time), n_risk = arr(z$n.risk),
       n_event = arr(z$n.event), n_censor = arr(z$n.censor), surv = arr(z$surv),
       std_err = arr(z$std.err * z$surv), lower = arr(z$lower), upper = arr(z$upper),
       median = unname(q$quantile[2]), median_lower = unname(q$lower[2]),
       median_upper = unname(q$upper[2]),
       quantiles = lapply(1:3, function(i) list(p = c(0.25, 0.5, 0.75)[i],
         time = unname(q$quantile[i]), lower = unname(q$lower[i]), upper = unname(q$upper[i]))),
       at_times = lapply(seq_along(s$time), function(i) list(time = s$time[i],
         n_risk = s$n.risk[i], surv = s$surv[i], std_err = s$std.err[i],
         lower = s$lower[i], upper = s$upper[i])))
}
km_expected <- function(fit, levels, conf_type, times) {
  strata <- if (is.null(fit$strata)) list(km_stratum(fit, "all", times))
            else lapply(seq_along(fit$strata), function(i) km_stratum(fit[i], levels[i], times))
  list(conf_type = conf_type, conf_level = 0.95, strata = strata)
}
km_case <- function(name, data_file, df, group, conf_type, times, levels = NULL) {
  rhs <- if (is.null(group)) "1" else group
  call <- sprintf("survfit(Surv(time, status) ~ %s, data = %s, conf.type = \"%s\")",
                  rhs, data_file, conf_type)
  fit <- survfit(as.formula(paste("Surv(time, status) ~", rhs)), data = df, conf.type = conf_type)
  if (is.null(levels) && !is.null(group)) levels <- as.character(sort(unique(df[[group]])))
  input <- list(data = paste0("survival/", data_file, ".csv"), time = "time", event = "status",
                group = group, times = arr(times))
  write_fixture(name, call, input, km_expected(fit, levels, conf_type, times))
}
for (ct in c("log", "log-log", "plain")) {
  tag <- gsub("-", "", ct)
  km_case(paste0("km_lung_overall_", tag), "lung", lung, NULL, ct, c(180, 365, 730))
  km_case(paste0("km_lung_sex_", tag), "lung", lung, "sex", ct, c(180, 365, 730))
}

# ---- log-rank (survdiff) ----------------------------------------------------
# Test for trend: score (O - E) weighted by the group scores, variance from
# survdiff's var matrix (w' V w), 1 df.
logrank_case <- function(name, data_file, df, group, strata = NULL, rho = 0, scores = NULL) {
  rhs <- if (is.null(strata)) group else sprintf("%s + strata(%s)", group, strata)
  f <- as.formula(paste("Surv(time, status) ~", rhs))
  fit <- survdiff(f, data = df, rho = rho)
  call <- sprintf("survdiff(Surv(time, status) ~ %s, data = %s, rho = %g)", rhs, data_file, rho)
  o <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
  e <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  df_ <- sum(e > 0) - 1
  levels <- as.character(sort(unique(df[[group]])))
  w <- if (is.null(scores)) seq_along(levels) else scores
  u <- sum(w * (o - e)); v <- drop(t(w) %*% fit$var %*% w)
  trend <- list(chisq = u^2 / v, df = 1, p = pval(u^2 / v, 1))
  exp <- list(rho = rho, groups = arr(levels), n = arr(as.numeric(fit$n)), observed = arr(o),
              expected = arr(e), chisq = fit$chisq, df = df_, p = pval(fit$chisq, df_),
              trend = trend)
  input <- list(data = paste0("survival/", data_file, ".csv"), time = "time", event = "status",
                group = group, strata = strata, rho = rho)
  write_fixture(name, call, input, exp)
}
logrank_case("logrank_lung_sex_rho0", "lung", lung, "sex", rho = 0)
logrank_case("logrank_lung_sex_rho1", "lung", lung, "sex", rho = 1)
logrank_case("logrank_veteran_trt_strata_celltype", "veteran", veteran, "trt", "celltype")
logrank_case("logrank_lung_ecog_trend", "lung", lung[!is.na(lung$ph.ecog), ], "ph.ecog",
             scores = c(0, 1, 2, 3))

# ---- Cox proportional hazards (coxph, cox.zph, concordance) ----------------
cox_expected <- function(fit, names, transforms, term_names) {
  s <- summary(fit)$coefficients
  ci <- summary(fit)$conf.int
  warn <- attr(fit, "warnings")
  infinite <- rep(FALSE, length(names))
  m <- regmatches(warn, regexpr("variable +[0-9,]+", warn))
  if (length(m)) infinite[as.integer(strsplit(sub("variable +", "", m), ",")[[1]])] <- TRUE
  coefs <- lapply(seq_along(names), function(i) list(name = names[i], coef = s[i, 1],
    se = s[i, 3], z = s[i, 4], p = s[i, 5], hr = s[i, 2], hr_lower = ci[i, 3],
    hr_upper = ci[i, 4], possibly_infinite = infinite[i]))
  k <- length(names)
  lr <- 2 * (fit$loglik[2] - fit$loglik[1])
  out <- list(n = fit$n, n_event = fit$nevent, ties = fit$method, coefficients = coefs,
       loglik = arr(fit$loglik), lr_test = list(stat = lr, df = k, p = pval(lr, k)),
       wald_test = list(stat = unname(fit$wald.test), df = k, p = pval(fit$wald.test, k)),
       score_test = list(stat = unname(fit$score), df = k, p = pval(fit$score, k)),
       concordance = list(value = unname(fit$concordance["concordance"]),
                          se = unname(fit$concordance["std"])),
       iterations = fit$iter, converged = !any(grepl("Ran out of iterations", warn)))
  zph <- lapply(transforms, function(tr) {
    z <- cox.zph(fit, transform = tr)$table
    nt <- nrow(z) - 1
    list(transform = tr, terms = lapply(1:nt, function(i) list(name = term_names[i],
         chisq = z[i, 1], df = z[i, 2], p = z[i, 3])),
         global = list(chisq = z[nt + 1, 1], df = z[nt + 1, 2], p = z[nt + 1, 3]))
  })
  list(fit = out, zph = zph)
}
fit_cox <- function(formula, dd, ties) {
  warn <- character(0)
  fit <- withCallingHandlers(do.call("coxph", list(formula = formula, data = dd, ties = ties)),
    warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  attr(fit, "warnings") <- warn
  fit
}
cox_case <- function(name, data_file, df, rhs, ties, input, names, term_names,
                     transforms = c("km", "rank", "identity")) {
  f <- as.formula(paste("Surv(time, status) ~", rhs))
  fit <- fit_cox(f, df, ties)
  call <- sprintf("coxph(Surv(time, status) ~ %s, data = %s, ties = \"%s\"); cox.zph(fit, transform = ...)",
                  rhs, data_file, ties)
  e <- cox_expected(fit, names, transforms, term_names)
  input$ties <- ties
  write_fixture(name, call, input, c(e$fit, list(zph = e$zph)))
}
lung_in <- list(data = "survival/lung.csv", time = "time", event = "status",
                covariates = arr(c("age", "sex", "ph.ecog")))
for (ties in c("efron", "breslow")) {
  cox_case(paste0("cox_lung_", ties), "lung", lung, "age + sex + ph.ecog", ties, lung_in,
           c("age", "sex", "ph.ecog"), c("age", "sex", "ph.ecog"))
}
vet_in <- list(data = "survival/veteran.csv", time = "time", event = "status",
               covariates = arr(c("trt", "karno", "age")), strata = "celltype")
cox_case("cox_veteran_strata", "veteran", veteran, "trt + karno + age + strata(celltype)",
         "efron", vet_in, c("trt", "karno", "age"), c("trt", "karno", "age"))
# A categorical covariate, treatment coding with reference "squamous".
vet2 <- veteran
vet2$celltype <- relevel(factor(vet2$celltype), ref = "squamous")
vet2_in <- list(data = "survival/veteran.csv", time = "time", event = "status",
                covariates = arr(c("trt", "celltype")), categorical = arr("celltype"),
                reference = list(celltype = "squamous"))
cox_case("cox_veteran_celltype", "veteran", vet2, "trt + celltype", "efron", vet2_in,
         c("trt", paste0("celltype", levels(vet2$celltype)[-1])), c("trt", "celltype"))

# ---- RMST (print.survfit rmean = tau) --------------------------------------
rmst_case <- function(name, tau) {
  fit <- survfit(Surv(time, status) ~ sex, data = lung)
  tab <- survival:::survmean(fit, rmean = tau)$matrix
  est <- tab[2, "rmean"] - tab[1, "rmean"]
  se <- sqrt(tab[1, "se(rmean)"]^2 + tab[2, "se(rmean)"]^2)
  z <- qnorm(0.975)
  exp <- list(tau = tau, conf_level = 0.95,
    groups = lapply(1:2, function(i) list(group = as.character(i), rmst = tab[i, "rmean"],
                                          se = tab[i, "se(rmean)"])),
    difference = list(estimate = est, se = se, lower = est - z * se, upper = est + z * se,
                      p = 2 * pnorm(-abs(est / se))))
  call <- sprintf("survival:::survmean(survfit(Surv(time, status) ~ sex, data = lung), rmean = %g); difference = group 2 - group 1, normal approximation", tau)
  input <- list(data = "survival/lung.csv", time = "time", event = "status", group = "sex", tau = tau)
  write_fixture(name, call, input, exp)
}
rmst_case("rmst_lung_sex_365", 365)
rmst_case("rmst_lung_sex_730", 730)


# ---- edge cases on small inline data sets -----------------------------------
inline_input <- function(df, ...) {
  cols <- lapply(df, function(v) arr(if (is.factor(v)) as.character(v) else v))
  c(list(inline = cols, time = "time", event = "status"), list(...))
}
km_inline <- function(name, df, group = NULL, conf_type = "log", times = numeric(0), levels = NULL) {
  rhs <- if (is.null(group)) "1" else group
  fit <- survfit(as.formula(paste("Surv(time, status) ~", rhs)), data = df, conf.type = conf_type)
  if (is.null(levels) && !is.null(group)) levels <- as.character(sort(unique(df[[group]])))
  call <- sprintf("survfit(Surv(time, status) ~ %s, data = inline, conf.type = \"%s\")", rhs, conf_type)
  write_fixture(name, call, inline_input(df, group = group, times = arr(times)),
                km_expected(fit, levels, conf_type, times))
}
logrank_inline <- function(name, df, group, levels, rho = 0) {
  fit <- survdiff(as.formula(paste("Surv(time, status) ~", group)), data = df, rho = rho)
  e <- fit$exp; o <- fit$obs; df_ <- sum(e > 0) - 1
  w <- seq_along(o); u <- sum(w * (o - e)); v <- drop(t(w) %*% fit$var %*% w)
  exp <- list(rho = rho, groups = arr(levels), n = arr(as.numeric(fit$n)), observed = arr(o),
              expected = arr(e), chisq = fit$chisq, df = df_, p = pval(fit$chisq, df_),
              trend = list(chisq = u^2 / v, df = 1, p = pval(u^2 / v, 1)))
  call <- sprintf("survdiff(Surv(time, status) ~ %s, data = inline, rho = %g)", group, rho)
  write_fixture(name, call, inline_input(df, group = group, rho = rho,
                                         group_levels = arr(levels(df[[group]]))), exp)
}
cox_inline <- function(name, df, covariates, ties, transforms = c("km", "rank", "identity"),
                       tolerance = NULL) {
  rhs <- paste(covariates, collapse = " + ")
  fit <- fit_cox(as.formula(paste("Surv(time, status) ~", rhs)), df, ties)
  e <- cox_expected(fit, covariates, transforms, covariates)
  call <- sprintf("coxph(Surv(time, status) ~ %s, data = inline, ties = \"%s\")", rhs, ties)
  write_fixture(name, call, inline_input(df, covariates = arr(covariates), ties = ties),
                c(e$fit, list(zph = e$zph)), tolerance)
}
set.seed(20240601)
all_censored <- data.frame(time = c(3, 5, 5, 8, 13), status = 0L, g = c("a", "b", "a", "b", "a"))
km_inline("edge_km_all_censored", all_censored, times = c(4, 10))
single <- data.frame(time = c(2, 4, 4, 7, 9, 12), status = c(0L, 0L, 1L, 0L, 0L, 0L),
                     g = c("a", "b", "a", "b", "a", "b"))
km_inline("edge_km_single_event", single, group = "g", times = c(3, 5))
logrank_inline("edge_logrank_single_event", transform(single, g = factor(g)), "g", c("a", "b"))
ties <- data.frame(time = sample(1:6, 80, replace = TRUE), status = rbinom(80, 1, 0.7),
                   g = sample(c("a", "b", "c"), 80, replace = TRUE), x = round(rnorm(80), 2),
                   z = rbinom(80, 1, 0.4))
km_inline("edge_km_heavy_ties", ties, group = "g", conf_type = "log-log", times = c(2, 4))
logrank_inline("edge_logrank_heavy_ties", transform(ties, g = factor(g)), "g", c("a", "b", "c"))
logrank_inline("edge_logrank_heavy_ties_rho1", transform(ties, g = factor(g)), "g",
               c("a", "b", "c"), rho = 1)
for (t in c("efron", "breslow")) cox_inline(paste0("edge_cox_heavy_ties_", t), ties, c("x", "z"), t)
empty <- data.frame(time = c(1, 2, 3, 4, 5, 6, 7, 8), status = c(1L, 0L, 1L, 1L, 0L, 1L, 1L, 1L),
                    g = factor(c("a", "b", "a", "b", "a", "b", "a", "b"), levels = c("a", "b", "c")))
logrank_inline("edge_logrank_empty_group", empty, "g", c("a", "b"))
# x = 1 always fails first: the partial likelihood is monotone in beta_x.
mono <- data.frame(time = 1:12, status = c(1L, 1L, 1L, 0L, 1L, 1L, 1L, 1L, 0L, 1L, 1L, 1L),
                   x = c(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0),
                   w = c(0.5, -1.2, 0.3, 2.1, -0.4, 0.9, 1.1, -0.7, 0.2, -1.5, 0.8, 0.0))
# The coefficient of x diverges: where Newton stops on the flat likelihood
# its value (about 22.6) and SE are determined only to ~1e-8 relative
# (information ~1e-9), so this fixture records a looser tolerance; the
# log-likelihood, tests, iteration count and flags still match tightly.
cox_inline("edge_cox_monotone", mono, c("x", "w"), "efron", transforms = character(0),
           tolerance = list(relative = 1e-6, absolute = 1e-12,
                            reason = "infinite coefficient: ill-conditioned at the stopping point"))
km_inline("edge_km_n1", data.frame(time = 5, status = 1L), times = c(5))
# R's timefix (aeqSurv): times equal up to ~1.5e-8 relative are one time.
# Months computed from days in two ways differ by rounding noise; 4/7 and
# 4/7 * (1 + 1e-7) stay distinct.
set.seed(20261129)
base <- rep(c(10, 20, 30, 40, 50, 60) / 7, each = 5)
noise <- rep(c(0, 1e-13, -2e-12, 3e-10, -5e-9), times = 6)
timefix <- data.frame(time = c(base * (1 + noise), 4 / 7 * (1 + 1e-7)),
                      status = c(rbinom(30, 1, 0.7), 1L),
                      g = c(rep(c("a", "b"), 15), "a"), x = round(rnorm(31), 2))
km_inline("edge_km_timefix", timefix, group = "g", times = c(3, 6))
logrank_inline("edge_logrank_timefix", transform(timefix, g = factor(g)), "g", c("a", "b"))
cox_inline("edge_cox_timefix_efron", timefix, c("x"), "efron")

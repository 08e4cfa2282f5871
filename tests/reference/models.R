# Reference fixtures for pioneer's elastic-net paths (src/models/glmnet.cc).
# Run from the repository root: Rscript tests/reference/models.R
# Writes tests/fixtures/models/lung_design.csv (survival's lung, complete
# cases of 7 clinical columns plus 5 standard-normal noise columns, seed 5)
# and glmnet.json: glmnet paths at tight convergence (thresh 1e-20) with
# their R calls and versions; glm binomial coefficients for the unpenalised
# case. lung_wide.csv: the same rows with 300 noise columns beside the 7
# clinical ones (p > n, seed 7), for Cox paths that run to saturation.
suppressPackageStartupMessages({ library(glmnet); library(survival); library(jsonlite) })
shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
outdir <- "tests/fixtures/models"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
lung <- read.csv(file.path(shared, "survival/lung.csv"))
clinical <- c("age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss")
d <- lung[complete.cases(lung[, clinical]), c("time", "status", clinical)]
d$dead1y <- ifelse(d$status == 2 & d$time <= 365, 1L, ifelse(d$time > 365, 0L, NA_integer_))
set.seed(5)
for (k in 1:5) d[[paste0("noise", k)]] <- round(rnorm(nrow(d)), 6)
write.csv(d, file.path(outdir, "lung_design.csv"), row.names = FALSE, na = "")
features <- c(clinical, paste0("noise", 1:5))

path_json <- function(fit, call, family, features = get("features", globalenv())) {
  b <- as.matrix(fit$beta)
  beta <- lapply(features, function(f) unname(b[f, ]))
  names(beta) <- features
  out <- list(call = call, lambda = fit$lambda, df = fit$df, dev_ratio = fit$dev.ratio,
              nulldev = fit$nulldev, beta = beta)
  if (family == "binomial") out$a0 <- unname(fit$a0)
  out
}
b <- d[!is.na(d$dead1y), ]
xb <- as.matrix(b[, features])
fit05 <- glmnet(xb, b$dead1y, family = "binomial", alpha = 0.5, thresh = 1e-20, maxit = 1e7)
fit1 <- glmnet(xb, b$dead1y, family = "binomial", alpha = 1, thresh = 1e-20, maxit = 1e7)
xc <- as.matrix(d[, features])
fitc <- glmnet(xc, Surv(d$time, d$status), family = "cox", alpha = 1, thresh = 1e-20, maxit = 1e7)
set.seed(7)
wide <- d[, c("time", "status", clinical)]
for (k in 1:300) wide[[paste0("w", k)]] <- round(rnorm(nrow(wide)), 4)
write.csv(wide, file.path(outdir, "lung_wide.csv"), row.names = FALSE)
wide_features <- setdiff(names(wide), c("time", "status"))
xw <- as.matrix(wide[, wide_features])
# With p > n glmnet's Cox solver (Newton steps with the diagonal of the
# Hessian) creeps: at thresh 1e-20 it gives up at lambda 74 after 1e7
# passes, at 1e-12 it takes about a minute and its coefficients still move
# by up to 1e-5 (df 15) to 1e-2 (saturated end) from those at 1e-10. So the
# test holds pioneer to the KKT conditions and to a penalised objective no
# worse than glmnet's at every lambda, not to glmnet's coefficients.
fitw <- glmnet(xw, Surv(wide$time, wide$status), family = "cox", alpha = 1, thresh = 1e-12, maxit = 1e7)
g <- glm(dead1y ~ ., family = binomial, data = b[, c("dead1y", features)])
out <- list(
  r_version = R.version.string,
  packages = list(glmnet = as.character(packageVersion("glmnet")), survival = as.character(packageVersion("survival"))),
  input = "tests/fixtures/models/lung_design.csv", features = features,
  tolerance = "1e-6 absolute on coefficients, dev.ratio and lambda (relative)",
  binomial_alpha05 = path_json(fit05, "glmnet(x, dead1y, family = \"binomial\", alpha = 0.5, thresh = 1e-20, maxit = 1e7) on rows with dead1y", "binomial"),
  binomial_alpha1 = path_json(fit1, "glmnet(x, dead1y, family = \"binomial\", alpha = 1, thresh = 1e-20, maxit = 1e7) on rows with dead1y", "binomial"),
  cox_lasso = path_json(fitc, "glmnet(x, Surv(time, status), family = \"cox\", alpha = 1, thresh = 1e-20, maxit = 1e7)", "cox"),
  wide_input = "tests/fixtures/models/lung_wide.csv", wide_features = wide_features,
  cox_wide_lasso = path_json(fitw, "glmnet(x_wide, Surv(time, status), family = \"cox\", alpha = 1, thresh = 1e-12, maxit = 1e7)", "cox", wide_features),
  glm_binomial = list(call = "glm(dead1y ~ ., family = binomial) on the same rows", coefficients = as.list(coef(g))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(outdir, "glmnet.json"))
cat(length(fit05$lambda), length(fit1$lambda), length(fitc$lambda), length(fitw$lambda),
    nrow(b), nrow(d), "\n")

# nlme's t tests of the in-vivo mixed model (src/invivo/mixed_model.cc):
# summary.lme's fixed-effects table (denominator df by nlme's containment
# rule) and anova.lme(fit, L = k) for the 2x2 interaction of the slopes, on
# the EMT6 study (Mariathasan et al. 2018, Fig. 4a; shared/data/invivo).
# Run from the repository root: Rscript tests/reference/invivo_nlme.R
# Writes tests/fixtures/invivo/emt6_nlme_t.json.
suppressPackageStartupMessages({ library(nlme); library(jsonlite) })
shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
d <- read.delim(file.path(shared, "invivo/mouse_mariathasan2018_emt6_antiPDL1_antiTGFb_tumor_volume_long.tsv"),
                stringsAsFactors = FALSE)
d <- d[d$sheet == "Fig4a", ]
arms <- c("Isotype", "aPD-L1", "aTGFb", "aPD-L1 + aTGFb")
d$arm <- factor(d$arm, levels = arms)
d$logv <- log(d$tumor_volume_mm3)
d <- d[order(d$mouse_id, d$day), ]
# The same call as tests/reference/invivo.R (the tight REML optimum).
lme_call <- "lme(logv ~ day * arm, random = ~ day | mouse_id, data = d, method = 'REML', control = lmeControl(opt = 'optim', optimMethod = 'BFGS', maxIter = 500, msMaxIter = 500, msTol = 1e-14, tolerance = 1e-12))"
fit <- eval(parse(text = lme_call))
tt <- summary(fit)$tTable
k <- setNames(rep(0, nrow(tt)), rownames(tt))
k["day:armaPD-L1 + aTGFb"] <- 1; k["day:armaPD-L1"] <- -1; k["day:armaTGFb"] <- -1
a <- anova(fit, L = k)
est <- sum(k * fixef(fit)); se <- sqrt(drop(t(k) %*% vcov(fit) %*% k))
out <- list(
  source = "Rscript tests/reference/invivo_nlme.R", call = lme_call,
  contrast_call = "anova(fit, L = k), k: day:armaPD-L1 + aTGFb - day:armaPD-L1 - day:armaTGFb",
  r_version = R.version.string, nlme_version = as.character(packageVersion("nlme")),
  tolerance = list(p_relative = 1e-6, t_relative = 1e-6),
  terms = rownames(tt), df = unname(tt[, "DF"]), t = unname(tt[, "t-value"]), p = unname(tt[, "p-value"]),
  synergy = list(estimate = est, se = se, t = est / se, df = a$denDF, F = a[["F-value"]], p = a[["p-value"]],
                 p_wald_z = 2 * pnorm(-abs(est / se))))
write(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/fixtures/invivo/emt6_nlme_t.json")
cat(sprintf("synergy t = %.4f, df = %d, p = %.6f (Wald z p = %.6f)\n", est / se, a$denDF, a[["p-value"]], out$synergy$p_wald_z))

# Reference fixture for LORIS (src/models/loris.cc; Chang et al., Nat Cancer 2024).
# Run from the repository root: Rscript tests/reference/models_loris.R
# The formula is recomputed here in plain R from the authors' parameter files
# (github.com/rootchang/LORIS@37d2865, code/12.Formula_LORIS.py and the
# 03.Results/*_ParamCalculate.txt files it reads; caps of code/09_1), on the
# Chowell 2022 test set (shared/data/icb). pROC gives the AUCs, DeLong CIs and
# the paired DeLong test (roc.test) of the NSCLC against the pan-cancer formula.
# Writes tests/fixtures/models/loris_chowell_test.json.
suppressPackageStartupMessages({ library(pROC); library(jsonlite) })
shared <- Sys.getenv("PIONEER_SHARED_DATA", "../shared/data")
d <- read.delim(file.path(shared, "icb/chowell2022_msk_icb_test.tsv"), check.names = FALSE)

loris <- function(x, mean, scale, coef, intercept) {
  x$TMB <- pmin(x$TMB, 50); x$NLR <- pmin(x$NLR, 25); x$Age <- pmin(x$Age, 85)
  lp <- intercept + as.vector(scale(as.matrix(x), center = mean, scale = scale) %*% coef)
  1 / (1 + exp(-lp))
}
nsclc_features <- c("TMB", "PDL1_TPS(%)", "Systemic_therapy_history", "Albumin", "NLR", "Age")
pan_features <- c("TMB", "Systemic_therapy_history", "Albumin", "NLR", "Age", paste0("CancerType", 1:16))
# 03.Results/6features/NSCLC/NSCLC_LLR6_10k_ParamCalculate.txt
nsclc <- loris(d[, nsclc_features],
  c(8.676819729729731, 29.23700598455599, 0.6048841698841699, 3.761631776061776, 6.152950671814672, 65.45816110596837),
  c(7.612383290516353, 37.574508589212186, 0.48867776679617636, 0.3969056580046004, 4.7177421006815505, 11.08141064972136),
  c(0.269059262257017, 0.4157279520070111, -0.18326364633170864, 0.11606752689892312, -0.048717840673429914, 0.0003119333464327597),
  -0.11763992822809)
# 03.Results/16features/NSCLC/NSCLC_LLR6_10k_ChowellTrain_ParamCalculate.txt
nsclc_train <- loris(d[, nsclc_features],
  c(8.549515259259259, 30.6585162962963, 0.6506977777777778, 3.72488962962963, 5.836287807407408, 64.8644555392333),
  c(7.392334714265647, 37.436647655069834, 0.47635239359890275, 0.3782870365411917, 4.308342170543016, 11.148459888319024),
  c(0.08153554580362218, 0.1430325916328104, -0.13651901041516393, 0.002492363708512665, -0.004512214963125412, 0.0002883527041885081),
  -0.04847093328583176)
# 03.Results/6features/PanCancer/PanCancer_LLR6_10k_ParamCalculate.txt
pan <- loris(d[, pan_features],
  c(9.716777081712063, 0.6628210116731518, 3.8107702853437098, 5.82983117769131, 61.77915035853618, 0.06745136186770426,
    0.012443579766536966, 0.02903527885862516, 0.02795875486381324, 0.024916083009079118, 0.04457431906614786,
    0.049724643320363165, 0.03736005188067444, 0.15770298313878078, 0.020714267185473405, 0.34339195849546034,
    0.023869130998702984, 0.015531258106355384, 0.07579260700389104, 0.03426614785992218, 0.03526757457846952),
  c(11.328696372559728, 0.47267618323799726, 0.45699569812950086, 4.847958197359801, 12.994999869678423, 0.25066793709819596,
    0.11054748845578428, 0.1677110056039683, 0.16464890797616266, 0.15565787392121944, 0.2062091309105248,
    0.21722406623668503, 0.1894718083462632, 0.36437137892826155, 0.14219449861425992, 0.4747722428170672,
    0.15242296273353362, 0.12338008189643467, 0.26454400847695786, 0.18172867441932644, 0.1842765251016699),
  c(0.4198017295808917, -0.41478186417656887, 0.2459757431269802, -0.15996409186850563, 0.06322956649386186,
    -0.08329195789821912, -0.036736738509569676, -0.01710908786788912, -0.0012984159329937448, 0.08560524817323387,
    0.04754705432804886, 0.01472418917464316, -0.02252969107302767, -0.0031179317348479486, 0.017846954071079307,
    0.00039883935343466604, -0.007931195899710423, -0.1378043023555157, 0.14420482282484126, 0.009850666572118883,
    -0.0006014179522931981),
  -0.13163023239124944)

auc_of <- function(r) { ci <- ci.auc(r, method = "delong"); list(auc = as.numeric(r$auc), lower = ci[1], upper = ci[3]) }
ns <- which(d$CancerType == "NSCLC" & !is.na(nsclc))
r_nsclc <- roc(d$Response[ns], nsclc[ns], levels = c(0, 1), direction = "<", quiet = TRUE)
r_pan <- roc(d$Response[ns], pan[ns], levels = c(0, 1), direction = "<", quiet = TRUE)
r_train <- roc(d$Response[ns], nsclc_train[ns], levels = c(0, 1), direction = "<", quiet = TRUE)
all_rows <- roc(d$Response, pan, levels = c(0, 1), direction = "<", quiet = TRUE)
test <- roc.test(r_nsclc, r_pan, method = "delong", paired = TRUE)
na_null <- function(v) ifelse(is.na(v), NA, v)
out <- list(
  source = "Rscript tests/reference/models_loris.R",
  r_version = R.version.string, pROC_version = as.character(packageVersion("pROC")),
  calls = c("roc(Response, score, levels = c(0, 1), direction = '<')", "ci.auc(r, method = 'delong')",
            "roc.test(r_nsclc, r_pan, method = 'delong', paired = TRUE)"),
  tolerance = list(score_relative = 1e-12, auc_absolute = 1e-12, p_relative = 1e-9),
  sample_id = d$SAMPLE_ID, nsclc = na_null(nsclc), nsclc_chowell_train = na_null(nsclc_train), pan_cancer = pan,
  nsclc_with_pdl1 = list(n = length(ns), n_positive = sum(d$Response[ns]), nsclc = auc_of(r_nsclc), pan_cancer = auc_of(r_pan),
                         nsclc_chowell_train = auc_of(r_train),
                         paired_delong = list(z = unname(test$statistic), p = test$p.value)),
  all_patients_pan_cancer = c(list(n = nrow(d)), auc_of(all_rows)))
write(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "tests/fixtures/models/loris_chowell_test.json")
cat(sprintf("LORIS-NSCLC AUC %.4f (%.4f-%.4f) on %d NSCLC test patients with PD-L1; pan-cancer %.4f; paired p %.4g\n",
            r_nsclc$auc, auc_of(r_nsclc)$lower, auc_of(r_nsclc)$upper, length(ns), r_pan$auc, test$p.value))

# Transportability (src/models/transport.cc) of the NSCLC Chowell-train
# patients (reference) to the NSCLC Chowell-test patients (external), on the
# six LORIS-NSCLC features; the model probability is LORIS pan-cancer.
# Writes tests/fixtures/models/transport_chowell_nsclc.json.
train <- read.delim(file.path(shared, "icb/chowell2022_msk_icb_train.tsv"), check.names = FALSE)
train <- train[train$CancerType == "NSCLC", ]
ext <- d[d$CancerType == "NSCLC", ]
p_ext <- pan[d$CancerType == "NSCLC"]
smd <- sapply(nsclc_features, function(f) {
  a <- train[[f]]; b <- ext[[f]]
  (mean(b, na.rm = TRUE) - mean(a, na.rm = TRUE)) / sqrt((var(a, na.rm = TRUE) + var(b, na.rm = TRUE)) / 2)
})
outside <- sapply(nsclc_features, function(f) {
  a <- train[[f]]; b <- ext[[f]][!is.na(ext[[f]])]
  mean(b < min(a, na.rm = TRUE) | b > max(a, na.rm = TRUE))
})
pooled <- rbind(train[, nsclc_features], ext[, nsclc_features])
design <- data.frame(row.names = seq_len(nrow(pooled)))
for (f in nsclc_features) {
  v <- pooled[[f]]
  if (length(unique(v[!is.na(v)])) > 1) design[[f]] <- ifelse(is.na(v), median(v, na.rm = TRUE), v)
  if (anyNA(v)) design[[paste0(f, "_missing")]] <- as.numeric(is.na(v))
}
member <- c(rep(0, nrow(train)), rep(1, nrow(ext)))
mfit <- glm(member ~ ., data = cbind(member = member, design), family = binomial)
mroc <- roc(member, fitted(mfit), levels = c(0, 1), direction = "<", quiet = TRUE)
mci <- ci.auc(mroc, method = "delong")
citl <- coef(glm(ext$Response ~ offset(qlogis(p_ext)), family = binomial))[[1]]
transport <- list(
  source = "Rscript tests/reference/models_loris.R", r_version = R.version.string,
  pROC_version = as.character(packageVersion("pROC")),
  calls = c("(mean(b) - mean(a)) / sqrt((var(a) + var(b)) / 2)", "glm(member ~ ., binomial); roc(member, fitted(mfit))",
            "glm(Response ~ offset(qlogis(p)), binomial)"),
  tolerance = list(relative = 1e-9, auc_absolute = 1e-10, coefficient_absolute = 1e-7),
  features = nsclc_features, smd = unname(smd), out_of_range_share = unname(outside),
  membership_terms = names(design), membership_auc = as.numeric(mroc$auc), membership_lower = mci[1], membership_upper = mci[3],
  calibration_in_the_large = citl)
write(toJSON(transport, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/fixtures/models/transport_chowell_nsclc.json")
cat(sprintf("membership AUC %.4f, calibration-in-the-large %.4f\n", mroc$auc, citl))

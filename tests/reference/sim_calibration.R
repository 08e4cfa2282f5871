# Calibration targets of the virtual trial (docs/SIMULATION.md §9), computed
# on the real MSK NSCLC immune-checkpoint cohort of Chowell et al., Nat
# Biotechnol 2022 (../shared/data/icb, train + test, CancerType == "NSCLC").
# R 4.2.2, survival 3.5-3. Run from the repository root:
#   Rscript tests/reference/sim_calibration.R
library(survival)
dir <- "../shared/data/icb"
d <- rbind(read.delim(file.path(dir, "chowell2022_msk_icb_train.tsv"), check.names = FALSE),
           read.delim(file.path(dir, "chowell2022_msk_icb_test.tsv"), check.names = FALSE))
d <- d[d$CancerType == "NSCLC", ]
names(d)[names(d) == "PDL1_TPS(%)"] <- "TPS"
d$tps_group <- cut(d$TPS, c(-1, 0.999, 49.999, 101), labels = c("<1", "1-49", ">=50"))
cat("patients:", nrow(d), "\n")
print(sapply(d[, c("TMB", "NLR", "Albumin", "Age")], median))
print(table(d$tps_group))
cat("ORR by TPS group:\n"); print(tapply(d$Response, d$tps_group, mean))
cat("ORR by drug (0 mono, 1 combination):\n"); print(tapply(d$Response, d$Drug, mean))
print(survfit(Surv(PFS_Months, PFS_Event) ~ Drug, d))
print(survfit(Surv(OS_Months, OS_Event) ~ Drug, d))
print(summary(glm(Response ~ tps_group + log2(TMB + 1) + log(NLR) + Albumin, binomial, d))$coef)
print(summary(coxph(Surv(OS_Months, OS_Event) ~ log(NLR) + Albumin + log2(TMB + 1), d))$coef)

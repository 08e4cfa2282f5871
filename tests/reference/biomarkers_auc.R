# AUC for response (R vs NR) of GEP-18, IFNG6, CYT and CD274 on the Limagne
# 2022 cohort, computed independently in R (the published formulas written
# out, wilcox.test W / (n1 n0)); src/biomarkers/tests/auc_limagne_test.cc
# checks pioneer's scores + screen against these numbers.
# Run from the repository root: Rscript tests/reference/biomarkers_auc.R
raw <- read.delim(file.path(Sys.getenv("PIONEER_SHARED_DATA", "../shared/data"), "expression/nsclc_limagne2022_antiPD1_rnaseq_expr_log2tpm.tsv"), check.names=FALSE)
X <- as.matrix(raw[,-1]); rownames(X) <- raw$gene
clin <- read.delim(file.path(Sys.getenv("PIONEER_SHARED_DATA", "../shared/data"), "expression/nsclc_limagne2022_antiPD1_rnaseq_clinical.tsv"))
tpm <- pmax(2^X - 0.001, 0); L <- log2(tpm + 1)
w <- c(CCL5=0.008346,CD27=0.072293,CD274=0.042853,CD276=-0.0239,CD8A=0.031021,CMKLR1=0.151253,CXCL9=0.074135,CXCR6=0.004313,`HLA-DQA1`=0.020091,`HLA-DRB1`=0.058806,`HLA-E`=0.07175,IDO1=0.060679,LAG3=0.123895,NKG7=0.075524,PDCD1LG2=0.003734,PSMB10=0.032999,STAT1=0.250229,TIGIT=0.084767)
hk <- c("STK11IP","ZBTB34","TBC1D10B","OAZ1","POLR2A","G6PD","ABCF1","NRDE2","UBB","TBP","SDHA")
cat("missing GEP:", setdiff(names(w), rownames(L)), " HK:", setdiff(hk, rownames(L)), "\n")
hkm <- colMeans(L[intersect(hk, rownames(L)),])
gep <- colSums(w[intersect(names(w),rownames(L))] * sweep(L[intersect(names(w),rownames(L)),], 2, hkm))
ifng <- colMeans(L[c("IFNG","STAT1","CXCL9","CXCL10","IDO1","HLA-DRA"),])
cyt <- exp(colMeans(log(tpm[c("GZMA","PRF1"),] + 0.01)))
cd274 <- X["CD274",]
resp <- clin$response[match(colnames(X), clin$sample_id)]
auc <- function(s) { k <- !is.na(resp); x <- s[k]; y <- resp[k]=="R"; w <- wilcox.test(x[y], x[!y], exact=FALSE); c(auc=unname(w$statistic)/(sum(y)*sum(!y)), p=w$p.value) }
print(rbind(GEP18=auc(gep), IFNG6=auc(ifng), CYT=auc(cyt), CD274=auc(cd274)), digits=10)
print(table(resp))

#!/usr/bin/env bash
# pioneer vs R on the same generated data, in one run (issue 5):
#   1. Cox lasso full path (glmnet, family = "cox")
#   2. binomial lasso full path (glmnet, family = "binomial")
#   3. ROC + AUC + DeLong CI (pROC), n = 1,000,000
# Usage: bench/models.sh PIONEER [N] [P]   (defaults n = 2000, p = 20000)
# pioneer's time is the whole command (CSV parse included); R's is the
# fitting call only (data already in memory), so the ratio favours R.
set -euo pipefail
PIONEER=${1:?usage: bench/models.sh path/to/pioneer [n] [p]}
N=${2:-2000}
P=${3:-20000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

Rscript - "$DIR" "$N" "$P" <<'REOF'
args <- commandArgs(TRUE); dir <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3])
set.seed(1)
x <- matrix(round(rnorm(n * p), 4), n, p); colnames(x) <- paste0("x", seq_len(p))
lp <- x[, 1:10] %*% rep(0.3, 10)
time <- round(rexp(n, exp(lp)), 5); event <- rbinom(n, 1, 0.7)
y <- rbinom(n, 1, plogis(lp))
data.table_ok <- requireNamespace("data.table", quietly = TRUE)
d <- data.frame(time = time, event = event, y = y, x)
if (data.table_ok) data.table::fwrite(d, file.path(dir, "design.csv")) else write.csv(d, file.path(dir, "design.csv"), row.names = FALSE)
m <- 1e6; yy <- rbinom(m, 1, 0.3); marker <- round(rnorm(m) + yy * 0.8, 6)
write.csv(data.frame(y = yy, marker = marker), file.path(dir, "roc.csv"), row.names = FALSE)
REOF

FEATURES=$(seq -s, -f 'x%g' 1 "$P")
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }

Rtime() {
  Rscript - "$DIR" "$1" <<'REOF'
suppressPackageStartupMessages({ library(glmnet); library(survival); library(pROC) })
args <- commandArgs(TRUE); dir <- args[1]; what <- args[2]
if (what == "roc") {
  d <- read.csv(file.path(dir, "roc.csv"))
  t <- system.time({ r <- roc(d$y, d$marker, levels = c(0, 1), direction = "<", quiet = TRUE); ci <- ci.auc(r, method = "delong") })
  cat(t[["elapsed"]], as.numeric(r$auc), "\n")
} else {
  d <- read.csv(file.path(dir, "design.csv")); x <- as.matrix(d[, -(1:3)])
  t <- system.time(f <- if (what == "cox") glmnet(x, Surv(d$time, d$event), family = "cox") else glmnet(x, d$y, family = "binomial"))
  cat(t[["elapsed"]], length(f$lambda), "\n")
}
REOF
}

report() {  # name pioneer_seconds r_output
  local r; r=$(echo "$3" | cut -d' ' -f1)
  printf '%-34s pioneer %8.2f s   R %8.2f s   R/pioneer %6.1fx\n' "$1" "$2" "$r" "$(echo "$r / $2" | bc -l)"
}

echo "n = $N, p = $P (2 cores; pioneer time includes reading the CSV)"
PT=$(seconds "$PIONEER" model path --data "$DIR/design.csv" --family cox --time time --event event --features "$FEATURES" --json "$DIR/cox.json")
report "Cox lasso path (glmnet)" "$PT" "$(Rtime cox)"
PT=$(seconds "$PIONEER" model path --data "$DIR/design.csv" --family binomial --outcome y --features "$FEATURES" --json "$DIR/bin.json")
report "binomial lasso path (glmnet)" "$PT" "$(Rtime binomial)"
PT=$(seconds "$PIONEER" roc --data "$DIR/roc.csv" --outcome y --marker marker --direction "<" --json "$DIR/roc.json")
report "ROC + AUC + DeLong CI, n = 1e6" "$PT" "$(Rtime roc)"

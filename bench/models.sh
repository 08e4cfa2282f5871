#!/usr/bin/env bash
# pioneer vs R on the same generated data, in one run (issue 5):
#   1. Cox lasso full path (glmnet, family = "cox")          target >= 10x
#   2. binomial lasso full path (glmnet, family = "binomial") target >= 1.5x
#   3. ROC + AUC + DeLong CI (pROC), n = 1,000,000           target >= 6x
# Usage: bench/models.sh PIONEER [N] [P]   (defaults n = 2000, p = 20000)
# Times are CPU seconds (user + system): robust on a shared, loaded machine.
# "fit": the analysis alone (R: system.time of the call on data in memory;
# pioneer: --timing, after reading the file). "total": whole process,
# reading the CSV included (R: Rscript with read.csv). Both paths use the
# same defaults (nlambda 100, thresh 1e-7, standardize) and are compared:
# path length, largest relative lambda difference, largest coefficient
# difference over the common lambdas, and the lasso objective each solution
# reaches at each lambda (neither is exact at thresh 1e-7; the lower wins).
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
write.csv(data.frame(time = time, event = event, y = y, x), file.path(dir, "design.csv"), row.names = FALSE)
m <- 1e6; yy <- rbinom(m, 1, 0.3); marker <- round(rnorm(m) + yy * 0.8, 6)
write.csv(data.frame(y = yy, marker = marker), file.path(dir, "roc.csv"), row.names = FALSE)
REOF

FEATURES=$(seq -s, -f 'x%g' 1 "$P")
cpu() { /usr/bin/time -f "%U %S" -o "$DIR/time" "$@" >/dev/null 2>"$DIR/stderr"; awk '{ print $1 + $2 }' "$DIR/time"; }
fit() { grep 'timing: analysis' "$DIR/stderr" | tail -1 | awk '{ print $3 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

# R: prints "fit_cpu" and writes its path (lambda, beta) for the comparison.
rfit() {
  cpu Rscript - "$DIR" "$1" <<'REOF'
suppressPackageStartupMessages({ library(glmnet); library(survival); library(pROC); library(jsonlite) })
args <- commandArgs(TRUE); dir <- args[1]; what <- args[2]
cpu <- function(t) t[["user.self"]] + t[["sys.self"]]
if (what == "roc") {
  d <- read.csv(file.path(dir, "roc.csv"))
  t <- system.time({ r <- roc(d$y, d$marker, levels = c(0, 1), direction = "<", quiet = TRUE); ci <- ci.auc(r, method = "delong") })
  writeLines(toJSON(list(fit = cpu(t), auc = as.numeric(r$auc), lower = ci[1], upper = ci[3]), digits = NA, auto_unbox = TRUE),
             file.path(dir, "r_roc.json"))
} else {
  d <- read.csv(file.path(dir, "design.csv")); x <- as.matrix(d[, -(1:3)])
  t <- system.time(f <- if (what == "cox") glmnet(x, Surv(d$time, d$event), family = "cox") else glmnet(x, d$y, family = "binomial"))
  b <- as.matrix(f$beta)
  nz <- which(rowSums(b != 0) > 0)
  # The lasso objective -loglik / n + lambda sum |b_j| sd_j (sd with 1/n) of
  # both solutions at each lambda (Breslow for Cox, as glmnet).
  sds <- sqrt(colMeans(sweep(x, 2, colMeans(x))^2))
  loglik <- function(eta) {
    if (what == "binomial") return(sum(d$y * eta - log1p(exp(eta))))
    o <- order(d$time, decreasing = TRUE)
    m <- max(eta)  # exp(eta) overflows near saturation
    risk <- ave(cumsum(exp(eta[o] - m)), d$time[o], FUN = max)
    sum(d$event * eta) - sum(d$event[o] * (log(risk) + m))
  }
  objective <- function(beta, a0, lambda) {
    used <- which(beta != 0)
    eta <- rep(a0, nrow(x))
    if (length(used)) eta <- eta + drop(x[, used, drop = FALSE] %*% beta[used])
    -loglik(eta) / nrow(x) + lambda * sum(abs(beta) * sds)
  }
  p <- fromJSON(file.path(dir, paste0("p_", what, ".json")))
  k <- min(length(p$lambda), length(f$lambda))
  pb <- sapply(colnames(x), function(name) if (is.null(p$beta[[name]])) rep(0, k) else p$beta[[name]][1:k])
  pa0 <- if (what == "binomial") p$a0 else rep(0, k)
  ra0 <- if (what == "binomial") f$a0 else rep(0, k)
  obj <- t(sapply(1:k, function(i) c(objective(pb[i, ], pa0[i], f$lambda[i]), objective(b[, i], ra0[i], f$lambda[i]))))
  writeLines(toJSON(list(fit = cpu(t), lambda = f$lambda, beta = lapply(nz, function(i) unname(b[i, ])),
                         names = rownames(b)[nz], objective_pioneer = obj[, 1], objective_glmnet = obj[, 2]),
                    digits = NA, auto_unbox = TRUE), file.path(dir, paste0("r_", what, ".json")))
}
REOF
}

compare_path() {  # pioneer.json r.json: the largest differences, and where along the path
  python3 - "$1" "$2" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
k = min(len(p["lambda"]), len(r["lambda"]))
dl = max(abs(a - b) / b for a, b in zip(p["lambda"][:k], r["lambda"][:k]))
rb = r["beta"] if isinstance(r["beta"], dict) else dict(zip(r["names"], r["beta"]))
diff = [0.0] * k
for name in set(p["beta"]) | set(rb):
    a = p["beta"].get(name, [0.0] * k); b = rb.get(name, [0.0] * k)
    for i in range(k): diff[i] = max(diff[i], abs(a[i] - b[i]))
worst = max(range(k), key=lambda i: diff[i])
half = [i for i in range(k) if p["df"][i] < p["n"] / 4]
print(f"lambdas pioneer {len(p['lambda'])} / glmnet {len(r['lambda'])}, max rel. lambda diff {dl:.1e}; "
      f"max |beta diff| {diff[worst]:.1e} at lambda #{worst + 1} (df {p['df'][worst]:.0f}); "
      f"over the {len(half)} lambdas with df < n/4: {max(diff[i] for i in half):.1e}")
# Lasso objective at each lambda: which solver got lower (both stop at thresh 1e-7).
op, og = r["objective_pioneer"], r["objective_glmnet"]
gap = [(a - b) / abs(b) for a, b in zip(op, og)]
print(f"  objective: pioneer lower or equal at {sum(g <= 1e-12 for g in gap)} of {len(gap)} lambdas; "
      f"largest excess over glmnet {max(gap):.1e}, largest saving {-min(gap):.1e} (relative)")
PY
}

echo "n = $N, p = $P; CPU seconds (user + system)"
for family in cox binomial; do
  if [ $family = cox ]; then args=(--family cox --time time --event event); else args=(--family binomial --outcome y); fi
  p_total=$(cpu "$PIONEER" model path --data "$DIR/design.csv" "${args[@]}" --features "$FEATURES" --json "$DIR/p_$family.json" --timing)
  p_fit=$(fit)
  r_total=$(rfit $family)
  r_fit=$(python3 -c "import json; print(json.load(open('$DIR/r_$family.json'))['fit'])")
  echo "$family lasso path: fit pioneer $p_fit, glmnet $r_fit, R/pioneer $(ratio "$r_fit" "$p_fit")x;" \
       "total pioneer $p_total, R $r_total, R/pioneer $(ratio "$r_total" "$p_total")x"
  echo "  $(compare_path "$DIR/p_$family.json" "$DIR/r_$family.json")"
done
p_total=$(cpu "$PIONEER" roc --data "$DIR/roc.csv" --outcome y --marker marker --direction "<" --json "$DIR/p_roc.json" --timing)
p_fit=$(fit)
r_total=$(rfit roc)
python3 - "$DIR" "$p_fit" "$p_total" "$r_total" <<'PY'
import json, sys
d, p_fit, p_total, r_total = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
p = json.load(open(d + "/p_roc.json")); r = json.load(open(d + "/r_roc.json"))
print(f"ROC + AUC + DeLong CI, n = 1e6: fit pioneer {p_fit:.3f}, pROC {r['fit']:.3f}, R/pioneer {r['fit'] / p_fit:.1f}x; "
      f"total pioneer {p_total:.2f}, R {r_total:.2f}, R/pioneer {r_total / p_total:.1f}x")
print(f"  AUC pioneer {p['auc']:.12f} pROC {r['auc']:.12f}; CI diff {max(abs(p['auc_lower'] - r['lower']), abs(p['auc_upper'] - r['upper'])):.1e}")
PY

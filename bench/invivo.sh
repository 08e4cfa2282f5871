#!/usr/bin/env bash
# In-vivo benchmark (issue 7): CURVES growth curves x POINTS time points of a
# generated 2x2 study (control, A, B, A+B; exponential growth with animal
# rates and measurement noise) through `pioneer invivo analyze` (validation,
# descriptive, mRECIST, TGI with bootstrap, growth rates, REML mixed model,
# time to endpoint, synergy), and R's nlme::lme REML fit of the same mixed
# model on the same file. Prints curves per second, both times, the ratio
# R lme / pioneer whole analysis, and the difference of the REML
# log-likelihoods (the answer check).
# Usage: bash bench/invivo.sh  (PIONEER=path/to/pioneer, CURVES=10000, POINTS=30)
set -euo pipefail
PIONEER=${PIONEER:-build/pioneer}
CURVES=${CURVES:-10000}
POINTS=${POINTS:-30}
BOOT=${BOOT:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/study.tsv" "$CURVES" "$POINTS" <<'PY'
import math
import random
import sys
path, curves, points = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261129)
arms = ["control", "A", "B", "A+B"]
rates = {"control": 0.12, "A": 0.09, "B": 0.10, "A+B": 0.03}
with open(path, "w") as f:
    f.write("animal\tarm\tday\tvolume\n")
    for i in range(curves):
        arm = arms[i % 4]
        r = rng.gauss(rates[arm], 0.02)
        v0 = rng.uniform(80, 150)
        for k in range(points):
            day = 2 * k
            v = v0 * math.exp(r * day + rng.gauss(0, 0.15))
            f.write(f"M{i + 1}\t{arm}\t{day}\t{v:.4f}\n")
PY

start=$(date +%s.%N)
"$PIONEER" invivo analyze --data "$work/study.tsv" --animal animal --arm arm --day day --volume volume \
  --control control --combination 'A+B=A,B' --bootstrap "$BOOT" --json "$work/out.json" > "$work/pioneer.txt"
end=$(date +%s.%N)
pioneer_s=$(echo "$end - $start" | bc -l)
pioneer_ll=$(python3 -c "import json; print(repr(json.load(open('$work/out.json'))['mixed_model']['loglik_reml']))")

r_out=$(Rscript -e '
suppressPackageStartupMessages(library(nlme))
d <- read.delim(commandArgs(TRUE)[1]); d$arm <- factor(d$arm, levels = c("control", "A", "B", "A+B"))
d$logv <- log(d$volume)
t <- system.time(f <- lme(logv ~ day * arm, random = ~ day | animal, data = d, method = "REML"))[["elapsed"]]
cat(t, sprintf("%.10f", as.numeric(logLik(f))), "\n")' "$work/study.tsv")
r_s=$(echo "$r_out" | awk '{print $1}')
r_ll=$(echo "$r_out" | awk '{print $2}')

printf 'data: %d curves x %d time points (%d rows), bootstrap %d\n' "$CURVES" "$POINTS" $((CURVES * POINTS)) "$BOOT"
printf 'pioneer invivo analyze (whole analysis, incl. reading): %.2f s = %.0f curves/s\n' "$pioneer_s" \
  "$(echo "$CURVES / $pioneer_s" | bc -l)"
printf 'R nlme::lme REML fit alone:                            %.2f s\n' "$r_s"
printf 'ratio R lme / pioneer whole analysis:                  %.1f\n' "$(echo "$r_s / $pioneer_s" | bc -l)"
printf 'REML logLik: pioneer %s, R lme %s\n' "$pioneer_ll" "$r_ll"

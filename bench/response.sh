#!/usr/bin/env bash
# Response engine benchmark (issue 4): 100,000 simulated patients x 10
# visits x 6 lesions through RECIST 1.1 + iRECIST + SITC + endpoints on one
# core (Google Benchmark kernel src/clinical/response_benchmark.cc).
# Prints patient-visits per second against the target of 1,000,000/s and
# the answer checks (PD, iCPD, responders, SITC classes).
# No R peer: admiralonco (the only R implementation of confirmed BOR and
# iRECIST derivations) is not installed here; see docs/response.md.
# Usage: bash bench/response.sh  (BENCH=path/to/clinical_benchmark)
set -euo pipefail
BENCH=${BENCH:-build/src/clinical/clinical_benchmark}
[[ -x $BENCH ]] || { echo "build it first: ninja -C build clinical_benchmark" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
taskset -c 0 "$BENCH" --benchmark_filter=BM_ResponseAllRules --benchmark_format=json > "$out" 2>/dev/null ||
  "$BENCH" --benchmark_filter=BM_ResponseAllRules --benchmark_format=json > "$out"
python3 - "$out" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"][0]
rate = b["patient_visits_per_s"]
print(f"pioneer: {rate:,.0f} patient-visits per CPU second on one core "
      f"({b['cpu_time']:.0f} ms CPU, {b['real_time']:.0f} ms wall per 100,000 patients x 10 visits;"
      f" wall > CPU when the machine is shared)")
print(f"target:  1,000,000 patient-visits/s -> {'met' if rate >= 1e6 else 'NOT met'} (x{rate / 1e6:.1f})")
print("answer:  " + ", ".join(f"{k} {int(b[k])}" for k in
      ("pfs_PD", "iCPD", "confirmed_ORR", "sitc_primary", "sitc_secondary")))
PY

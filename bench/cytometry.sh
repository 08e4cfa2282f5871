#!/usr/bin/env bash
# Cytometry clustering benchmark (issue 8): CELLS x MARKERS events from a
# mixture of 10 Gaussian populations written as an FCS 3.1 float file, then
# `pioneer cytometry cluster` with a 10x10 map and 10 consensus metaclusters,
# once per SOM mode in MODES: online (FlowSOM's SOM, rlen 10: rlen * CELLS
# sequential updates) and batch (10 epochs, mapping on THREADS threads).
# Prints CPU (user + system) and wall seconds, cells per second on both, and
# the adjusted Rand index of the metaclusters against the simulated
# populations (the answer is checked, not just timed).
# FlowSOM in R is not installed on this machine (not packaged in Debian), so
# no R time is measured here; the issue quotes "on the order of a minute"
# for FlowSOM on such data.
# Usage: bash bench/cytometry.sh  (PIONEER=path/to/pioneer, CELLS=1000000,
# MARKERS=30, THREADS=2, MODES="online batch")
set -euo pipefail
PIONEER=${PIONEER:-build/pioneer}
CELLS=${CELLS:-1000000}
MARKERS=${MARKERS:-30}
THREADS=${THREADS:-2}
MODES=${MODES:-online batch}
PYTHON=${PYTHON:-/usr/bin/python3}  # with numpy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PYTHON" - "$work" "$CELLS" "$MARKERS" <<'PY'
import sys
import numpy as np
work, cells, markers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(20261129)
k = 10
centres = rng.normal(0, 1, size=(k, markers)) * 2.5
weights = rng.dirichlet(np.ones(k) * 2)
truth = rng.choice(k, size=cells, p=weights)
x = (centres[truth] + rng.normal(0, 0.6, size=(cells, markers))).astype(">f4")
np.savetxt(work + "/truth.txt", truth + 1, fmt="%d")
names = ["M%d" % (j + 1) for j in range(markers)]
kw = {"$BYTEORD": "4,3,2,1", "$DATATYPE": "F", "$MODE": "L", "$NEXTDATA": "0",
      "$PAR": str(markers), "$TOT": str(cells)}
for j, n in enumerate(names):
    kw["$P%dN" % (j + 1)] = n
    kw["$P%dB" % (j + 1)] = "32"
    kw["$P%dR" % (j + 1)] = "262144"
    kw["$P%dE" % (j + 1)] = "0,0"
data = x.tobytes()
def text(begin, end):
    items = dict(kw, **{"$BEGINDATA": str(begin), "$ENDDATA": str(end)})
    return "|" + "".join("%s|%s|" % (a, b) for a, b in items.items())
begin = 58
for _ in range(5):
    t = text(begin, begin + len(data) - 1)
    begin = 58 + len(t)
t = text(begin, begin + len(data) - 1)
off = lambda v: ("%8d" % (v if v <= 99999999 else 0)).encode()
header = b"FCS3.1    " + off(58) + off(58 + len(t) - 1) + off(begin) + off(begin + len(data) - 1) + off(0) + off(0)
with open(work + "/bench.fcs", "wb") as f:
    f.write(header + t.encode() + data + b"00000000")
open(work + "/markers.txt", "w").write(",".join(names))
PY

echo "data: $CELLS cells x $MARKERS markers, 10x10 map, 10 metaclusters, $THREADS threads"
for mode in $MODES; do
  /usr/bin/time -o "$work/time_$mode" -f '%U %S %e' "$PIONEER" cytometry cluster --fcs "$work/bench.fcs" \
    --markers "$(cat "$work/markers.txt")" --grid 10x10 --metaclusters 10 --seed 1 --som "$mode" \
    --threads "$THREADS" --out "$work/out_$mode" >/dev/null
  "$PYTHON" - "$work" "$mode" "$CELLS" <<'PY'
import sys
import numpy as np
work, mode, cells = sys.argv[1], sys.argv[2], int(sys.argv[3])
user, system, wall = (float(v) for v in open("%s/time_%s" % (work, mode)).read().split()[-3:])
truth = np.loadtxt(work + "/truth.txt", dtype=int)
meta = np.loadtxt("%s/out_%s/labels.tsv" % (work, mode), skiprows=1, usecols=3, dtype=int)
def ari(a, b):
    ua, ia = np.unique(a, return_inverse=True)
    ub, ib = np.unique(b, return_inverse=True)
    t = np.zeros((len(ua), len(ub)))
    np.add.at(t, (ia, ib), 1)
    c2 = lambda v: v * (v - 1) / 2
    s, sa, sb = c2(t).sum(), c2(t.sum(1)).sum(), c2(t.sum(0)).sum()
    e = sa * sb / c2(len(a))
    return (s - e) / ((sa + sb) / 2 - e)
cpu = user + system
print("pioneer --som %s: %.1f s CPU (%.1f user + %.1f system), %.1f s wall (read, SOM, mapping, consensus, "
      "medians, write); %.0f cells/s CPU, %.0f cells/s wall; adjusted Rand vs simulated populations %.4f"
      % (mode, cpu, user, system, wall, cells / cpu, cells / wall, ari(truth, meta)))
PY
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "R FlowSOM: not installed here (issue: on the order of a minute for this size)"

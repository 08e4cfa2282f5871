#!/usr/bin/python3
"""Reference values for src/cytometry transforms, written independently of
the C++ code: logicle by bisection on the biexponential of Parks et al. 2006
/ Moore & Parks 2012 (no Taylor series, no Halley steps), arcsinh, and
compensation raw %*% solve(spill) (flowCore::compensate) with numpy.

Run: /usr/bin/python3 tests/reference/cytometry_transforms.py (repo root).
Writes tests/fixtures/cytometry/transforms.json.
"""
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import fcs_reference  # noqa: E402


def bisect(fn, lo, hi, iters=200):
    flo = fn(lo)
    for _ in range(iters):
        mid = (lo + hi) / 2
        fm = fn(mid)
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def logicle(values, T, W, M, A):
    """flowCore logicleTransform(w=W, t=T, m=M, a=A): M times the Moore-Parks
    scale x solving B(x) = value, B(x) = a e^{bx} - c e^{-dx} + f."""
    w = W / (M + A)
    x2 = A / (M + A)
    x1 = x2 + w
    x0 = x2 + 2 * w
    b = (M + A) * math.log(10)
    # logicle condition: 2 (ln d - ln b) + w (b + d) = 0, d in (0, b]
    d = b if w == 0 else bisect(lambda d: 2 * (math.log(d) - math.log(b)) + w * (b + d), 1e-300, b)
    ca = math.exp(x0 * (b + d))
    mfa = math.exp(b * x1) - ca / math.exp(d * x1)
    a = T / ((math.exp(b) - mfa) - ca / math.exp(d))
    c = ca * a
    f = -mfa * a

    def biex(x):
        return a * math.exp(b * x) - c * math.exp(-d * x) + f

    out = []
    for v in values:
        neg = v < 0
        av = abs(v)
        x = x1 if av == 0 else bisect(lambda x: biex(x) - av, x1, 2.0)
        out.append(M * ((2 * x1 - x) if neg else x))
    return out


def main():
    inputs = [-5000.0, -1000.0, -100.0, -10.0, -1.0, 0.0, 0.5, 1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 262144.0]
    params = [(262144, 0.5, 4.5, 0), (10000, 1.0, 4.0, 1.0), (1024, 0.0, 3.0, 0.0)]
    result = {
        "source": "tests/reference/cytometry_transforms.py (numpy %s): bisection on the biexponential" % np.__version__,
        "inputs": inputs,
        "logicle": [{"t": p[0], "w": p[1], "m": p[2], "a": p[3], "values": logicle(inputs, *p)} for p in params],
        "arcsinh": [{"cofactor": cf, "values": [math.asinh(v / cf) for v in inputs]} for cf in (5.0, 150.0)],
    }
    fcs = fcs_reference.read(os.path.join(fcs_reference.DATA, "cytometry", "flowsom_68983.fcs"))
    names = [p["name"] for p in fcs["parameters"]]
    spill = fcs["spillover"]
    cols = [names.index(c) for c in spill["channels"]]
    inv = np.linalg.inv(np.array(spill["matrix"]))
    rows = np.array(fcs["first_events"] + fcs["last_events"])
    comp = rows.copy()
    comp[:, cols] = rows[:, cols] @ inv
    result["compensation"] = {"file": "flowsom_68983.fcs", "events": [1, 2, 3, -3, -2, -1],
                              "compensated": comp.tolist()}
    with open("tests/fixtures/cytometry/transforms.json", "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

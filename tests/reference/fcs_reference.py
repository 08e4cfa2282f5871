#!/usr/bin/python3
"""Independent FCS reader (numpy) writing reader fixtures for src/cytometry.

Written separately from the C++ reader, from the FCS 3.1 specification
(Spidlen et al. 2010): HEADER offsets, TEXT keywords, DATA decoded with
numpy dtypes. It handles the two real files of shared/data/cytometry; it is
not a general reader. Output: tests/fixtures/cytometry/<stem>.json with the
version, event count, parameters, all keywords, the spillover matrix and the
first and last 3 events (stored values and flowCore-linearized values).

Run: /usr/bin/python3 tests/reference/fcs_reference.py  (from the repo root)
"""
import json
import os
import re
import sys

import numpy as np

DATA = os.environ.get("PIONEER_SHARED_DATA", "../shared/data")
FILES = ["flowsom_68983.fcs", "flowcore_0877408774.B08.fcs"]
OUT = "tests/fixtures/cytometry"


def parse_text(raw):
    """Split TEXT at single delimiters. An empty value is written by
    CellQuest as a doubled delimiter right after the key: split on the
    delimiter first, then re-join escaped pairs only inside values."""
    delim = raw[0]
    body = raw[1:]
    # Tokenise on every delimiter; an empty token between two delimiters is
    # either an escape (inside a value) or an empty value (after a key).
    parts = body.split(delim)
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    keywords = []
    i = 0
    while i < len(parts):
        key = parts[i]
        i += 1
        if i < len(parts) and parts[i] == "":
            keywords.append((key, ""))  # doubled delimiter after a key
            i += 1
            continue
        value = parts[i] if i < len(parts) else ""
        i += 1
        # value escapes: "a//b" splits into "a", "", "b"
        while i + 1 < len(parts) and parts[i] == "" and not looks_like_key(parts[i + 1]):
            value += delim + parts[i + 1]
            i += 2
        keywords.append((key, value))
    return keywords


def looks_like_key(token):
    return re.match(r"^[$&A-Za-z]", token) is not None


def utf8(s):
    """UTF-8 when the bytes are valid UTF-8, else Latin-1 (FCS 2.0/3.0)."""
    raw = s.encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    version = blob[0:6].decode("ascii")
    offs = [int(blob[10 + 8 * k:18 + 8 * k].decode("ascii").strip() or 0) for k in range(6)]
    text = blob[offs[0]:offs[1] + 1].decode("latin-1")
    keywords = [(utf8(k), utf8(v)) for k, v in parse_text(text)]
    kw = {k.upper(): v for k, v in keywords}
    npar = int(kw["$PAR"])
    tot = int(kw["$TOT"])
    begin, end = offs[2], offs[3]
    if begin == 0:
        begin, end = int(kw["$BEGINDATA"]), int(kw["$ENDDATA"])
    order = kw["$BYTEORD"].strip()
    endian = "<" if order.startswith("1") else ">"
    dtype = kw["$DATATYPE"].strip().upper()
    params = []
    for p in range(1, npar + 1):
        name = kw.get("$P%dN" % p, "P%d" % p).strip() or "P%d" % p
        desc = kw.get("$P%dS" % p, "").strip() or None
        rng = float(kw["$P%dR" % p])
        bits = int(kw["$P%dB" % p])
        e = [float(x) for x in kw.get("$P%dE" % p, "0,0").split(",")]
        params.append({"name": name, "description": desc, "range": rng, "bits": bits, "e": e})
    if dtype == "F":
        values = np.frombuffer(blob, dtype=endian + "f4", count=tot * npar, offset=begin).astype(np.float64)
    elif dtype == "D":
        values = np.frombuffer(blob, dtype=endian + "f8", count=tot * npar, offset=begin)
    else:
        bits = params[0]["bits"]
        assert all(p["bits"] == bits for p in params)
        values = np.frombuffer(blob, dtype="%su%d" % (endian, bits // 8), count=tot * npar,
                               offset=begin).astype(np.float64)
    values = values.reshape(tot, npar)
    if dtype == "I":
        for j, p in enumerate(params):
            mask = (1 << int(np.ceil(np.log2(p["range"])))) - 1
            values[:, j] = np.bitwise_and(values[:, j].astype(np.uint64), mask)
    linear = values.copy()
    for j, p in enumerate(params):
        f1, f2 = p["e"]
        if f1 > 0:
            linear[:, j] = 10 ** (f1 * values[:, j] / p["range"]) * (f2 if f2 != 0 else 1)
    spill = None
    for key in ("$SPILLOVER", "SPILL"):
        if key in kw:
            items = kw[key].split(",")
            n = int(items[0])
            spill = {"keyword": key, "channels": items[1:1 + n],
                     "matrix": np.array([float(x) for x in items[1 + n:]]).reshape(n, n).tolist()}
    return {
        "source": "tests/reference/fcs_reference.py (numpy %s), independent of the C++ reader" % np.__version__,
        "file": os.path.basename(path),
        "version": version,
        "events": tot,
        "data_offsets": [begin, end],
        "parameters": [{k: p[k] for k in ("name", "description", "range", "bits")} for p in params],
        "keywords": {k: v for k, v in keywords},
        "n_keywords": len(keywords),
        "spillover": spill,
        "first_events": values[:3].tolist(),
        "last_events": values[-3:].tolist(),
        "first_events_linearized": linear[:3].tolist(),
        "last_events_linearized": linear[-3:].tolist(),
        "column_sums_linearized": linear.sum(axis=0).tolist(),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in FILES:
        result = read(os.path.join(DATA, "cytometry", name))
        stem = os.path.splitext(name)[0]
        with open(os.path.join(OUT, stem + ".json"), "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        print("wrote", stem, result["events"], "events", len(result["keywords"]), "keywords", file=sys.stderr)


if __name__ == "__main__":
    main()

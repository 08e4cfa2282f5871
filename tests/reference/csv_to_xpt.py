#!/usr/bin/env python3
"""Writes a CSV file as a SAS transport (XPORT version 5) file, the format
FDA submissions use for SDTM domains (SAS Technical Note TS-140, "The Record
Layout of a Data Set in SAS Transport (XPORT) Format").

Used to make the XPT fixtures of tests/fixtures/import/ (pioneer reads them
with ReadStat). Columns named in --numeric are written as numbers (8-byte IBM
floating point, empty cell = SAS missing '.'); all others as text.

usage: csv_to_xpt.py IN.csv OUT.xpt --name DM [--numeric AGE,DMDY]
"""
import argparse
import csv
import math
import struct

STAMP = b"01JAN24:00:00:00"  # fixed, so the fixture is reproducible


def header(kind, tail=b"000000000000000000000000000000  "):
    return b"HEADER RECORD*******" + kind.ljust(8) + b"HEADER RECORD!!!!!!!" + tail


def pad80(data, fill=b" "):
    return data + fill * (-len(data) % 80)


def ibm_double(value):
    """IEEE double -> IBM System/360 hexadecimal floating point (TS-140)."""
    if value is None:
        return b"." + b"\0" * 7  # SAS missing value
    if value == 0:
        return b"\0" * 8
    sign = 0x80 if value < 0 else 0
    mantissa, exponent = math.frexp(abs(value))  # value = m * 2**e, 0.5 <= m < 1
    shift = (-exponent) % 4  # base-16 exponent: make e a multiple of 4
    mantissa /= 2**shift
    exponent += shift
    fraction = int(round(mantissa * 2**56))
    if fraction >= 2**56:  # rounding carried into a new hex digit
        fraction >>= 4
        exponent += 4
    return bytes([sign | (exponent // 4 + 64)]) + fraction.to_bytes(7, "big")


def namestr(number, name, numeric, length, position):
    return struct.pack(">hhhh8s40s8shhh2s8shhl52s", 1 if numeric else 2, 0, length, number,
                       name.encode().ljust(8), b"".ljust(40), b"".ljust(8), 0, 0, 0, b"\0\0",
                       b"".ljust(8), 0, 0, position, b"\0" * 52)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("xpt")
    parser.add_argument("--name", required=True)
    parser.add_argument("--numeric", default="")
    args = parser.parse_args()
    with open(args.csv, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    names, rows = rows[0], rows[1:]
    numeric = set(filter(None, args.numeric.split(",")))
    lengths = [8 if n in numeric else max([1] + [len(r[i].encode()) for r in rows])
               for i, n in enumerate(names)]
    out = header(b"LIBRARY")
    out += b"SAS     SAS     SASLIB  9.4     X64_7PRO" + b" " * 24 + STAMP
    out += STAMP + b" " * 64
    out += header(b"MEMBER", b"000000000000000001600000000140  ")
    out += header(b"DSCRPTR")
    out += b"SAS     " + args.name.encode().ljust(8) + b"SASDATA 9.4     X64_7PRO" + b" " * 24 + STAMP
    out += STAMP + b" " * 16 + b"".ljust(40) + b"".ljust(8)
    out += header(b"NAMESTR", b"000000%04d00000000000000000000  " % len(names))
    block, position = b"", 0
    for i, name in enumerate(names):
        block += namestr(i + 1, name, name in numeric, lengths[i], position)
        position += lengths[i]
    out += pad80(block)
    out += header(b"OBS")
    data = b""
    for row in rows:
        for i, name in enumerate(names):
            if name in numeric:
                data += ibm_double(float(row[i]) if row[i] not in ("", ".", "NA") else None)
            else:
                data += row[i].encode().ljust(lengths[i])
    out += pad80(data)
    with open(args.xpt, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes tests/fixtures/io/dm_ts140.xpt, a SAS V5 transport file built byte by
byte from the published layout (SAS Technical Support document TS-140, "The
record layout of a data set in SAS transport (XPORT) format"), independently
of ReadStat, so that io::ReadXpt is checked against a second implementation.
Numbers are converted to IBM hexadecimal doubles with exact rational
arithmetic. Run: python3 tests/reference/make_xpt_fixture.py (Python 3.11).
The expected cells are the ROWS below, as the test (src/io/tests/xpt_test.cc)
states them."""
from fractions import Fraction
import struct

COLUMNS = [("STUDYID", "C", 8), ("USUBJID", "C", 12), ("AGE", "N", 8), ("SEX", "C", 1),
           ("RFSTDTC", "C", 10), ("WEIGHT", "N", 8)]
ROWS = [("PIONEER", "PIO-01-0001", 63, "M", "2023-01-10", 72.5),
        ("PIONEER", "PIO-01-0002", 0.1, "F", "2023-01-20", None),
        ("PIONEER", "PIO-02-0003", -41, "", "", 1e-7)]
STAMP = b"01JAN23:00:00:00"


def ibm(x):
    """IEEE double -> 8-byte IBM System/360 double (TS-140 'XPORT numeric')."""
    if x is None:
        return b"." + bytes(7)  # SAS standard missing
    if x == 0:
        return bytes(8)
    sign = 0x80 if x < 0 else 0
    f = abs(Fraction(x))
    e = 0
    while f >= 1:
        f /= 16
        e += 1
    while f < Fraction(1, 16):
        f *= 16
        e -= 1
    mantissa = round(f * 2**56)
    assert mantissa < 2**56, "rounding overflow not handled in this small fixture"
    return bytes([sign | (e + 64)]) + mantissa.to_bytes(7, "big")


def rec(text):
    b = text.encode("ascii") if isinstance(text, str) else text
    assert len(b) <= 80
    return b.ljust(80, b" ")


def namestr(i, name, kind, length, position):
    return struct.pack(">hhhh8s40s8shhh2s8shhi52s", 1 if kind == "N" else 2, 0, length, i + 1,
                       name.encode().ljust(8), b"".ljust(40), b"".ljust(8), 0, 0, 0, b"  ",
                       b"".ljust(8), 0, 0, position, bytes(52))


def main():
    out = bytearray()
    out += rec("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000")
    out += rec(b"SAS     SAS     SASLIB  9.1     Linux   " + b" " * 24 + STAMP)
    out += rec(STAMP)
    out += rec("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140")
    out += rec("HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000")
    out += rec(b"SAS     DM      SASDATA 9.1     Linux   " + b" " * 24 + STAMP)
    out += rec(STAMP + b" " * 16 + b"Demographics".ljust(40) + b"DATA    ")
    out += rec("HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000%04d00000000000000000000"
               % len(COLUMNS))
    names = bytearray()
    position = 0
    for i, (name, kind, length) in enumerate(COLUMNS):
        names += namestr(i, name, kind, length, position)
        position += length
    names += b" " * (-len(names) % 80)
    out += names
    out += rec("HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000")
    data = bytearray()
    for row in ROWS:
        for (name, kind, length), value in zip(COLUMNS, row):
            data += ibm(value) if kind == "N" else value.encode().ljust(length)
    data += b" " * (-len(data) % 80)
    out += data
    with open("tests/fixtures/io/dm_ts140.xpt", "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()

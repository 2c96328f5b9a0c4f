"""The Python peer's reader of a CBOE delayed-quotes CSV download: a plain `csv` loop.

Reads the rows below the header with the standard csv module, turns the numbers a leg needs
(strike, bid, ask, volume, IV, open interest of the call and the put) into floats and keeps one
tuple per leg. Prints the median of 21 timed runs after 5 warm-up runs, in ms, on one line.
"""

import csv
import io
import statistics
import sys
import time

CALL = (1, 4, 5, 6, 7, 10)  # symbol, bid, ask, volume, iv, open interest
PUT = (12, 15, 16, 17, 18, 21)


def read(text):
    lines = io.StringIO(text)
    rows = csv.reader(lines)
    for row in rows:
        if row and row[0] == "Expiration Date":
            break
    legs = []
    for row in rows:
        strike = float(row[11])
        for symbol, bid, ask, volume, iv, oi in (CALL, PUT):
            legs.append(
                (row[0], row[symbol], strike, float(row[bid]), float(row[ask]),
                 float(row[volume]), float(row[iv]), float(row[oi]))
            )
    return legs


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    for _ in range(5):
        read(text)
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        read(text)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"{statistics.median(times):.3f}")


main()

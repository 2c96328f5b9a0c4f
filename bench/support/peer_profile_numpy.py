"""The numpy peer of the 1,000-point net-GEX profile (src/analytics/profile.ts), vectorised.

Reads one binary file of little-endian float64 written by bench/core.bench.ts: lo, hi, points, n,
then the chain's n weights w_i, d1 shifts and σ√t (the columns of src/chain/columnar.ts). The grid
is log-spaced from lo to hi (the last point exactly hi), and

    netGex(S_j) = S_j · Σ_i w_i · exp(−d1_ij² / 2),   d1_ij = (ln S_j + d1Shift_i) / stdDev_i,

computed as an (options × points) broadcast in chunks of options, so the temporaries stay a few
MB. Prints one line of JSON: the median of 21 timed runs after 5 warm-up runs in ms, and the
checksum Σ_j |netGex_j| that the benchmark compares with its own profile's.
"""

import json
import statistics
import sys
import time

import numpy as np

CHUNK = 512  # options per broadcast: 512 × 1,000 float64 = 4 MB a temporary


def profile(x, spots, w, shift, sd):
    acc = np.zeros_like(x)
    for a in range(0, len(w), CHUNK):
        d = (x[None, :] + shift[a:a + CHUNK, None]) / sd[a:a + CHUNK, None]
        np.multiply(d, d, out=d)
        np.multiply(d, -0.5, out=d)
        np.exp(d, out=d)
        acc += w[a:a + CHUNK] @ d
    return spots * acc


def main():
    data = np.fromfile(sys.argv[1], dtype="<f8")
    lo, hi, points, n = data[0], data[1], int(data[2]), int(data[3])
    w, shift, sd = data[4:4 + n], data[4 + n:4 + 2 * n], data[4 + 2 * n:4 + 3 * n]
    h = np.log(hi / lo) / (points - 1)
    spots = lo * np.exp(np.arange(points) * h)
    spots[-1] = hi
    x = np.log(spots)
    for _ in range(5):
        result = profile(x, spots, w, shift, sd)
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        result = profile(x, spots, w, shift, sd)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"ms": statistics.median(times), "checksum": float(np.abs(result).sum())}))


main()

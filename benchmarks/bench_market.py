"""Benchmark the emissions-trading market solver (a script, not a test).

Run:  PYTHONPATH=. python benchmarks/bench_market.py

Prints
1. the median time to clear a 40-Party market with ``clear_market`` (full result table) and
   with the bare solver ``clearing_price``;
2. solver times for 10, 1 000, 100 000 and 1 000 000 Parties, with time / (n log2 n) to show
   the O(n log n) growth of the sort-over-breakpoints method;
3. side by side on the same markets, SciPy's ``brentq`` on the excess-demand function
   ``sum(clip(p / s_i, 0, max_i)) - R`` (skipped with a message if SciPy is missing).

Markets are random but seeded, so runs are comparable. Timings depend on the machine.
"""

from __future__ import annotations

import math
import statistics
import sys
import time

import numpy as np
import pandas as pd

from climatelab import market


def random_market(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    slopes = rng.lognormal(mean=0.0, sigma=1.0, size=n)  # USD/t per Mt
    maxes = rng.uniform(1.0, 100.0, size=n)  # Mt/yr
    required = 0.6 * float(maxes.sum())  # some Parties end at their max, some inside
    return slopes, maxes, required


def median_us(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1e3


def main() -> None:
    try:
        from scipy.optimize import brentq
    except ImportError:
        brentq = None

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}")

    # 1. A 40-Party market.
    slopes, maxes, required = random_market(40)
    parties = pd.DataFrame(
        {
            "party": [f"P{i}" for i in range(40)],
            "bau": maxes * 3.0,
            "cap": maxes * 3.0 - 0.6 * maxes,
            "mac_slope": slopes,
            "max_abatement": maxes,
        }
    )
    full = median_us(lambda: market.clear_market(parties), 2000)
    core = median_us(lambda: market.clearing_price(slopes, required, maxes), 5000)
    print("\n40-Party market (median of many runs)")
    print(f"  clear_market (validation + full table): {full:9.1f} us   (2000 runs)")
    print(f"  clearing_price (solver only):           {core:9.1f} us   (5000 runs)")

    # 2 and 3. Growth with n, and brentq on the same markets.
    print("\nSolver time by number of Parties (median)")
    header = f"  {'n':>9}  {'runs':>5}  {'sort+cumsum':>12}  {'ns/(n log2 n)':>13}"
    if brentq is not None:
        header += f"  {'brentq':>12}  {'brentq/ours':>11}  {'|p diff|/p':>10}"
    print(header)
    for n, runs in ((10, 2000), (1_000, 500), (100_000, 20), (1_000_000, 5)):
        s, m, r = random_market(n, seed=n)
        price = market.clearing_price(s, r, m)
        ours = median_us(lambda s=s, m=m, r=r: market.clearing_price(s, r, m), runs)
        per = ours * 1e3 / (n * math.log2(n))
        line = f"  {n:>9,}  {runs:>5}  {ours:>10.1f}us  {per:>13.2f}"
        if brentq is not None:
            hi = float(np.max(s * m))

            def excess(p, s=s, m=m, r=r):
                return float(np.minimum(p / s, m).sum()) - r

            def solve(excess=excess, hi=hi):
                return brentq(excess, 0.0, hi, xtol=1e-12, rtol=1e-12)

            theirs = median_us(solve, runs)
            diff = abs(solve() - price) / price
            line += f"  {theirs:>10.1f}us  {theirs / ours:>11.2f}  {diff:>10.1e}"
        print(line)
    if brentq is None:
        print("  (scipy not installed: brentq comparison skipped; pip install scipy)")
    else:
        print(
            "  brentq: scipy.optimize.brentq on the excess-demand function, bracket "
            "[0, max slope*max], xtol = rtol = 1e-12; each evaluation is one vectorised O(n) pass."
        )


if __name__ == "__main__":
    main()

"""Engine benchmarks: candidate-weeks per second across sizes, memory per candidate.

Run with ``make bench`` (or ``python benchmarks/engine.py``). Prints figures; asserts
nothing — targets live here, never as timed tests. Targets (DESIGN §8):

- ≥ 4,000,000 candidate-weeks per second at 10,000 candidates on one core;
- < 2 KB of memory per candidate.

The cost per candidate-week across sizes (1,000 to 1,000,000) is printed for reading,
not held to a target: how a week's cost splits into a fixed part and a part per
candidate says where speed-ups pay.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import numpy as np

from sim.config import SimConfig
from sim.model.market import Market

WEEKS = 104


def sized_config(n_candidates: int, weeks: int = WEEKS) -> SimConfig:
    """Default market scaled so that ML + general candidates total ``n_candidates``.

    Firms scale with the market: one startup per 10 candidates and one big-tech firm or
    lab per ~800 candidates (at least the default 8 + 4).
    """
    base = SimConfig()
    per_ml = 1.0 + base.candidates.general_per_ml
    n_ml = max(int(round(n_candidates / per_ml)), 1)
    n_bt = max(8, n_candidates // 1200)
    return base.with_overrides({
        "market.weeks": weeks,
        "candidates.n_ml": n_ml,
        "startups.n": max(n_candidates // 10, 1),
        "bigtech.n_bigtech": n_bt,
        "bigtech.n_labs": max(4, n_bt // 2),
    })


def time_run(cfg: SimConfig, seed: int = 1) -> tuple[float, float, int]:
    """(build, step, candidates): CPU seconds of this process, so other load does not count."""
    gc.collect()
    t0 = time.process_time()
    m = Market(cfg, seed=seed)
    t1 = time.process_time()
    m.run()
    t2 = time.process_time()
    return t1 - t0, t2 - t1, int(m.cands.entered.sum())


def memory_per_candidate(cfg: SimConfig) -> float:
    """Peak traced bytes per candidate while building and running a market."""
    gc.collect()
    tracemalloc.start()
    m = Market(cfg, seed=2).run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / m.cands.n


def fixed_and_marginal(weekly: dict[int, float]) -> str:
    """Split a week's cost into a fixed part and a part per candidate (least squares).

    A week costs about ``fixed + marginal × candidates``. Fitted in relative terms, so
    every size counts alike.
    """
    n = np.array(list(weekly), dtype=float)
    t = np.array(list(weekly.values()))
    (fixed, marginal), *_ = np.linalg.lstsq(np.c_[1.0 / t, n / t], np.ones(len(t)), rcond=None)
    return f"a week costs ≈ {fixed * 1e3:.2f} ms fixed + {marginal * 1e9:.0f} ns per candidate"


def main() -> None:
    """Print the engine benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*",
                        default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    Market(sized_config(1_000, weeks=2), seed=0).run()  # warm imports and caches
    print(f"{'candidates':>12} {'build s':>9} {'run s':>9} {'cand-weeks/s':>14} "
          f"{'ns/cand-week':>13}")
    costs: dict[int, float] = {}
    weekly: dict[int, float] = {}  # candidates in the market → CPU seconds per week
    for n in args.sizes:
        cfg = sized_config(n)
        repeat = args.repeat if n <= 100_000 else 1
        best = min((time_run(cfg, seed=s) for s in range(repeat)), key=lambda t: t[1])
        build, step, entered = best
        rate = entered * WEEKS / step
        costs[n] = 1e9 / rate
        weekly[entered] = step / WEEKS
        print(f"{n:>12,} {build:>9.3f} {step:>9.3f} {rate:>14,.0f} {costs[n]:>13.1f}")
    print("target: >= 4,000,000 candidate-weeks/s at 10,000 candidates")
    if len(costs) > 1:
        spread = max(costs.values()) / min(costs.values())
        print(f"cost per candidate-week, max/min across sizes: {spread:.2f}x")
        print(fixed_and_marginal(weekly))
    for n in (10_000,):
        print(f"peak memory per candidate at {n:,}: {memory_per_candidate(sized_config(n)):,.0f}"
              " bytes (target < 2048)")
    t0 = time.process_time()
    Market(SimConfig(), seed=3).run()
    print(f"one default run (baseline size, {WEEKS} weeks): {time.process_time() - t0:.3f} s")


if __name__ == "__main__":
    main()

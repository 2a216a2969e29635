"""How much a founder's levers disturb the rest of the market's luck (common random numbers).

Runs a founder's scenario under two strategies on the same seeds and prints, for metrics
of the whole market, the paired difference (second strategy minus first) with its 95%
t-interval and its standard deviation over seeds. One startup among hundreds changed,
so the true differences are close to zero; the standard deviation is the noise the
strategy lab's paired comparisons carry (docs/architecture.md, "Randomness").

Usage::

    PYTHONPATH=. .venv/bin/python scripts/crn_check.py [-r 40] [--scenario FILE]
        [--strategies stage_aligned lean_and_explained] [--weeks W]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sim.experiments.runs import replication_seeds, run_metrics
from sim.experiments.scenarios import load_scenario
from sim.experiments.stats import mean_ci
from sim.experiments.strategy_lab import apply_strategy, load_strategy

METRICS = ("fill_rate.startup", "offer_acceptance.startup", "vacancy_yield.all")
"""Outcomes of the whole market (the focal startup is one of about 150 startups)."""


def main(argv: list[str] | None = None) -> None:
    """Print the rest of the market's paired differences between two strategies."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-r", "--replications", type=int, default=40)
    ap.add_argument("--scenario", default="docs/examples/seed_startup.toml")
    ap.add_argument("--strategies", nargs=2, default=["stage_aligned", "lean_and_explained"])
    ap.add_argument("--weeks", type=int, default=None, help="override market.weeks")
    args = ap.parse_args(argv)
    cfg = load_scenario(args.scenario).config
    if args.weeks:
        cfg = cfg.with_overrides({"market.weeks": args.weeks})
    first, second = (apply_strategy(cfg, load_strategy(s)) for s in args.strategies)
    start = time.perf_counter()
    diffs: dict[str, list[float]] = {k: [] for k in METRICS}
    for seed in replication_seeds(0, args.replications):
        a, b = run_metrics(first, seed), run_metrics(second, seed)
        for k in METRICS:
            diffs[k].append(b[k] - a[k])
    print(f"{args.scenario}: {args.strategies[1]} − {args.strategies[0]}, "
          f"{args.replications} common seeds ({time.perf_counter() - start:.0f} s)")
    print(f"{'metric':26s} {'mean diff':>10s}  {'95% interval':>22s}  {'sd':>7s}")
    for k, values in diffs.items():
        x = np.array(values)
        mean, low, high, _ = mean_ci(x)
        print(f"{k:26s} {mean:+10.4f}  [{low:+.4f}, {high:+.4f}]  {x.std(ddof=1):7.4f}")


if __name__ == "__main__":
    main()

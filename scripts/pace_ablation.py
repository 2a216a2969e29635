"""What each part of the market's pace contributes: one change undone at a time.

Runs the default market and, on the same seeds, the default with one mechanism or
setting of the market's pace put back to its value before the recalibration (DESIGN §8
"Flows"; docs/validity.md, "The market's pace"), and prints the flows and acceptance
of each arm with the paired difference from the default (mean over replications).

Usage::

    .venv/bin/python scripts/pace_ablation.py [-r 4] [--seed 0] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from sim.config import SimConfig
from sim.config.stale_seats import RESPONSES
from sim.experiments.runs import replication_seeds, run_metrics

NONE = {r: 0.0 for r in RESPONSES}
UNDO: dict[str, dict[str, Any]] = {
    "default": {},
    "looks at any seat (offrole_look_share 1)": {"candidates.offrole_look_share": 1.0},
    "screens hold a slot": {"candidates.screen_holds_slot": True},
    "no weekly application budget": {"candidates.applications_per_week": 0},
    "3 interview loops, not 5": {"candidates.max_processes": 3.0},
    "12 search weeks, not 6": {"candidates.search_weeks": 12.0},
    "pass bar 0.3, not 0.1": {"hiring.pass_bar": 0.3},
    "no closing call": {"hiring.closing_check": 0.0, "hiring.closing_check_startup": 0.0},
    "one process per seat, not per firm": {"hiring.one_process_per_firm": False},
    "big-tech sourcing 0.05, not 0.13": {"hiring.sourcing_rate_bigtech": 0.05},
    "no counter-offers": {"pricing.counter_offer_rate_startup": 0.0,
                          "pricing.counter_offer_rate_bigtech": 0.0},
    "no matching": {"pricing.match_cap_share_startup": 0.0,
                    "pricing.match_cap_share_bigtech": 0.0,
                    "pricing.startup_match_equity_mult": 1.0},
    "no pay index": {"pricing.pay_index_drift": 0.0},
    "no stale-seat responses": {"stale_seats.startup_response": NONE,
                                "stale_seats.bigtech_response": NONE},
    "no backfill, no outside seekers": {"market.bigtech_backfill_share": 0.0,
                                        "market.supply_response": 0.0},
}
"""Arm label → the overrides that undo one part (the defaults before, per parameter)."""

COLUMNS = (("vacancy_yield.all", "yield"), ("matches_per_seeker_month", "hires/seeker-mo"),
           ("seat_filled_by.life.startup", "filled S"), ("seat_filled_by.life.bigtech",
                                                         "filled B"),
           ("offer_acceptance.startup", "accept S"), ("offer_acceptance.bigtech", "accept B"),
           ("weeks_to_fill.median", "fill wk"), ("demand_supply_ratio", "ratio"))


def _run(job: tuple[str, int]) -> tuple[str, int, dict[str, float]]:
    arm, seed = job
    return arm, seed, run_metrics(SimConfig().with_overrides(UNDO[arm]), seed)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-r", "--replications", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    seeds = replication_seeds(args.seed, args.replications)
    jobs = [(arm, s) for arm in UNDO for s in seeds]
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(_run, jobs))
    by = {(a, s): m for a, s, m in results}
    mean = {a: {k: float(np.mean([by[a, s][k] for s in seeds])) for k, _ in COLUMNS}
            for a in UNDO}
    print(f"One part undone at a time: {args.replications} paired runs per arm, base seed "
          f"{args.seed}; each cell is the arm's mean (its difference from the default).")
    print()
    print("| Arm | " + " | ".join(label for _, label in COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for a in UNDO:
        cells = []
        for k, _ in COLUMNS:
            d = mean[a][k] - mean["default"][k]
            cells.append(f"{mean[a][k]:.3g}" + ("" if a == "default" else f" ({d:+.3f})"))
        print(f"| {a} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

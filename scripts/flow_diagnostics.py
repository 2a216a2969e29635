"""Stocks and flows of the default market, and what Little's law makes of them (issue 7).

The identity and every term are in :mod:`sim.experiments.stocks`; this script prints them for the
default market and a second configuration, and adds what the frames do not hold (ML
unemployment by level, juniors' share of the active seekers) by stepping the same
markets.

Usage::

    .venv/bin/python scripts/flow_diagnostics.py [-r 4] [--base-seed 0] [--burn-in 26]
                                                  [--set market.demand_supply_ratio=1.0 ...]

Prints one Markdown table: the default market (3:1) and the same market at 1:1 (or at
the ``--set`` overrides), means over the replications of weeks after the burn-in.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

import sim
from sim.config import SimConfig
from sim.config.codes import GENERAL, N_SENIORITY, REQ_OPEN, SENIORITIES, UNEMPLOYED
from sim.experiments.runs import replication_seeds
from sim.experiments.scenarios import apply_overrides
from sim.experiments.stocks import stocks_and_flows
from sim.model.market import Market


def seeker_mix(cfg: SimConfig, seeds: list[int], burn_in: int) -> dict[str, float]:
    """ML unemployment, active seekers and open seats, by level.

    The frames count general engineers among the unemployed and do not split seekers or
    open seats by level, so this steps the same markets (same seeds) and counts ML
    candidates only, pooled over the weeks after the burn-in and the seeds.
    """
    jobless, labour, looking, seats = np.zeros((4, N_SENIORITY))  # counts by level
    for seed in seeds:
        m = Market(cfg, seed=seed)
        for _ in range(cfg.market.weeks):
            m.step()
            if m.week <= burn_in:
                continue
            c, r = m.cands, m.reqs
            ml = c.entered & (c.role != GENERAL)
            out = ml & (c.employer == UNEMPLOYED)
            jobless += np.bincount(c.seniority[out], minlength=N_SENIORITY)
            labour += np.bincount(c.seniority[out | (ml & (c.employer >= 0))],
                                  minlength=N_SENIORITY)
            looking += np.bincount(c.seniority[ml & c.searching], minlength=N_SENIORITY)
            seats += np.bincount(r["seniority"][r["status"] == REQ_OPEN],
                                 minlength=N_SENIORITY)
    mix = {"ML unemployment rate": jobless.sum() / max(labour.sum(), 1),
           "juniors' share of active ML seekers": looking[0] / max(looking.sum(), 1)}
    for level, name in enumerate(SENIORITIES):
        mix[f"ML unemployment rate, {name}"] = jobless[level] / max(labour[level], 1)
    for level, name in enumerate(SENIORITIES):
        mix[f"open seats ÷ active ML seekers, {name}"] = seats[level] / max(looking[level], 1)
    mix["open seats ÷ active ML seekers, mid and above"] = seats[1:].sum() / max(
        looking[1:].sum(), 1)
    return mix


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-r", "--replications", type=int, default=4)
    ap.add_argument("--base-seed", type=int, default=0)
    ap.add_argument("--burn-in", type=int, default=26, help="weeks left out (default 26)")
    ap.add_argument("--set", action="append", default=None, metavar="PATH=VALUE",
                    help="the second arm's overrides (default market.demand_supply_ratio=1.0)")
    args = ap.parse_args(argv)
    second = args.set or ["market.demand_supply_ratio=1.0"]
    arms = {"default (3:1)": SimConfig(), ", ".join(second): apply_overrides(SimConfig(), second)}
    cols = {}
    for name, cfg in arms.items():
        res = sim.run(cfg, replications=args.replications, base_seed=args.base_seed)
        cols[name] = stocks_and_flows(res, args.burn_in)
        cols[name].update(seeker_mix(cfg, replication_seeds(args.base_seed, args.replications),
                                     args.burn_in))
    table = pd.DataFrame(cols)
    print(f"Stocks and flows, weeks {args.burn_in + 1}–{SimConfig().market.weeks}, "
          f"{args.replications} replications, base seed {args.base_seed}:\n")
    print("| Quantity | " + " | ".join(table.columns) + " |")
    print("|---" * (len(table.columns) + 1) + "|")
    for name, row in table.iterrows():
        cells = (f"{v:.3g}" if np.isfinite(v) else "–" for v in row)
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Stocks and flows of the default market, and what Little's law makes of them (issue 7).

Time to fill is not a free output of the model. In a steady state the average open seat
lives ``L_seat = S / (F + C)`` weeks (S open seats, F seats filled and C closed unfilled
per week), and the average active seeker is hired after about ``1 / h`` weeks, where
``h = H / A`` is the weekly hire rate per active ML seeker (H ML hires per week, A
active ML seekers). M1 holds ``S ≈ ratio × A``, so, with F ≈ H,

    L_seat ≈ ratio × (1 / h) × F / (F + C),

that is: a seat lives ``ratio`` times as long as a seeker searches, less the share of
seats that close unfilled. This script measures every term from ``sim.run`` frames, so
that a calibration of time to fill can be read as a calibration of the seekers' hire
rate (and of the unemployment and time-on-market figures that go with it).

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
from sim.codes import GENERAL, N_SENIORITY, SENIORITIES, UNEMPLOYED
from sim.config import SimConfig
from sim.market import Market
from sim.run import replication_seeds
from sim.scenario import apply_overrides

DAYS = 7.0


def flows(res: sim.Results, burn_in: int, max_open: int, weeks: int) -> dict[str, float]:
    """Every stock and flow of the Little's-law identity, from one arm's frames."""
    w = res.weekly[res.weekly.week > burn_in]
    n_weeks = w.groupby("seed").size().mean()
    reqs, ev = res.requisitions, res.events
    ended = reqs[(reqs.closed_week > burn_in)]
    kinds = {"startup": ended.firm_kind == "startup", "bigtech": ended.firm_kind != "startup"}
    per_seed = len(res.runs)
    out: dict[str, float] = {}
    out["active ML seekers A"] = w.active_ml_candidates.mean()
    for k, stock in (("startup", "open_reqs_startup"), ("bigtech", "open_reqs_bigtech")):
        filled = (ended.status == "filled") & kinds[k]
        closed = (ended.status == "closed") & kinds[k]
        f = filled.sum() / per_seed / n_weeks
        c = closed.sum() / per_seed / n_weeks
        out[f"open seats S, {k}"] = w[stock].mean()
        out[f"filled per week F, {k}"] = f
        out[f"closed unfilled per week C, {k}"] = c
        out[f"seat life S/(F+C), weeks, {k}"] = w[stock].mean() / (f + c)
        # Seats opened early enough to have ended by the run's end (life ≤ max_open).
        done = reqs[(reqs.opened_week > burn_in) & (reqs.opened_week < weeks - max_open - 1)
                    & ((reqs.firm_kind == "startup") == (k == "startup"))]
        out[f"seat life measured, weeks, {k}"] = (done.closed_week - done.opened_week).mean()
    hires = ev[(ev.event == "hire") & (ev.week > burn_in) & (ev.candidate_role != "general")]
    h = len(hires) / per_seed / n_weeks / out["active ML seekers A"]
    out["ML hires per active ML seeker-week h"] = h
    out["implied weeks on the market 1/h"] = 1.0 / h
    out["realised ratio S/A"] = (w.open_reqs / w.active_ml_candidates).mean()
    hired_proc = ev[(ev.event == "process_end") & (ev.cause == "hired") & (ev.week > burn_in)]
    for k, sel in (("startup", hired_proc.firm_kind == "startup"),
                   ("big tech", hired_proc.firm_kind == "bigtech"),
                   ("lab", hired_proc.firm_kind == "lab")):
        out[f"hire's process, median days, {k}"] = hired_proc[sel].weeks.median() * DAYS
    opened = reqs[reqs.opened_week > burn_in]
    out["juniors' share of seats opened"] = (opened.seniority == "junior").mean()
    filled = ended[ended.status == "filled"]
    out["time to fill, filled seats, median days"] = (
        (filled.closed_week - filled.opened_week).median() * DAYS)
    return out


def seeker_mix(cfg: SimConfig, seeds: list[int], burn_in: int) -> dict[str, float]:
    """ML unemployment by level and juniors' share of the active ML seekers.

    The weekly frame's ``unemployed`` counts general engineers too, so this steps the
    same markets (same seeds) and counts ML candidates only, pooled over weeks and seeds.
    """
    jobless, labour, active, junior = np.zeros(N_SENIORITY), np.zeros(N_SENIORITY), 0, 0
    for seed in seeds:
        m = Market(cfg, seed=seed)
        for _ in range(cfg.market.weeks):
            m.step()
            if m.week <= burn_in:
                continue
            c = m.cands
            ml = c.entered & (c.role != GENERAL)
            out = ml & (c.employer == UNEMPLOYED)
            jobless += np.bincount(c.seniority[out], minlength=N_SENIORITY)
            labour += np.bincount(c.seniority[out | (ml & (c.employer >= 0))],
                                  minlength=N_SENIORITY)
            looking = ml & c.searching
            active += np.count_nonzero(looking)
            junior += np.count_nonzero(looking & (c.seniority == 0))  # 0: junior
    mix = {"ML unemployment rate": jobless.sum() / max(labour.sum(), 1),
           "juniors' share of active ML seekers": junior / max(active, 1)}
    for level, name in enumerate(SENIORITIES):
        mix[f"ML unemployment rate, {name}"] = jobless[level] / max(labour[level], 1)
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
        cols[name] = flows(res, args.burn_in, cfg.market.req_max_open_weeks, cfg.market.weeks)
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

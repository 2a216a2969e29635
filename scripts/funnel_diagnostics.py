"""Where the matching funnel loses time: a seeker's week, from looking to an offer.

Steps default markets week by week and prints, after the first quarter of the run
(the window of the flow metrics, sim.outputs.flows), per active ML seeker-week:

- how many processes a seeker holds and how many free slots they leave unused
  (slot-bound search: a seeker with no free slot cannot apply);
- how many applications they send, and what share of them ends in an offer;
- how long a process lasts, and how it ends, by cause and by the stage it reached
  (what screening rejects, and when);
- what a seat gets over its whole life: applicants, those of its role, offers, and
  the share of seats that never make one (the firms' side of the funnel);
- the flow metrics the funnel adds up to (vacancy yield, matches per seeker-month).

It is the diagnosis behind DESIGN §8's "Flows" targets; it changes nothing.

Usage::

    .venv/bin/python scripts/funnel_diagnostics.py [-r 2] [--set key=value ...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import numpy as np

from sim.config import SimConfig
from sim.config.codes import CAUSE_NAMES, EV_OFFER, EV_PROCESS_END, GENERAL, STARTUP
from sim.experiments.runs import replication_seeds
from sim.experiments.scenarios import parse_override
from sim.model.market import Market
from sim.model.phases.applications import free_slots
from sim.model.recorder import WEEKLY_COLUMNS
from sim.outputs.flows import settle_weeks
from sim.outputs.measures import compute_metrics


def funnel(cfg: SimConfig, seed: int) -> dict[str, float]:
    """The funnel's weekly averages for one run (after the settling quarter)."""
    m = Market(cfg, seed=seed)
    start = settle_weeks(cfg.market.weeks)
    seeker_weeks = held = free = apps = offers = 0.0
    col = {name: i for i, name in enumerate(WEEKLY_COLUMNS)}
    for _ in range(cfg.market.weeks):
        m.step()
        if m.week <= start:
            continue
        c, p = m.cands, m.procs
        seeking = c.entered & c.searching & (c.role != GENERAL)
        live_per = np.bincount(p["cand"][p["live"]], minlength=c.n)
        seeker_weeks += np.count_nonzero(seeking)
        held += live_per[seeking].sum()
        free += np.clip(free_slots(m)[seeking], 0, None).sum()  # the model's own count
        apps += m.recorder.rows[-1][col["applications"]]
        offers += m.recorder.rows[-1][col["offers"]]
    e = m.events
    ends = (e["kind"] == EV_PROCESS_END) & (e["week"] > start)
    metrics = compute_metrics(m)
    out = {
        "processes held per seeker": held / seeker_weeks,
        "free slots per seeker": free / seeker_weeks,
        "applications per seeker-week": apps / seeker_weeks,
        "process weeks, mean (ended)": float(e["weeks"][ends].mean()),
        "offers per application": offers / apps if apps else float("nan"),
        "vacancy yield (per month)": metrics["vacancy_yield.all"],
        "matches per seeker-month": metrics["matches_per_seeker_month"],
    }
    causes = Counter(CAUSE_NAMES[k] for k in e["cause"][ends])
    total = sum(causes.values())
    for cause, n in sorted(causes.items(), key=lambda kv: -kv[1]):
        out[f"ended as {cause}"] = n / total
    # The seats' side: what a seat gets over its whole life (seats that have ended).
    r = m.reqs
    ended = r["opened"] <= m.week - cfg.market.req_max_open_weeks
    offers_per_seat = np.bincount(e["req"][e["kind"] == EV_OFFER], minlength=len(r))
    startup = r["firm_kind"] == STARTUP
    for kind, mask in (("startup", startup), ("big tech", ~startup)):
        seats = ended & mask
        out[f"{kind} seat: applicants over its life"] = float(r["applicants"][seats].mean())
        out[f"{kind} seat: of its own role"] = float(r["relevant"][seats].mean())
        out[f"{kind} seat: offers over its life"] = float(offers_per_seat[seats].mean())
        out[f"{kind} seat: share never making an offer"] = float(
            np.mean(offers_per_seat[seats] == 0))
    # Why offers are declined: the candidate took another offer, or stayed put.
    declined = ends & (e["cause"] == CAUSE_NAMES.index("offer_declined"))
    for kind, mask in (("startup", e["firm_kind"] == STARTUP),
                       ("big tech", e["firm_kind"] != STARTUP)):
        rows = declined & mask
        n = max(int(rows.sum()), 1)
        out[f"{kind} offers declined: took another offer"] = float(
            np.count_nonzero(rows & (e["took_kind"] >= 0)) / n)
    screened = ends & (e["cause"] == CAUSE_NAMES.index("screened_out"))
    stages = Counter(int(s) for s in e["stage"][screened])
    for stage in sorted(stages):
        out[f"screened out at stage {stage}"] = stages[stage] / max(screened.sum(), 1)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-r", "--replications", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args(argv)
    overrides = dict(parse_override(s) for s in args.set)
    cfg = SimConfig().with_overrides(overrides) if overrides else SimConfig()
    rows = [funnel(cfg, s) for s in replication_seeds(args.seed, args.replications)]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    width = max(len(k) for k in keys)
    print(f"Funnel, default market{' with ' + ', '.join(args.set) if args.set else ''}: "
          f"{args.replications} runs, weeks {settle_weeks(cfg.market.weeks) + 1}–"
          f"{cfg.market.weeks}")
    for k in keys:
        values = [r.get(k, 0.0) for r in rows]
        print(f"  {k:<{width}}  {np.mean(values):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare default runs with the calibration ranges (issue 7, part 3).

Runs the default market (the ``baseline`` preset, 3:1) and the same market at 1:1 on
common seeds, and sets offer acceptance, time to fill and annual attrition beside the
ranges in ``calibration.md``:

- offer acceptance 0.55–0.90 (cal §8 #39: Gem tech 71%, Lever engineers ~59%, Ashby ~82.5%);
- time to fill 44–49 days in the balanced (1:1) arm (cal §3a: Bersin/AMS 44 days
  requisition → accepted offer, all roles; LinkedIn 49 days application → first day,
  engineering): whole-market figures, so a balanced market is the like-for-like arm;
- time to fill 48–62 days in the default ML market at 3:1 (cal §3a: senior engineers in
  the Bay Area 48–62 days, **L**; the DeepRec post behind the 3:1 figure, cal §0, is
  titled "54 days and counting" for early-stage ML systems roles). The all-roles 44–49
  is not used at 3:1: ML seats in a market three times tighter should exceed it;
- time on the market 10–30 days (cal §8 #43: Hired, developers with 8+ offers accept
  within 16 days, those with one offer take more than 23): the seeker-side twin of
  time to fill (see ``sim.experiments.stocks``);
- annual attrition 15–30% at startups, 10–25% at big tech (cal §8 #50), derived from the
  events as attrition events ÷ staff-years (weekly headcounts summed ÷ 52).

Usage::

    .venv/bin/python scripts/calibration_check.py [-r 10] [--base-seed 0] [--workers 2]
                                                   [--json]

Prints a Markdown table (or JSON) with each quantity's mean, 95% interval over the
replications, the calibration range and whether the mean lies inside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "behaviour"))

import validity_claims as vc  # noqa: E402

from sim.experiments.stats import mean_ci  # noqa: E402

DAYS_PER_WEEK = 7.0

# (label, arm, metric, scale, low, high, source)
TARGETS: tuple[tuple[str, str, str, float, float, float, str], ...] = (
    ("Offer acceptance, all firms", "baseline", "x.offer_acceptance.all", 1.0, 0.55, 0.90,
     "cal §8 #39"),
    ("Offer acceptance, startups", "baseline", "offer_acceptance.startup", 1.0, 0.55, 0.90,
     "cal §8 #39 (Lever engineers ~0.59)"),
    ("Offer acceptance, big tech and labs", "baseline", "offer_acceptance.bigtech", 1.0, 0.55,
     0.90, "cal §8 #39"),
    ("Time to fill, median days, all firms, 3:1", "baseline", "weeks_to_fill.median",
     DAYS_PER_WEEK, 48.0, 62.0, "cal §3a (senior engineers 48–62, L; DeepRec 54)"),
    ("Time to fill, median days, startups, 3:1", "baseline", "weeks_to_fill.startup",
     DAYS_PER_WEEK, 48.0, 62.0, "cal §3a, cal §0 (DeepRec: 54 days, early-stage ML)"),
    ("Time to fill, median days, big tech, 3:1", "baseline", "weeks_to_fill.bigtech",
     DAYS_PER_WEEK, 48.0, 62.0, "cal §3a (process 42 days, cal §8 #34, + offer window)"),
    ("Time to fill, median days, all firms, 1:1", "ratio_1", "weeks_to_fill.median",
     DAYS_PER_WEEK, 44.0, 49.0, "cal §3a (like-for-like: a balanced market)"),
    ("Time on the market, ML hires, median days, 3:1", "baseline", "weeks_on_market.median",
     DAYS_PER_WEEK, 10.0, 30.0, "cal §8 #43 (Hired: top candidates 16 days; one offer >23)"),
    ("Annual attrition, startups", "baseline", "x.attrition_annual.startup", 1.0, 0.15, 0.30,
     "cal §8 #50 (default 0.22)"),
    ("Annual attrition, big tech and labs", "baseline", "x.attrition_annual.bigtech", 1.0,
     0.10, 0.25, "cal §8 #50 (defaults 0.15 / 0.13)"),
    ("Realised demand/supply ratio, 3:1 setting", "baseline", "demand_supply_ratio", 1.0, 2.7,
     3.3, "M1 setting 3.0 ± 10%"),
    # The market's pace (DESIGN §8 "Flows"): missed today, validity.md "Known deviations".
    ("Vacancy yield, hires per open seat-month, 3:1", "baseline", "vacancy_yield.all", 1.0,
     0.2, 0.4, "DESIGN §8 (JOLTS floor 0.57 at 1.8:1; matching function at 3:1)"),
    ("Matches per active ML seeker-month, 3:1", "baseline", "matches_per_seeker_month", 1.0,
     0.6, 1.2, "DESIGN §8 (3 × the vacancy yield)"),
    ("Startup seats filled before they close, 3:1", "baseline", "fill_rate.startup", 1.0,
     0.6, 1.0, "DESIGN §8 (a yield of 0.1 a month fills 60% in 9 months)"),
    ("Big-tech seats filled before they close, 3:1", "baseline", "fill_rate.bigtech", 1.0,
     0.75, 1.0, "DESIGN §8"),
)


def check(replications: int, base_seed: int, workers: int) -> list[dict[str, object]]:
    """Run the arms and compare each target quantity with its calibration range."""
    runs = vc.run_arms(["baseline", "ratio_1"], replications=replications,
                       base_seed=base_seed, workers=workers)
    rows = []
    for label, arm, metric, scale, low, high, source in TARGETS:
        x = vc.values(runs, arm, metric).to_numpy(dtype=float) * scale
        mean, lo, hi, n = mean_ci(x)
        rows.append({"quantity": label, "arm": arm, "metric": metric, "scale": scale,
                     "mean": mean, "ci95_low": lo, "ci95_high": hi, "n": n,
                     "range_low": low, "range_high": high, "source": source,
                     "inside": bool(np.isfinite(mean) and low <= mean <= high)})
    return rows


def to_markdown(rows: list[dict[str, object]], header: str) -> str:
    """The comparison as a Markdown table."""
    lines = [header, "",
             "| Quantity | Model mean (95% CI) | Calibration range | Source | Inside? |",
             "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['quantity']} | {r['mean']:.3g} ({r['ci95_low']:.3g}–"
                     f"{r['ci95_high']:.3g}) | {r['range_low']:g}–{r['range_high']:g} | "
                     f"{r['source']} | {'yes' if r['inside'] else '**no**'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-r", "--replications", type=int, default=10)
    ap.add_argument("--base-seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = ap.parse_args(argv)
    rows = check(args.replications, args.base_seed, args.workers)
    commit = vc.engine_version()
    if args.json:
        print(json.dumps({"commit": commit, "replications": args.replications,
                          "base_seed": args.base_seed, "rows": rows}, indent=2))
    else:
        print(to_markdown(rows, f"Calibration check at commit {commit}: default market, "
                                f"{args.replications} replications, base seed "
                                f"{args.base_seed}."))
    return 0


if __name__ == "__main__":
    sys.exit(main())

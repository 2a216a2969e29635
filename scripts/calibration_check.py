"""The market's pace beside its sourced ranges, at the shipped defaults (DESIGN §8).

Runs the default market (the ``baseline`` preset, 3:1) and the ratio sweep 1:1 to 5:1
on common seeds, and prints one table (``tests/behaviour/calibration_targets.py``):

- vacancy yield 0.2–0.4 hires per open seat-month, and hires per active seeker-month
  0.6–1.2 (three times the yield at 3:1);
- the share of seats filled before they close: startups ≥ 0.6, big tech ≥ 0.75;
- time to fill for filled seats 44–62 days; hired seekers' median time on the market
  21–56 days;
- offer acceptance: startups 0.55–0.75, big tech 0.70–0.90;
- annual attrition as sourced;
- the realised ratio within ±5% of each setting, and the matching function's
  elasticity with respect to seekers, 0.5–0.7, estimated over the sweep.

A row outside its range says why, naming the section of docs/validity.md that explains
it; ``tests/behaviour/test_calibration.py`` fails on a row outside without a reason.

Usage::

    .venv/bin/python scripts/calibration_check.py [-r 10] [--base-seed 0] [--workers 2]
                                                   [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "behaviour"))

import calibration_targets as ct  # noqa: E402
import validity_claims as vc  # noqa: E402


def check(replications: int, base_seed: int, workers: int) -> list[dict[str, object]]:
    """Run the arms and compare each target quantity with its calibration range."""
    runs = vc.run_arms(list(ct.RATIO_ARMS), replications=replications,
                       base_seed=base_seed, workers=workers)
    return ct.calibration_rows(runs)


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
        print(ct.to_markdown(rows, f"Calibration check at commit {commit}: default market and "
                                   f"the ratio sweep, {args.replications} replications, "
                                   f"base seed {args.base_seed}."))
    return 0


if __name__ == "__main__":
    sys.exit(main())

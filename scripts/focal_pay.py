"""Does paying 15% above the band help the focal startup? The pay claim at several seeds.

Runs the setting of ``tests/behaviour/focal_pay.py`` (a focal startup with 20 senior
seats over a year in a small market, at ``pay_mult`` 1.0 and 1.15 on common seeds) at
each base seed and prints every check of the claim with its 95% interval, plus the two
arms' means (docs/validity.md, "The market's pace").

Usage::

    .venv/bin/python scripts/focal_pay.py [-r 80] [--seeds 2024,0,1,2,3,4]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "behaviour"))

from focal_pay import PAY_MULTS, pay_checks, pay_runs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the pay arms at each base seed and print the claim's checks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--replications", type=int, default=80)
    parser.add_argument("--seeds", default="2024,0,1,2,3,4",
                        help="base seeds, comma-separated (default 2024,0,1,2,3,4)")
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip() or "unknown"
    print(f"engine {commit}; {args.replications} paired replications per base seed")
    for base in (int(s) for s in args.seeds.split(",")):
        start = time.perf_counter()
        runs = pay_runs(base, args.replications)
        means = {p: {k: np.mean([r[k] for r in runs[p]]) for k in runs[p][0]}
                 for p in PAY_MULTS}
        accept = {p: sum(r["hires"] for r in runs[p]) / sum(r["finalists"] for r in runs[p])
                  for p in PAY_MULTS}
        print(f"base seed {base} ({time.perf_counter() - start:.0f} s): finalist acceptance "
              + ", ".join(f"{accept[p]:.3f} at ×{p:g}" for p in PAY_MULTS) + "; hires "
              + ", ".join(f"{means[p]['hires']:.2f}" for p in PAY_MULTS) + "; seat-weeks open "
              + ", ".join(f"{means[p]['seat_weeks_open']:.1f}" for p in PAY_MULTS))
        for check in pay_checks(runs):
            print(f"  {check}")
        for p in PAY_MULTS:
            finalists = sum(r["finalists"] for r in runs[p])
            shares = {k.split(".", 1)[1]: sum(r[k] for r in runs[p]) / finalists
                      for k in runs[p][0] if k.startswith("declined.")}
            print(f"  ×{p:g}: of the finalists, declined and " + ", ".join(
                f"{k.replace('_', ' ')} {v:.3f}" for k, v in shares.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

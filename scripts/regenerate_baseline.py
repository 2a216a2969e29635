"""Regenerate the regression baseline ``tests/data/baseline_metrics.csv`` deliberately.

Recomputes every non-focal metric of every shipped preset at fixed seeds in a small
market (see ``tests/regression/baseline_table.py``), prints how the new table differs
from the stored one, and writes it. ``make baseline`` runs this. Run it only when the
engine changed on purpose, and commit the table with a message saying why.

Usage::

    .venv/bin/python scripts/regenerate_baseline.py [--check] [PRESET ...]

``--check`` prints the differences and exits 1 if there are any, without writing.
Naming presets recomputes only those (the rows of other presets are kept).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "regression"))

import baseline_table as bt  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("presets", nargs="*", help="recompute only these presets")
    ap.add_argument("--check", action="store_true",
                    help="only print the differences; exit 1 if there are any")
    args = ap.parse_args(argv)
    unknown = sorted(set(args.presets) - set(bt.presets()))
    if unknown:
        print(f"error: unknown preset(s) {', '.join(unknown)} "
              f"(presets: {', '.join(bt.presets())})", file=sys.stderr)
        return 2
    old = bt.read_table() if bt.TABLE_PATH.is_file() else {}
    fresh = bt.compute_table(args.presets or None)
    if args.presets:
        keep = {k: v for k, v in old.items() if k[0] not in set(args.presets)}
        new = {**keep, **fresh}
    else:
        new = fresh
    print(bt.summary(old, new))
    changed, removed, added = bt.differences(old, new)
    if args.check:
        return 1 if (changed or removed or added) else 0
    bt.write_table(new)
    print(f"wrote {bt.TABLE_PATH.relative_to(ROOT)} ({len(new)} rows; presets "
          f"{', '.join(sorted({k[0] for k in new}))}; seeds {bt.seeds()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

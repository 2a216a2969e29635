"""``hiresim discover``: where in a sweep's inputs does a condition on outcomes hold (PRIM).

The work is :func:`sim.sweep.discovery.discover_sweep`; this module parses the options
and prints the result. The PRIM library (and the matplotlib it loads) is imported only
when the command runs, so ``hiresim --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from sim.cli.common import int_at_least, render_table


def register(subparsers: Any) -> None:
    """Add the ``discover`` command."""
    p = subparsers.add_parser(
        "discover", help="find where in a sweep's inputs a condition holds (PRIM)",
        description="Scenario discovery on a sweep folder: the box of input ranges where "
                    "a condition on the metrics holds (PRIM). By default each design point "
                    "counts once, judged on its mean over successful replications. Prints "
                    "the peeling trajectory, the chosen box with the quasi-p-value of each "
                    "limit, the inputs that do not matter, and a one-line summary. If the "
                    "condition holds everywhere or nowhere, says so and exits 0.")
    p.add_argument("dir", metavar="DIR", help="sweep folder (from `hiresim sweep`)")
    p.add_argument("--where", required=True, metavar="EXPR",
                   help="condition on kept metrics, e.g. \"fill_rate.startup < 0.3\"; "
                        "numbers, + - * /, < <= > >= == !=, and/or/not, parentheses")
    choose = p.add_mutually_exclusive_group()
    choose.add_argument("--min-density", type=_share, default=None, metavar="D",
                        help="choose the highest-coverage box with at least this density "
                             "(default 0.8)")
    choose.add_argument("--box", type=int_at_least(0), metavar="N",
                        help="choose step N of the peeling trajectory instead")
    p.add_argument("--per-run", action="store_true",
                   help="judge every run on its own instead of each point's mean")
    p.add_argument("--mass-min", type=_share, default=0.05, metavar="M",
                   help="smallest share of the cases a box may hold (default 0.05)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_discover)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1] (got {text})")
    return value


def cmd_discover(args: argparse.Namespace) -> int:
    """Run PRIM on the sweep and print what it found."""
    # the PRIM library imports pyplot: never let it pick a GUI backend in a terminal
    os.environ.setdefault("MPLBACKEND", "Agg")
    from sim.sweep.discovery import MIN_DENSITY, discover_sweep

    found = discover_sweep(args.dir, args.where, per_run=args.per_run,
                           min_density=args.min_density or MIN_DENSITY, box=args.box,
                           mass_min=args.mass_min)
    if args.json:
        print(json.dumps(found.to_json_dict(), indent=2, ensure_ascii=False))
    else:
        print(render(found, args.min_density or MIN_DENSITY, args.box is not None))
    return 0


def render(found: Any, min_density: float, chosen_by_user: bool) -> str:
    """The discovery as text: counts, trajectory, box, free inputs, summary, notes."""
    unit = "design points (each judged on its mean over replications)" \
        if found.unit == "point" else "runs"
    if found.box is None:  # held everywhere or nowhere: the summary says so
        return "\n".join([found.summary, *(f"note: {note}" for note in found.notes)])
    share = f" ({found.n_true / found.n:.0%})" if found.n else ""
    lines = [f"{found.condition}: holds in {found.n_true} of {found.n} {unit}{share}"]
    why = "chosen with --box" if chosen_by_user else \
        f"chosen: highest coverage with density ≥ {min_density:g}"
    rows = [[str(int(r.step)), f"{r.coverage:.3f}", f"{r.density:.3f}", f"{r.mass:.3f}",
             str(int(r.restricted)), f"← {why}" if r.step == found.box else ""]
            for r in found.trajectory.itertuples()]
    lines += ["", "Peeling trajectory (PRIM: peeling, then pasting):",
              render_table(["step", "coverage", "density", "mass", "restricted", ""],
                           rows, right=[True] * 5 + [False])]
    box = found.trajectory.iloc[found.box]
    lines += ["", f"Box (step {found.box}): coverage {box.coverage:.2f}, density "
                  f"{box.density:.2f}, {box.mass:.0%} of the {found.unit}s"]
    if not found.limits.empty:
        rows = [[r.input, f"{r.low:.4g}" if r.low_binds else "–",
                 f"{r.high:.4g}" if r.high_binds else "–",
                 f"{r.range_low:.4g}–{r.range_high:.4g}", f"{r.qp:.2g}",
                 "yes" if r.significant else "no (could be dropped)"]
                for r in found.limits.itertuples()]
        lines.append(render_table(["input", "low", "high", "swept range", "quasi-p",
                                   "significant"], rows))
    lines += ["", "Do not matter (unrestricted): "
              + (", ".join(found.unrestricted) or "none")]
    lines += ["", found.summary]
    lines += [f"note: {note}" for note in found.notes]
    return "\n".join(lines)

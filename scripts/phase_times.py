"""Where a week's time goes: wall time per weekly phase of one market, in ms a week.

Wraps each phase function of ``Market.step`` (and the parts of phase 4) with a timer,
runs one market of ``--candidates`` candidates for 104 weeks after a warm-up run, and
prints the phases by time. The timers cost about a microsecond a call, negligible next
to phases of hundreds of microseconds (a line profiler's per-line overhead is not).

Usage::

    PYTHONPATH=. .venv/bin/python scripts/phase_times.py [--candidates 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from engine import WEEKS, sized_config  # noqa: E402

from sim.model import market as market_module  # noqa: E402
from sim.model.market import Market  # noqa: E402
from sim.model.phases import applications  # noqa: E402

PHASES = [
    (market_module.shocks, "apply_shocks"), (market_module.flow, "candidate_flow"),
    (market_module.demand, "update_requisitions"), (market_module.pricing, "update_pay_index"),
    (market_module.applications, "apply"), (market_module.processes, "advance"),
    (market_module.offers, "make_offers"), (market_module.offers, "decide"),
    (market_module.progress, "advance_startups"), (market_module.ops, "drop_ended"),
]
PARTS_OF_APPLY = ["_applications", "_sourcing", "_start_processes"]


def _timed(spent: collections.Counter, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - t0
    return wrapper


def main() -> None:
    """Print ms per week for each phase (and the parts of phase 4)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    cfg = sized_config(args.candidates)
    spent: collections.Counter = collections.Counter()
    for module, name in PHASES:
        setattr(module, name, _timed(spent, name, getattr(module, name)))
    for name in PARTS_OF_APPLY:
        setattr(applications, name, _timed(spent, f"  apply: {name}", getattr(applications, name)))
    Market(cfg, seed=args.seed + 1).run()  # warm caches and imports
    spent.clear()
    t0 = time.perf_counter()
    m = Market(cfg, seed=args.seed)
    record = m.recorder.record_week
    m.recorder.record_week = _timed(spent, "record_week", record)
    m.run()
    total = time.perf_counter() - t0
    print(f"{args.candidates:,} candidates, {WEEKS} weeks, seed {args.seed}: "
          f"{total:.3f} s, {total / WEEKS * 1e3:.2f} ms a week")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{label:<32} {seconds / WEEKS * 1e3:6.2f} ms/week")


if __name__ == "__main__":
    main()

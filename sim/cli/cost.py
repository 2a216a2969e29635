"""What a request will cost, said before it runs; large requests need ``--yes``.

``hiresim validate`` prints the estimate; ``run`` and ``sweep`` refuse (exit 2, one line
with the estimate) a request above :data:`MAX_CPU_SECONDS` of CPU time or whose runs
would need more than half of this machine's memory at once, unless ``--yes`` is given.
The estimate is :func:`sim.experiments.estimates.estimate_resources` (a fit of measured
run times and memory per candidate, docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from sim.cli.errors import CliError

MAX_CPU_SECONDS = 3600.0
"""CPU seconds above which a request needs ``--yes`` (an hour of one core)."""


def add_yes_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--yes``: run a request above the cost guard without asking."""
    parser.add_argument("--yes", action="store_true",
                        help="run even when the estimate is above the guard (an hour of CPU, "
                             "or over half of this machine's memory)")


def machine_memory_bytes() -> int | None:
    """Physical memory of this machine, or None where the OS does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not POSIX, or not reported
        return None


def describe(estimate: Any, workers: int = 1) -> str:
    """The estimate in words: runs, wall time on ``workers`` cores, peak memory."""
    seconds = estimate.seconds / max(workers, 1)
    when = (f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s" if seconds < 120
            else f"{seconds / 60:.0f} min")
    cores = "1 core" if workers == 1 else f"{workers} cores"
    return (f"{estimate.runs:,} run{'s' if estimate.runs != 1 else ''}, about {when} on "
            f"{cores}, peak memory about {estimate.peak_bytes_per_run / 2**20:,.0f} MiB "
            "per running run")


def guard(cfg: Any, runs: int, workers: int, yes: bool) -> None:
    """Refuse a request above the cost guard unless ``yes``.

    Args:
        cfg: The configuration each run uses (a sweep's base configuration).
        runs: Number of runs requested.
        workers: Runs executed at once (memory adds up across them).
        yes: The user passed ``--yes``.

    Raises:
        CliError: the request is above the guard and ``yes`` is false (exit 2).

    """
    from sim.experiments.estimates import estimate_resources

    estimate = estimate_resources(cfg, runs)
    memory = machine_memory_bytes()
    at_once = estimate.peak_bytes_per_run * max(min(workers, runs), 1)
    too_long = estimate.seconds > MAX_CPU_SECONDS
    too_big = memory is not None and at_once > memory / 2
    if (too_long or too_big) and not yes:
        why = "over half of this machine's memory" if too_big else "over an hour of CPU"
        raise CliError(f"this request is large ({describe(estimate, workers)}; {why}); "
                       "add --yes to run it anyway, or ask for fewer runs or a smaller market")

"""Pieces shared by the ``hiresim`` commands: options, loading, metrics, numbers, tables.

Only the standard library is imported at module level, so that building the argument
parser (``hiresim --help``) stays instant; pydantic, pandas and the model are imported
inside the functions that need them.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.errors import CliError

if TYPE_CHECKING:
    from sim.experiments.scenarios import Scenario

HEADLINE_METRICS: tuple[str, ...] = (
    "fill_rate.startup",
    "fill_rate.bigtech",
    "weeks_to_fill.startup",
    "weeks_to_fill.bigtech",
    "weeks_to_fill_rmst.startup",  # counts the seats that never fill (docs/validity.md)
    "offer_acceptance.startup",
    "startup_loss_to_bigtech",
    "startup.survival",
    "demand_supply_ratio",
)
"""What ``hiresim compare`` shows when no ``--metric`` is given."""


# ---- argument types and shared options ----------------------------------------------
def int_at_least(lowest: int, highest: int | None = None) -> Callable[[str], int]:
    """An argparse ``type`` accepting integers in ``[lowest, highest]``."""
    allowed = f"an integer ≥ {lowest}" if highest is None else \
        f"an integer from {lowest} to {highest}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {allowed} (got {text!r})") from None
        if value < lowest or (highest is not None and value > highest):
            raise argparse.ArgumentTypeError(f"must be {allowed} (got {value})")
        return value

    return parse


def add_run_options(parser: argparse.ArgumentParser, replications: int) -> None:
    """Options every simulating command shares: -r, --seed, --weeks, --set, --metric, --json.

    Args:
        parser: The command's parser.
        replications: Default number of replications (seeds) for this command.

    """
    parser.add_argument("-r", "--replications", type=int_at_least(1, 100_000),
                        default=replications, metavar="N",
                        help=f"runs (seeds) per scenario (default {replications})")
    parser.add_argument("--seed", type=int_at_least(0), default=0, metavar="S",
                        help="base seed; run seeds are derived from it (default 0)")
    parser.add_argument("--weeks", type=int, metavar="W",
                        help="simulated weeks (overrides market.weeks)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        dest="overrides",
                        help="override one parameter, e.g. --set startups.share_deliberate=0.5 "
                             "(repeatable; values are read as TOML)")
    parser.add_argument("--metric", action="append", default=None, metavar="M",
                        help="metric to report (repeatable; comma lists, globs such as "
                             "'fill_rate.*', or 'all')")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


# ---- scenarios -------------------------------------------------------------------------
def load_scenario_args(name: str, overrides: Sequence[str],
                       weeks: int | None = None) -> Scenario:
    """Load a preset or file, then apply ``--set`` overrides and ``--weeks``.

    Raises:
        sim.experiments.scenarios.ScenarioError: bad file or bad ``--set`` (a ``ConfigError``).
        CliError: bad ``--weeks``.

    """
    from dataclasses import replace

    from sim.config import ConfigError
    from sim.experiments.scenarios import load_scenario, parse_override

    pairs = dict(parse_override(text) for text in overrides)
    scenario = load_scenario(scenario_path(name), pairs or None)
    if weeks is None:
        return scenario
    try:
        cfg = scenario.config.with_overrides({"market.weeks": weeks})
    except ConfigError as err:
        raise CliError(f"--weeks: {err}") from None
    return replace(scenario, config=cfg)


def scenario_path(name: str) -> Path:
    """A preset name or path → an existing file that is UTF-8 text.

    Raises:
        sim.experiments.scenarios.ScenarioError: no such preset or file.
        CliError: the file is not UTF-8 text (e.g. a binary file given by mistake).

    """
    from sim.experiments.scenarios import resolve_path

    path = resolve_path(name)
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise CliError(f"{path}: not a UTF-8 text file ({err.reason} at byte {err.start}); "
                       "expected a TOML scenario") from None
    except OSError:
        pass  # the loader reports unreadable files with their reason
    return path


def unique_names(names: Sequence[str]) -> list[str]:
    """Make names unique by numbering repeats: ``a, a, a`` → ``a, a#2, a#3``."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return out


# ---- metrics ---------------------------------------------------------------------------
def resolve_metrics(requested: Sequence[str] | None,
                    default: Sequence[str] | None = None) -> list[str] | None:
    """Turn ``--metric`` values into registered names, in registry order.

    Args:
        requested: Values given on the command line (names, comma lists, globs, ``all``).
        default: What to use when nothing was requested (``None``: every metric).

    Raises:
        CliError: a name that is not in the registry (with the closest names).

    """
    import fnmatch

    from sim.outputs.registry import REGISTRY

    if not requested:
        return list(default) if default is not None else None
    names = list(REGISTRY)
    chosen: set[str] = set()
    for item in (p.strip() for text in requested for p in text.split(",")):
        if not item:
            continue
        if item == "all":
            chosen.update(names)
        elif any(ch in item for ch in "*?["):
            matched = fnmatch.filter(names, item)
            if not matched:
                raise CliError(f"--metric {item}: matches no metric (see `hiresim metrics`)")
            chosen.update(matched)
        elif item in REGISTRY:
            chosen.add(item)
        else:
            raise CliError(_unknown_metric(item, names))
    return [n for n in names if n in chosen]


def _unknown_metric(item: str, names: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(item, names, n=3)
    if close:
        return (f"--metric {item}: unknown metric; did you mean "
                f"{', '.join(repr(c) for c in close)}? (`hiresim metrics` lists all "
                f"{len(names)}; 'all' and globs such as 'fill_rate.*' work too)")
    return f"--metric {item}: unknown metric (valid: all, {', '.join(names)})"


# ---- numbers and tables ----------------------------------------------------------------
def json_number(x: Any) -> float | int | None:
    """A finite number for JSON, or ``None`` for NaN and infinities."""
    if x is None:
        return None
    value = float(x)
    if not math.isfinite(value):
        return None
    return int(value) if isinstance(x, int) else value


def fmt(x: Any, signed: bool = False) -> str:
    """A number for a table: four significant digits, ``–`` when missing."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    value = float(x)
    if abs(value) < 1e-12:  # rounding noise in a difference of equal means
        value = 0.0
    text = f"{value:+,.0f}" if signed else f"{value:,.0f}"
    if abs(value) < 10_000:
        text = f"{value:+.4g}" if signed else f"{value:.4g}"
    return text


def fmt_interval(low: Any, high: Any, signed: bool = False) -> str:
    """``[low, high]``, or ``–`` when the interval is undefined (fewer than 2 runs)."""
    if fmt(low) == "–" or fmt(high) == "–":
        return "–"
    return f"[{fmt(low, signed)}, {fmt(high, signed)}]"


def fmt_n(n: int, missing: int) -> str:
    """Runs with a value, as "n of N" when some runs have none."""
    return f"{n} of {n + missing}" if missing else str(n)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
                 right: Sequence[bool] | None = None) -> str:
    """Rows of strings as an aligned text table with a header rule."""
    right = list(right) if right is not None else [False] * len(headers)
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [str(c).rjust(w) if r else str(c).ljust(w)
                 for c, w, r in zip(cells, widths, right, strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def terminal_width() -> int:
    """Columns of the terminal (100 when not attached to one)."""
    return max(60, shutil.get_terminal_size((100, 24)).columns)


PROGRESS_ENV = "HIRESIM_PROGRESS"
"""Environment variable choosing the progress display: ``bar`` (default), ``lines``, ``off``."""


@contextmanager
def progress_bar(total: int, what: str) -> Iterator[Callable[[int, int], None]]:
    """Progress on stderr: a tqdm bar, shown only on a terminal and only after one second.

    With ``HIRESIM_PROGRESS=lines`` each finished run prints ``hiresim: WHAT: run
    DONE/TOTAL`` instead (for logs, where a bar is not shown), and with ``off`` nothing.
    The callback is also the commands' safe point between runs for Ctrl-C (see
    :func:`sim.cli.interrupts.raise_if_interrupted`).

    Yields:
        A callback ``on_progress(done, total)`` for :func:`sim.experiments.runs.run` and friends.

    Raises:
        KeyboardInterrupt: from the callback, if Ctrl-C was pressed and its interrupt
            was swallowed inside the run.

    """
    import os

    from sim.cli.interrupts import raise_if_interrupted

    mode = os.environ.get(PROGRESS_ENV, "bar").strip().lower()
    if mode in ("lines", "off"):
        def report(done: int, total_: int) -> None:
            raise_if_interrupted()
            if mode == "lines":
                print(f"hiresim: {what}: run {done}/{total_}", file=sys.stderr, flush=True)

        yield report
        return

    from tqdm import tqdm

    bar = tqdm(total=total, desc=what, unit="run", file=sys.stderr, delay=1.0,
               disable=None, leave=False, dynamic_ncols=True)

    def update(done: int, _total: int) -> None:
        raise_if_interrupted()
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()

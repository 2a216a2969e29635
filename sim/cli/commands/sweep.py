"""``hiresim sweep`` and ``hiresim analyze``: run a sweep spec; analyse a sweep directory.

Ordinary commands: :func:`register` adds both to ``hiresim``'s parser with handlers
:func:`cmd_sweep` and :func:`cmd_analyze`, and every failure goes through the CLI's one
error map (:mod:`sim.cli.errors`). Heavy modules (pandas, numpy, dask, the model) are
imported only when a command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from sim.cli.common import CliError, int_at_least
from sim.cli.cost import add_yes_option, guard
from sim.cli.errors import say

INTERRUPTED_NOTE = "finished runs are saved; continue with --resume"
"""Added to ``hiresim: interrupted`` when a sweep is stopped with Ctrl-C."""


def register(subparsers: Any) -> None:
    """Add the ``sweep`` and ``analyze`` subcommands to an argparse subparsers object."""
    _add_sweep(subparsers)
    _add_analyze(subparsers)


def _add_sweep(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "sweep", help="run a sweep spec; results go to DIR as Parquet",
        description="Run every run of a sweep spec (TOML) and record one row per run in "
                    "DIR (manifest.json, runs.parquet). Local processes on all cores by "
                    "default; --scheduler/--scheduler-file use an existing Dask cluster.")
    p.add_argument("spec", metavar="SPEC", help="sweep spec file, or a preset name "
                   "from scenarios/sweeps (market, levers, sensitivity)")
    p.add_argument("--out", required=True, metavar="DIR", help="results directory")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int_at_least(1), metavar="N",
                       help="local worker processes (default: all cores; 1 = in-process)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="address of a running Dask scheduler, e.g. tcp://host:8786")
    where.add_argument("--scheduler-file", metavar="F",
                       help="scheduler file written by `dask scheduler --scheduler-file F`")
    p.add_argument("--resume", action="store_true",
                   help="continue the sweep in DIR, running only unfinished runs")
    p.add_argument("--repair", action="store_true",
                   help="with --resume: move unreadable results files to DIR/quarantine "
                        "(their runs are run again) and rebuild a damaged manifest or "
                        "design from SPEC")
    p.add_argument("--task-timeout", type=seconds, metavar="SECONDS",
                   help="Dask only: stop the sweep (exit 2, finished runs kept) when a "
                        "batch runs longer than this, or waits on a worker silent this long "
                        "(default: 10 × the batch's expected time, at least 600 s)")
    p.add_argument("--worker-timeout", type=seconds, metavar="SECONDS",
                   help="Dask only: stop the sweep (exit 2) when no worker is connected "
                        "for this long (default: 60 s)")
    p.add_argument("--batch", type=int_at_least(1), metavar="K",
                   help="runs per task (default: auto)")
    p.add_argument("--quiet", action="store_true",
                   help="no progress bar (there is none unless stderr is a terminal)")
    add_yes_option(p)
    p.set_defaults(func=cmd_sweep, interrupted_note=INTERRUPTED_NOTE)
    return p


def _add_analyze(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "analyze", help="sensitivity indices and effect tables of a sweep",
        description="Analyse a sweep directory: Sobol or Morris indices with confidence "
                    "intervals (for those designs), per-parameter effect tables, where a "
                    "curve tips (--tip) and scenario discovery (--where); the spec's "
                    "[analysis] table gives defaults for both. Prints the report as "
                    "Markdown unless --out or --json is given; --out writes report.md, "
                    "report.html (self-contained) and PNG figures.")
    p.add_argument("dir", metavar="DIR", help="sweep directory (from `hiresim sweep`)")
    p.add_argument("--metric", action="append", metavar="M",
                   help="metric to analyse (repeatable; default: the headline metrics)")
    p.add_argument("--tip", action="append", metavar="METRIC[=VALUE]",
                   help="where METRIC crosses VALUE along one input, and where its slope "
                        "changes most, with bootstrap intervals (repeatable), e.g. "
                        "\"fill_rate.startup=0.3\"")
    p.add_argument("--along", metavar="PARAM",
                   help="the input --tip curves run along (default: the first swept one; "
                        "in a grid, one curve per value of the others)")
    p.add_argument("--where", metavar="EXPR",
                   help="add scenario discovery (PRIM) for this condition, e.g. "
                        "\"fill_rate.startup < 0.3\" (see `hiresim discover`)")
    p.add_argument("--out", metavar="REPORT_DIR",
                   help="write report.md, report.html and PNG plots here")
    p.add_argument("--force", action="store_true",
                   help="replace a non-empty REPORT_DIR that HireSim wrote")
    p.add_argument("--json", action="store_true", help="print indices and effects as JSON")
    p.set_defaults(func=cmd_analyze)
    return p


def seconds(text: str) -> float:
    """An argparse ``type``: a positive, finite number of seconds."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds (got {text!r})"
                                         ) from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0 (got {text})")
    return value


def resolve_spec(name_or_path: str) -> Path:
    """A spec path, or the name of a preset spec in ``scenarios/sweeps``.

    Raises:
        sim.sweep.spec.SpecError: neither a file nor a preset (the message lists them).

    """
    from sim.sweep.spec import SpecError

    path = Path(name_or_path)
    if path.is_file():
        return path
    from sim.experiments.scenarios import preset_dir

    folder = preset_dir() / "sweeps"
    preset = folder / f"{name_or_path}.toml"
    if "/" not in name_or_path and preset.is_file():
        return preset
    names = ", ".join(sorted(p.stem for p in folder.glob("*.toml")
                             if "[sweep]" in p.read_text(encoding="utf-8")))
    raise SpecError(f"{name_or_path}: no such sweep spec file or preset "
                    f"(presets: {names or 'none'})")


def cmd_sweep(args: argparse.Namespace) -> int:
    """``hiresim sweep``: run a spec into a directory, then print what was recorded.

    Raises:
        CliError: runs were lost to dead workers (environment: out of memory, killed).

    """
    from sim.sweep.runner import run_sweep
    from sim.sweep.spec import load_spec

    spec = load_spec(resolve_spec(args.spec))
    if not args.resume and args.scheduler is None and args.scheduler_file is None:
        guard(spec.base_config, spec.n_runs, workers=args.workers or (os.cpu_count() or 1),
              yes=args.yes)
    dask = args.scheduler is not None or args.scheduler_file is not None
    for option, value in (("--task-timeout", args.task_timeout),
                          ("--worker-timeout", args.worker_timeout)):
        if value is not None and not dask:
            raise CliError(f"{option}: only with a Dask cluster (--scheduler or "
                           "--scheduler-file)")
    if args.repair and not args.resume:
        raise CliError("--repair works on an existing sweep: add --resume")
    out = run_sweep(spec, args.out, workers=args.workers, scheduler=args.scheduler,
                    scheduler_file=args.scheduler_file, resume=args.resume, batch=args.batch,
                    progress=show_progress(args.quiet), task_timeout=args.task_timeout,
                    worker_timeout=args.worker_timeout, repair=args.repair)
    counts = _counts(args.out)
    print(f"sweep {spec.name!r}: {out.n_runs - counts['remaining']}/{out.n_runs} runs "
          f"recorded ({counts['ok']} ok, {counts['error']} failed; {out.ran} run now) in "
          f"{_duration(out.elapsed_s)} → {args.out}")
    if out.status != "complete":
        raise CliError(f"{out.lost} runs lost to worker failures (a worker process died, e.g. "
                       "out of memory); run again with --resume to finish them")
    return 0


def show_progress(quiet: bool) -> bool:
    """Whether to draw the progress bar: only on a terminal, and not with ``--quiet``.

    A bar redraws itself with carriage returns; in a log file or a pipe that is one
    long line of partial bars, so a non-terminal stderr gets none.
    """
    return not quiet and sys.stderr.isatty()


def _counts(directory: str) -> dict[str, int]:
    import json

    manifest = json.loads((Path(directory) / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest.get("counts", {})
    return {k: int(counts.get(k, 0)) for k in ("ok", "error", "remaining")}


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{seconds:.1f}s"


def cmd_analyze(args: argparse.Namespace) -> int:
    """``hiresim analyze``: print (or write) the report on a sweep directory."""
    import json

    from sim.cli.output import check_target, staged_dir
    from sim.sweep.analysis import analyze_sweep
    from sim.sweep.report import render_report, write_report

    if args.out:
        check_target(Path(args.out), args.force)  # before the analysis, which takes a while
    # the PRIM library imports pyplot: never let it pick a GUI backend in a terminal
    os.environ.setdefault("MPLBACKEND", "Agg")
    analysis = analyze_sweep(args.dir, metrics=args.metric, where=args.where, tips=args.tip,
                             along=args.along)
    if args.out:
        with staged_dir(Path(args.out), args.force, kind="analyze") as tmp:
            images = _plots(analysis, tmp)
            write_report(analysis, tmp, images)
            html = _html(analysis, tmp, images)
        path = Path(args.out) / "report.md"
        n = sum(len(v) if isinstance(v, dict) else 1 for v in images.values())
        also = f", {Path(args.out) / 'report.html'}" if html else ""
        print(f"report: {path}{also} ({n} plots)",
              file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(analysis.to_json_dict(), indent=2, ensure_ascii=False))
    elif not args.out:
        print(render_report(analysis))
    return 0


def _plots(analysis: Any, out: str) -> dict[str, Any]:
    """PNG plots from the top-level ``viz`` package, reached only when a report is written."""
    try:
        plots = _import_viz()
    except ImportError as err:
        say(f"warning: no plots ({err}); the viz package ships with HireSim's source")
        return {}
    return plots.write_plots(analysis, out)


def _html(analysis: Any, out: str, images: dict[str, Any]) -> bool:
    """``report.html`` beside ``report.md``; a warning instead if markdown-it-py is missing."""
    try:
        from sim.sweep.report_html import write_html_report

        write_html_report(analysis, out, images)
    except ImportError as err:
        say(f"warning: no report.html ({err}); install HireSim's sweep extra")
        return False
    return True


def _import_viz() -> Any:
    """``viz.sweep_plots``: installed with the package (setup.py lists ``viz``)."""
    import importlib

    return importlib.import_module("viz.sweep_plots")


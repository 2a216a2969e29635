"""The ``hiresim sweep`` and ``hiresim analyze`` subcommands.

``sim.cli`` calls :func:`register` to add both to its parser; each subcommand sets
``func`` to :func:`main_sweep` / :func:`main_analyze`, which take the parsed
namespace (or an argv list) and return an exit code: 0 success, 1 internal error or
runs lost to a dead worker, 2 bad input (one line on stderr, no traceback), 130
interrupted, 143 a sweep stopped by SIGTERM.
Standalone: ``python -m sim.cli.commands.sweep sweep SPEC --out DIR``.

Heavy modules (pandas, numpy, dask, the model) are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.cli.common import CliError

PROG = "hiresim"


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
    where.add_argument("--workers", type=int, metavar="N",
                       help="local worker processes (default: all cores; 1 = in-process)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="address of a running Dask scheduler, e.g. tcp://host:8786")
    where.add_argument("--scheduler-file", metavar="F",
                       help="scheduler file written by `dask scheduler --scheduler-file F`")
    p.add_argument("--resume", action="store_true",
                   help="continue the sweep in DIR, running only unfinished runs")
    p.add_argument("--batch", type=int, metavar="K", help="runs per task (default: auto)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--debug", action="store_true", help="traceback on internal errors")
    p.set_defaults(func=main_sweep)
    return p


def _add_analyze(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "analyze", help="sensitivity indices and effect tables of a sweep",
        description="Analyse a sweep directory: Sobol or Morris indices with confidence "
                    "intervals (for those designs) and per-parameter effect tables. "
                    "Prints the report as Markdown unless --out or --json is given.")
    p.add_argument("dir", metavar="DIR", help="sweep directory (from `hiresim sweep`)")
    p.add_argument("--metric", action="append", metavar="M",
                   help="metric to analyse (repeatable; default: the headline metrics)")
    p.add_argument("--out", metavar="REPORT_DIR", help="write report.md and PNG plots here")
    p.add_argument("--force", action="store_true",
                   help="replace a non-empty REPORT_DIR that HireSim wrote")
    p.add_argument("--json", action="store_true", help="print indices and effects as JSON")
    p.add_argument("--debug", action="store_true", help="traceback on internal errors")
    p.set_defaults(func=main_analyze)
    return p


def build_parser() -> argparse.ArgumentParser:
    """A parser with just these two subcommands (for ``python -m sim.cli.commands.sweep``)."""
    parser = argparse.ArgumentParser(prog=PROG, description="HireSim sweeps.")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def _namespace(args: argparse.Namespace | Sequence[str] | None, command: str
               ) -> argparse.Namespace:
    if isinstance(args, argparse.Namespace):
        return args
    return build_parser().parse_args([command, *(sys.argv[1:] if args is None else args)])


def main_sweep(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """``hiresim sweep``: run a spec into a directory; returns the exit code."""
    ns = _namespace(args, "sweep")
    return _guard("sweep", _sweep, ns)


def main_analyze(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """``hiresim analyze``: report on a sweep directory; returns the exit code."""
    ns = _namespace(args, "analyze")
    return _guard("analyze", _analyze, ns)


def _guard(command: str, fn: Any, ns: argparse.Namespace) -> int:
    """Run a command, turning expected failures into one line on stderr."""
    try:
        return fn(ns)
    except BrokenPipeError:  # e.g. `hiresim analyze DIR --json | head`
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the interpreter's final flush
        return 0
    except (ValueError, FileNotFoundError, ConnectionError, CliError) as err:
        _say(f"error: {_one_line(err)}")
        return 2
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM during a sweep (exit 143)
        tail = " (finished runs are saved; continue with --resume)" if command == "sweep" else ""
        _say(f"{err or 'interrupted'}{tail}")
        return int(getattr(err, "exit_code", 130))
    except Exception as err:  # noqa: BLE001 - no traceback unless asked for
        debug = bool(getattr(ns, "debug", False)) or bool(os.environ.get("HIRESIM_DEBUG"))
        if debug:
            import traceback

            traceback.print_exc()
        _say(f"internal error: {type(err).__name__}: {_one_line(err)}"
             + ("" if debug else " (rerun with --debug for the traceback)"))
        return 1


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def resolve_spec(name_or_path: str) -> Path:
    """A spec path, or the name of a preset spec in ``scenarios/sweeps``."""
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
    raise FileNotFoundError(f"{name_or_path}: no such sweep spec file or preset "
                            f"(presets: {names or 'none'})")


def _sweep(ns: argparse.Namespace) -> int:
    from sim.sweep.runner import run_sweep
    from sim.sweep.spec import load_spec

    for flag, value in (("--workers", ns.workers), ("--batch", ns.batch)):
        if value is not None and value < 1:
            raise ValueError(f"{flag}: must be ≥ 1 (got {value})")
    spec = load_spec(resolve_spec(ns.spec))
    out = run_sweep(spec, ns.out, workers=ns.workers, scheduler=ns.scheduler,
                    scheduler_file=ns.scheduler_file, resume=ns.resume, batch=ns.batch,
                    progress=not ns.quiet)
    counts = _counts(ns.out)
    print(f"sweep {spec.name!r}: {out.n_runs - counts['remaining']}/{out.n_runs} runs "
          f"recorded ({counts['ok']} ok, {counts['error']} failed; {out.ran} run now) in "
          f"{_duration(out.elapsed_s)} → {ns.out}")
    if out.status != "complete":
        _say(f"{out.lost} runs lost to worker failures; run again with --resume to "
             "finish them")
        return 1
    return 0


def _counts(directory: str) -> dict[str, int]:
    import json

    manifest = json.loads((Path(directory) / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest.get("counts", {})
    return {k: int(counts.get(k, 0)) for k in ("ok", "error", "remaining")}


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{seconds:.1f}s"


def _analyze(ns: argparse.Namespace) -> int:
    import json

    from sim.cli.output import check_target, staged_dir
    from sim.sweep.analysis import analyze_sweep
    from sim.sweep.report import render_report, write_report

    if ns.out:
        check_target(Path(ns.out), ns.force)  # before the analysis, which takes a while
    analysis = analyze_sweep(ns.dir, metrics=ns.metric)
    if ns.out:
        with staged_dir(Path(ns.out), ns.force, kind="analyze") as tmp:
            images = _plots(analysis, tmp)
            write_report(analysis, tmp, images)
        path = Path(ns.out) / "report.md"
        n = sum(len(v) for v in images.values())
        print(f"report: {path} ({n} plots)", file=sys.stderr if ns.json else sys.stdout)
    if ns.json:
        print(json.dumps(analysis.to_json_dict(), indent=2, ensure_ascii=False))
    elif not ns.out:
        print(render_report(analysis))
    return 0


def _plots(analysis: Any, out: str) -> dict[str, Any]:
    """PNG plots from the top-level ``viz`` package, reached only when a report is written."""
    try:
        plots = _import_viz()
    except ImportError as err:
        _say(f"warning: no plots ({err}); the viz package ships with HireSim's source")
        return {}
    return plots.write_plots(analysis, out)


def _import_viz() -> Any:
    """``viz.sweep_plots``; from an editable checkout, the ``viz/`` beside ``sim/``."""
    import importlib

    try:
        return importlib.import_module("viz.sweep_plots")
    except ImportError:
        checkout = Path(__file__).resolve().parent.parent
        if not (checkout / "viz" / "sweep_plots.py").is_file():
            raise
        sys.path.append(str(checkout))
        return importlib.import_module("viz.sweep_plots")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m sim.cli.commands.sweep {sweep,analyze} ...``."""
    ns = build_parser().parse_args(argv)
    return ns.func(ns)


if __name__ == "__main__":
    sys.exit(main())

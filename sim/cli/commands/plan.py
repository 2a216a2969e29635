"""``hiresim plan``: search for the best hiring plan a founder can afford.

The founder's file (a scenario with a ``[focal]`` table and, optionally, ``[search]``)
gives the company, its current plan and the plans to try. An Optuna study tries
``--trials`` plans on ``--seeds`` common seeds; the best few are re-run with the current
plan on fresh seeds and ranked with P(best) and paired intervals
(:mod:`sim.experiments.plan_search`). With ``--out DIR`` the study lives in
``DIR/study.db``: a search stopped by Ctrl-C, SIGTERM or a crash continues with
``--resume`` and ends as an uninterrupted one would.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from sim.cli.common import CliError, int_at_least, load_scenario_args, progress_bar
from sim.cli.cost import add_yes_option, describe, guard

INTERRUPTED_NOTE = "finished trials are saved; continue with --resume"
KIND = "plan"


def register(subparsers: Any) -> None:
    """Add the ``plan`` command."""
    p = subparsers.add_parser(
        "plan", help="search for the best hiring plan for your startup ([focal], [search])",
        description="Search the plans of the file's [search] table (or the default space): "
                    "when each seat opens, pay and equity, the levers and the response to "
                    "a stale seat. Every plan runs on the same seeds; the best few are "
                    "re-run with your current plan on fresh seeds and ranked with P(best) "
                    "and paired intervals. See docs/founders.md, 'Search for a plan'.",
        epilog="Example: hiresim plan docs/examples/seed_startup.toml --trials 60 "
               "--out out/plan")
    p.add_argument("file", metavar="FILE.toml", help="founder's file: a scenario with a "
                   "[focal] table and optionally [search]")
    p.add_argument("--trials", type=int_at_least(1, 10_000), default=60, metavar="N",
                   help="plans to try (default 60)")
    p.add_argument("--seeds", type=int_at_least(1, 1000), default=16, metavar="K",
                   help="common seeds every trial runs on (default 16)")
    p.add_argument("--final-seeds", type=int_at_least(2, 10_000), default=48, metavar="M",
                   help="fresh seeds the finalists and the current plan run on (default 48)")
    p.add_argument("--finalists", type=int_at_least(1, 20), default=3, metavar="F",
                   help="best plans re-run on fresh seeds (default 3)")
    p.add_argument("--objective", choices=("milestone", "weeks_to_milestone",
                                           "cash_per_progress"),
                   help="what to optimise (default: the file's [search] objective, "
                        "else milestone)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="keep the study and write the results (trials, finalists, "
                        "best_plan.toml, report.md) here")
    p.add_argument("--resume", action="store_true",
                   help="continue the search stored in --out DIR")
    p.add_argument("--force", action="store_true",
                   help="replace a non-empty --out DIR that HireSim wrote")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int_at_least(1, 256), metavar="N",
                       help="local worker processes (default: all cores; 1 = in-process)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="address of a running Dask scheduler, e.g. tcp://host:8786")
    where.add_argument("--scheduler-file", metavar="F",
                       help="scheduler file written by `dask scheduler --scheduler-file F`")
    p.add_argument("--seed", type=int_at_least(0), default=0, metavar="S",
                   help="base seed of the search, its sampler and the fresh seeds (default 0)")
    p.add_argument("--weeks", type=int, metavar="W", help="simulated weeks")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   dest="overrides", help="override one parameter (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_yes_option(p)
    p.set_defaults(func=cmd_plan, interrupted_note=INTERRUPTED_NOTE)


def cmd_plan(args: argparse.Namespace) -> int:
    """Check the inputs, estimate the cost, run the search, print and save the results."""
    from sim.cli.plan_report import render, summary_doc

    try:
        import optuna  # noqa: F401 - only to say what is missing, before any work
    except ImportError:
        raise CliError("plan: the search needs Optuna; install it with "
                       "`pip install 'hiresim[sweep]'`") from None
    if args.resume and args.out is None:
        raise CliError("--resume: give the --out DIR of the search to continue")
    if args.out is None:
        args.interrupted_note = ""
    scenario, space = _load(args)
    runs = args.seeds * (args.trials + 1) + (args.finalists + 1) * args.final_seeds
    workers = args.workers or (os.cpu_count() or 1)
    if not args.resume and args.scheduler is None and args.scheduler_file is None:
        guard(scenario.config, runs, workers=workers, yes=args.yes)
    from sim.experiments.estimates import estimate_resources

    args.estimate = f"up to {describe(estimate_resources(scenario.config, runs), workers)}"
    if not args.json:  # said before the search starts, not after
        print(f"Estimate: {args.estimate} (on an idle machine).", flush=True)
    start = time.perf_counter()
    if args.out is None:
        result = _search(args, scenario, space, folder=None)
        doc = summary_doc(args, scenario, result, time.perf_counter() - start)
    else:
        result, doc = _search_into(args, scenario, space, start)
    print(json.dumps(doc, indent=2, allow_nan=False) if args.json else render(doc))
    if result.feasible == 0:
        raise CliError("search.budget: none of the plans tried meets the budget; loosen "
                       "[search.budget] or widen the search space")
    return 0


def _load(args: argparse.Namespace) -> tuple[Any, Any]:
    from sim.config.plan_search import PlanSearchConfig
    from sim.experiments.plan_space import PlanSearchError, build_space

    scenario = load_scenario_args(args.file, args.overrides, args.weeks)
    if scenario.config.focal is None:
        raise CliError(f"{args.file}: focal: no [focal] table; the plan search needs your "
                       "company (see docs/examples/seed_startup.toml)")
    search = scenario.search or PlanSearchConfig()
    if args.objective is not None:
        search = search.model_copy(update={"objective": args.objective})
    try:
        return scenario, build_space(scenario.config, search)
    except PlanSearchError as err:
        raise PlanSearchError(f"{args.file}: {err}", err.path) from None


def _search_into(args: argparse.Namespace, scenario: Any, space: Any,
                 start: float) -> tuple[Any, dict[str, Any]]:
    """Search with the study in ``--out``, then write the results, the folder locked."""
    from contextlib import ExitStack

    from sim.cli.interrupts import deferred_interrupts
    from sim.cli.plan_report import summary_doc, write_results
    from sim.sweep.outdir import StoreError, output_lock, write_marker
    from sim.sweep.signals import terminate_interrupts

    out: Path = args.out
    with ExitStack() as stack:
        try:
            with deferred_interrupts():  # a Ctrl-C while locking must not strand the lock
                stack.enter_context(output_lock(out, KIND))
        except StoreError as err:
            raise CliError(f"--out {err}") from None
        stack.enter_context(terminate_interrupts())
        _prepare(out, args.resume, args.force)
        write_marker(out, KIND)
        result = _search(args, scenario, space, folder=out)
        doc = summary_doc(args, scenario, result, time.perf_counter() - start)
        write_results(out, doc, result)
        return result, doc


def _prepare(out: Path, resume: bool, force: bool) -> None:
    """An empty folder for a new search; the old study's folder for a resume."""
    from sim.cli.output import check_target
    from sim.experiments.plan_study import STUDY_FILE
    from sim.sweep.outdir import MARKER, clear_temp_files, read_marker

    marker = read_marker(out) if out.is_dir() else None
    if resume:
        if marker is None or marker.get("kind") != KIND or not (out / STUDY_FILE).is_file():
            raise CliError(f"--out {out}: no plan search to resume there (no {MARKER} marker "
                           f"of kind {KIND!r} with a {STUDY_FILE}); start one without --resume")
        clear_temp_files(out)
        return
    if out.is_dir() and any(out.iterdir()) and not force:
        raise CliError(f"--out {out}: folder exists and is not empty (add --resume to "
                       "continue the search there, --force to replace it, or choose "
                       "another folder)")
    check_target(out, force)
    if out.is_dir():
        for item in out.iterdir():
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _search(args: argparse.Namespace, scenario: Any, space: Any,
            folder: Path | None) -> Any:
    from sim.experiments.plan_search import search_plans
    from sim.sweep.executors import make_executor
    from sim.sweep.plan_runs import executor_evaluator

    total = args.seeds * (args.trials + 1) + (args.finalists + 1) * args.final_seeds
    with make_executor(args.workers, args.scheduler, args.scheduler_file) as ex, \
            progress_bar(total, "plan") as on_progress:
        return search_plans(
            scenario.config, space, trials=args.trials, seeds=args.seeds,
            final_seeds=args.final_seeds, finalists=args.finalists, base_seed=args.seed,
            folder=folder, resume=args.resume, evaluate=executor_evaluator(ex),
            on_progress=on_progress)

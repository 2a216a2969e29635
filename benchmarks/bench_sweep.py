"""Sweep throughput: runs per minute of the default scenario, local processes vs Dask.

Usage::

    python benchmarks/bench_sweep.py [--runs 40] [--workers N] [--repeat 2] [--no-dask]

Runs the same sweep (the default scenario, ``--runs`` replications) three ways:
one run in this process (the per-run cost, for the ideal rate), local processes on
all cores (``hiresim sweep`` default), and a Dask ``LocalCluster`` with one
single-threaded worker process per core. Wall times include starting the worker
processes and importing the model in them (a real sweep pays that too); the Dask
cluster's own start-up is reported separately, since ``--scheduler`` uses a cluster
that already runs. Each way is measured ``--repeat`` times, alternating, and the best
wall time is kept (other work on a shared machine only ever slows a sweep down); the
load average is printed alongside. Prints results; asserts nothing. Design target (DESIGN §8):
1,000 default runs in under 3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.sweep.runner import run_sweep  # noqa: E402
from sim.sweep.spec import spec_from_dict  # noqa: E402

TARGET_RUNS, TARGET_MINUTES = 1000, 3.0


def bench_spec(runs: int):
    """The default scenario, ``runs`` replications of a single point."""
    return spec_from_dict({"sweep": {"name": "bench", "base": "baseline", "sampler": "grid",
                                     "replications": runs, "seed": 1}})


def time_serial(spec, repeats: int = 3) -> float:
    """Seconds per run of the default scenario in this process (after one warm-up)."""
    from sim.run import run_metrics

    run_metrics(spec.base_config, 0)
    start = time.perf_counter()
    for seed in range(1, repeats + 1):
        run_metrics(spec.base_config, seed)
    return (time.perf_counter() - start) / repeats


def time_sweep(spec, **executor) -> float:
    """Wall seconds of one sweep into a fresh temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        out = run_sweep(spec, Path(tmp) / "out", progress=False, **executor)
        elapsed = time.perf_counter() - start
    assert out.status == "complete" and out.failed == 0, out
    return elapsed


def time_dask(spec, workers: int) -> tuple[float, float]:
    """(cluster start-up seconds, sweep wall seconds) on a fresh LocalCluster."""
    from dask.distributed import LocalCluster

    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster:
        startup = time.perf_counter() - start
        wall = time_sweep(spec, scheduler=cluster.scheduler_address)
    return startup, wall


def load() -> str:
    """The 1-minute load average (how busy the machine is besides us)."""
    return f"{os.getloadavg()[0]:.1f}"


def row(label: str, runs: int, seconds: float) -> str:
    rate = runs / seconds * 60
    projected = TARGET_RUNS / rate
    return (f"{label:<34} {seconds:8.1f} s {rate:9.1f} runs/min   "
            f"1,000 runs ≈ {projected:5.1f} min")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="runs per sweep (default 40)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=2, help="measurements per way (best kept)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    args = parser.parse_args()
    spec = bench_spec(args.runs)
    cfg = spec.base_config
    print(f"default scenario: {cfg.candidates.n_ml} ML candidates, {cfg.startups.n} startups, "
          f"{cfg.market.weeks} weeks; {args.runs} runs; {args.workers} workers "
          f"({os.cpu_count()} cores); load average {load()}")
    per_run = time_serial(spec)
    ideal = per_run / args.workers
    print(f"one run in-process: {per_run:.3f} s → ideal {60 / ideal:.1f} runs/min on "
          f"{args.workers} workers")
    local, dask, startup = [], [], []
    for _ in range(args.repeat):
        local.append(time_sweep(spec, workers=args.workers))
        if not args.no_dask:
            up, wall = time_dask(spec, args.workers)
            startup.append(up)
            dask.append(wall)
    print(f"best of {args.repeat} (all: local {_secs(local)}; dask {_secs(dask)})")
    print(row(f"local processes ({args.workers})", args.runs, min(local))
          + f"   ({ideal * args.runs / min(local):.0%} of ideal)")
    if dask:
        print(row(f"dask LocalCluster ({args.workers}×1 thread)", args.runs, min(dask))
              + f"   ({ideal * args.runs / min(dask):.0%} of ideal)")
        print(f"dask overhead vs local processes: {(min(dask) - min(local)) / min(local):+.1%} "
              f"(cluster start-up {min(startup):.1f} s, not included)")
    projected = TARGET_RUNS / (args.runs / min(local) * 60)
    verdict = "meets" if projected < TARGET_MINUTES else "misses"
    print(f"target: {TARGET_RUNS:,} default runs < {TARGET_MINUTES:.0f} min on 2 cores → "
          f"local processes {verdict} it here ({projected:.1f} min); load average {load()}")


def _secs(values: list[float]) -> str:
    return ", ".join(f"{v:.1f} s" for v in values) or "–"


if __name__ == "__main__":
    main()

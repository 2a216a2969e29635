"""Sweep throughput: runs per minute of the default scenario, local processes vs Dask.

Usage::

    python benchmarks/bench_sweep.py [--runs 40] [--workers N] [--repeat 2] [--no-dask]

Times ``hiresim sweep`` as a user runs it (a fresh ``python -m sim.cli sweep`` process,
so interpreter start, imports and worker start-up are included) on a spec of the
default scenario with ``--runs`` replications: once with local processes on all cores,
once against a Dask ``LocalCluster`` (one single-threaded worker process per core)
started beforehand, as ``--scheduler`` expects. Each is also timed on a short sweep
(two runs per worker) to split the wall time into a fixed start-up cost and a per-run
cost, from which the time for 1,000 runs is projected. Measurements alternate and the
best of ``--repeat`` is kept (other work on a shared machine only slows a sweep down);
the load average is printed alongside. Prints results; asserts nothing. Design target
(DESIGN §8): 1,000 default runs in under 2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RUNS, TARGET_MINUTES = 1000, 2.0
SPEC = """[sweep]
name = "bench"
base = "baseline"
sampler = "grid"
replications = {runs}
seed = 1
metrics = ["fill_rate", "fill_rate.startup"]
"""


def time_cli(runs: int, tmp: Path, *options: str) -> float:
    """Wall seconds of ``hiresim sweep`` on ``runs`` default runs, in a fresh process."""
    spec = tmp / f"bench_{runs}.toml"
    spec.write_text(SPEC.format(runs=runs), encoding="utf-8")
    out = tempfile.mkdtemp(dir=tmp)
    os.rmdir(out)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", out,
                    "--quiet", *options], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def time_serial(repeats: int = 3) -> float:
    """Seconds per run of the default scenario in this process (after one warm-up)."""
    sys.path.insert(0, str(ROOT))
    from sim.config import SimConfig
    from sim.experiments.runs import run_metrics

    cfg = SimConfig()
    run_metrics(cfg, 0)
    start = time.perf_counter()
    for seed in range(1, repeats + 1):
        run_metrics(cfg, seed)
    return (time.perf_counter() - start) / repeats


class Mode:
    """Timings of one way of running the sweep: short and long sweeps."""

    def __init__(self, label: str) -> None:
        self.label, self.short, self.long = label, [], []

    def fit(self, n_short: int, n_long: int) -> tuple[float, float]:
        """(start-up seconds, seconds per run) from the best short and long times."""
        per_run = max((min(self.long) - min(self.short)) / (n_long - n_short), 1e-9)
        return max(min(self.short) - n_short * per_run, 0.0), per_run


def measure(args: argparse.Namespace, tmp: Path, n_short: int) -> list[Mode]:
    """Alternate local and Dask measurements ``args.repeat`` times."""
    local = Mode(f"local processes ({args.workers})")
    modes = [local]
    cluster = None
    if not args.no_dask:
        from dask.distributed import LocalCluster

        start = time.perf_counter()
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address="127.0.0.1:0")
        print(f"dask LocalCluster started in {time.perf_counter() - start:.1f} s "
              "(not included below)")
        modes.append(Mode(f"dask LocalCluster ({args.workers}×1 thread)"))
    try:
        for _ in range(args.repeat):
            for n, bucket in ((n_short, "short"), (args.runs, "long")):
                getattr(local, bucket).append(time_cli(n, tmp, "--workers", str(args.workers)))
                if cluster is not None:
                    getattr(modes[1], bucket).append(
                        time_cli(n, tmp, "--scheduler", cluster.scheduler_address))
    finally:
        if cluster is not None:
            cluster.close()
    return modes


def report(modes: list[Mode], args: argparse.Namespace, n_short: int, ideal: float) -> None:
    """Print runs/min, efficiency, Dask overhead and the 1,000-run projection."""
    walls = {}
    for mode in modes:
        wall = min(mode.long)
        startup, per_run = mode.fit(n_short, args.runs)
        projected = (startup + TARGET_RUNS * per_run) / 60
        walls[mode.label] = wall
        print(f"{mode.label:<30} {args.runs} runs in {wall:5.1f} s = "
              f"{args.runs / wall * 60:6.1f} runs/min ({ideal * args.runs / wall:.0%} of ideal); "
              f"start-up {startup:.1f} s + {per_run:.3f} s/run → 1,000 runs ≈ "
              f"{projected:.1f} min")
        print(f"{'':<30} all times: short {_secs(mode.short)}; long {_secs(mode.long)}")
    if len(modes) > 1:
        local, dask = (walls[m.label] for m in modes)
        print(f"dask overhead vs local processes ({args.runs} runs): {(dask - local) / local:+.1%}")
    startup, per_run = modes[0].fit(n_short, args.runs)
    minutes = (startup + TARGET_RUNS * per_run) / 60
    verdict = "meets" if minutes < TARGET_MINUTES else "misses"
    print(f"target: {TARGET_RUNS:,} default runs < {TARGET_MINUTES:.0f} min on 2 cores → local "
          f"processes {verdict} it here ({minutes:.1f} min projected); load average {_load()}")


def _secs(values: list[float]) -> str:
    return ", ".join(f"{v:.1f} s" for v in values)


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="runs per sweep (default 40)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=2, help="measurements per way (best kept)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    args = parser.parse_args()
    n_short = 2 * args.workers
    print(f"default scenario (3,000 ML candidates, 300 startups, 104 weeks); {args.runs} runs; "
          f"{args.workers} workers on {os.cpu_count()} cores; load average {_load()}")
    per_run = time_serial()
    ideal = per_run / args.workers
    print(f"one run in-process: {per_run:.3f} s → ideal {60 / ideal:.1f} runs/min on "
          f"{args.workers} workers")
    with tempfile.TemporaryDirectory() as tmp:
        modes = measure(args, Path(tmp), n_short)
    report(modes, args, n_short, ideal)


if __name__ == "__main__":
    main()

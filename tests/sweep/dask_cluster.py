"""A real Dask cluster for tests: `dask scheduler` and `dask worker` as a user starts them.

:func:`dask_cluster` starts both on 127.0.0.1 (ports chosen by the OS), waits for the
workers, and on the way out stops everything it started (frozen workers included) and
records in ``survivors`` any process of the trees that is still alive afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from proc_tree import Proc, alive, kill_all, tree, wait_gone
from sweep_helpers import stop_process

DASK = str(Path(sys.executable).with_name("dask"))
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Cluster:
    """A running scheduler (and workers); every process seen so far, for the final check."""

    scheduler_file: Path
    scheduler: subprocess.Popen
    workers: subprocess.Popen | None = None
    seen: set[Proc] = field(default_factory=set)
    survivors: set[Proc] = field(default_factory=set)

    def look(self) -> None:
        """Add the current process trees of the scheduler and the workers to ``seen``."""
        for proc in (self.scheduler, self.workers):
            if proc is not None:
                self.seen |= tree(proc.pid)

    def worker_pids(self) -> list[int]:
        """PIDs of the worker processes (the nannies' children that run tasks)."""
        assert self.workers is not None
        self.look()
        return sorted(pid for pid, _ in tree(self.workers.pid)
                      if b"spawn_main" in _cmdline(pid))

    def start_workers(self, n: int) -> None:
        """``dask worker --nworkers n --nthreads 1`` and wait until all n are connected."""
        self.workers = subprocess.Popen(
            [DASK, "worker", "--scheduler-file", str(self.scheduler_file), "--nworkers",
             str(n), "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=str(self.scheduler_file.parent), env=_env())
        from dask.distributed import Client

        with Client(scheduler_file=str(self.scheduler_file), timeout=30) as client:
            client.wait_for_workers(n, timeout=120)
        self.look()

    def kill_scheduler(self) -> None:
        """SIGKILL the scheduler, as a crash or the OOM killer would."""
        self.look()
        os.kill(self.scheduler.pid, signal.SIGKILL)
        self.scheduler.wait()


@contextlib.contextmanager
def dask_cluster(folder: Path, n_workers: int = 2,
                 scheduler_env: dict[str, str] | None = None) -> Iterator[Cluster]:
    """A scheduler (with ``scheduler_env`` added to its environment) and ``n_workers``."""
    sched_file = folder / "scheduler.json"
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--scheduler-file", str(sched_file), "--host", "127.0.0.1",
         "--port", "0", "--dashboard-address", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(folder),
        env=_env(scheduler_env))
    cluster = Cluster(sched_file, scheduler)
    try:
        deadline = time.monotonic() + 60
        while not sched_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert json.loads(sched_file.read_text())["address"].startswith("tcp://127.0.0.1:")
        if n_workers:
            cluster.start_workers(n_workers)
        yield cluster
    finally:
        cluster.look()
        _stop(cluster)
        cluster.survivors = wait_gone(cluster.seen)
        kill_all(cluster.survivors)


def _stop(cluster: Cluster) -> None:
    """Frozen workers first (only SIGKILL reaches a stopped process), then workers, scheduler."""
    for pid, _ in alive(cluster.seen):
        if _state(pid) == "T":
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    for proc in (cluster.workers, cluster.scheduler):  # workers first: 0.5 s instead of 8 s
        stop_process(proc)


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This checkout first on the path, so workers run the code under test."""
    env = dict(os.environ, **(extra or {}))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _state(pid: int) -> str:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return text[text.rindex(")") + 2:].split()[0]

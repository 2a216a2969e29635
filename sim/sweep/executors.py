"""Where a sweep's runs execute: in-process, local processes, or an existing Dask cluster.

Work is cut into batches of runs; each batch is one task. :func:`run_batch` is the
task: it rebuilds each run's configuration from the base and the point's
parameters, runs it, and returns one row per run. A run that raises becomes a row
with ``status = "error"`` and its message; the batch goes on.

Every executor has ``ready()`` (wait until it can take work; sets ``slots``) and
``run()``, which yields ``(batch, rows_or_exception)`` pairs as batches finish, in
completion order; an exception there means the batch was lost in transit (a worker
died) and its runs stay undone for ``--resume``. The Dask executor lives in
:mod:`sim.sweep.dask_executor`.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sim.config import SimConfig

Runner = Callable[[SimConfig, int], dict[str, float]]
"""A function from (config, seed) to a run's summary metrics.

Like :func:`sim.experiments.runs.run_metrics`.
"""

ERROR_CHARS = 500


@dataclass(frozen=True)
class Task:
    """One run to make: its identifiers, seed and parameter values."""

    run_id: int
    point_id: int
    replication: int
    seed: int
    params: tuple[tuple[str, Any], ...]


Batch = list[Task]
Outcome = list[dict[str, Any]] | BaseException


def default_runner(cfg: SimConfig, seed: int) -> dict[str, float]:
    """The real model: :func:`sim.experiments.runs.run_metrics`."""
    from sim.experiments.runs import run_metrics

    return run_metrics(cfg, seed)


def run_batch(base: SimConfig, tasks: Sequence[Task], metrics: Sequence[str],
              runner: Runner | None = None) -> list[dict[str, Any]]:
    """Run every task of a batch; never raises for a failing run."""
    return [run_task(base, t, metrics, runner or default_runner) for t in tasks]


def run_task(base: SimConfig, task: Task, metrics: Sequence[str],
             runner: Runner) -> dict[str, Any]:
    """One run → one row (identifiers, parameters, metrics, status, error, elapsed_s)."""
    start = time.perf_counter()
    row: dict[str, Any] = {"run_id": task.run_id, "point_id": task.point_id,
                           "replication": task.replication, "seed": task.seed,
                           **dict(task.params)}
    try:
        cfg = base.with_overrides(dict(task.params)) if task.params else base
        out = runner(cfg, task.seed)
        row.update({m: float(out.get(m, math.nan)) for m in metrics})
        row.update(status="ok", error="")
    except Exception as err:  # noqa: BLE001 - a failing run is data, not a crash
        row.update({m: math.nan for m in metrics})
        message = " ".join(f"{type(err).__name__}: {err}".split())
        row.update(status="error", error=message[:ERROR_CHARS])
    row["elapsed_s"] = time.perf_counter() - start
    return row


class SerialExecutor:
    """Runs batches one after another in this process (``--workers 1``)."""

    kind = "serial"
    slots = 1

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def ready(self) -> None:
        """Nothing to wait for."""

    def run(self, batches: Sequence[Batch], base: SimConfig, metrics: Sequence[str],
            runner: Runner | None) -> Iterator[tuple[Batch, Outcome]]:
        """Yield each batch with its rows."""
        for batch in batches:
            yield batch, run_batch(base, batch, metrics, runner)


class LocalExecutor:
    """A ``ProcessPoolExecutor`` on this machine (the default, all cores).

    Workers come from a fork server that has already imported the model (about 2 s,
    once per process), never from a fork of this threaded process, and run numpy's
    BLAS on one thread each (:mod:`sim.sweep.worker_env`). Each worker dies with the
    sweep, however the sweep ends (:func:`sim.sweep.signals.init_worker`).
    """

    kind = "local"

    def __init__(self, workers: int) -> None:
        self.slots = workers
        self._pool: Any = None

    def __enter__(self) -> LocalExecutor:
        from concurrent.futures import ProcessPoolExecutor

        from sim.sweep.signals import init_worker

        self._pool = ProcessPoolExecutor(max_workers=self.slots, mp_context=_mp_context(),
                                         initializer=init_worker, initargs=(os.getpid(),))
        return self

    def ready(self) -> None:
        """Nothing to wait for: workers start with the first batch."""

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._pool.shutdown(wait=True)
            return
        # Interrupted or failed: drop queued batches and stop the running ones now;
        # their runs were never written, so --resume runs them again.
        terminate = getattr(self._pool, "terminate_workers", None)  # Python ≥ 3.14
        if terminate is not None:
            terminate()
            return
        workers = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:
            proc.terminate()

    def run(self, batches: Sequence[Batch], base: SimConfig, metrics: Sequence[str],
            runner: Runner | None) -> Iterator[tuple[Batch, Outcome]]:
        """Submit every batch; yield them as they finish."""
        from concurrent.futures import as_completed

        futures = {self._pool.submit(run_batch, base, b, tuple(metrics), runner): b
                   for b in batches}
        for fut in as_completed(futures):
            yield futures[fut], outcome_of(fut)


def _mp_context() -> Any:
    """A fork server that has imported the model, so new workers start at once.

    Forking this process directly is unsafe once numpy, pandas or pyarrow have started
    their threads (Python 3.12 warns, 3.14 stops doing it by default). As with any
    ``multiprocessing`` code, a script that calls :func:`run_sweep` needs the
    ``if __name__ == "__main__":`` guard.
    """
    import multiprocessing as mp

    if "forkserver" not in mp.get_all_start_methods():  # pragma: no cover - not Linux
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(
        ["sim.sweep.worker_env", "sim.experiments.runs", "sim.sweep.executors",
         "sim.sweep.signals"])
    return ctx


def outcome_of(fut: Any) -> Outcome:
    """A finished future's rows, or the exception that lost its batch."""
    try:
        return fut.result()
    except Exception as err:  # noqa: BLE001 - a lost batch is reported, not raised
        return err


def make_executor(workers: int | None = None, scheduler: str | None = None,
                  scheduler_file: str | None = None, **dask_options: Any) -> Any:
    """The executor for the CLI's options: Dask if a scheduler is given, else processes.

    ``dask_options`` (``task_timeout``, ``worker_timeout``, ``log_path``) go to
    :class:`sim.sweep.dask_executor.DaskExecutor`.
    """
    if scheduler or scheduler_file:
        from sim.sweep.dask_executor import DaskExecutor

        return DaskExecutor(scheduler, scheduler_file, **dask_options)
    n = workers if workers is not None else (os.cpu_count() or 1)
    return SerialExecutor() if n <= 1 else LocalExecutor(n)


def default_batch(n_todo: int, slots: int, kind: str) -> int:
    """Runs per task: enough tasks to balance load, few enough to keep overhead low.

    Local processes cost ~0.1 ms per task, so batches stay small (frequent chunks,
    little lost on a crash); Dask costs ~2 ms per task, so batches are larger.
    """
    per_slot = 4 if kind == "dask" else 8
    cap = 32 if kind == "dask" else 8
    return max(1, min(cap, n_todo // max(1, slots * per_slot)))

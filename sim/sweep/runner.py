"""Run a sweep: design → runs → batches on an executor → Parquet chunks, resumably.

>>> from sim.sweep import load_spec, run_sweep
>>> outcome = run_sweep(load_spec("scenarios/sweeps/levers.toml"), "out/levers")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.sweep.executors import Runner, Task, default_batch, make_executor
from sim.sweep.outdir import output_lock, read_marker, write_marker
from sim.sweep.signals import deferred_termination, terminate_interrupts
from sim.sweep.spec import SweepSpec
from sim.sweep.store import DASK_LOG, ID_COLUMNS, StoreError, SweepStore


class SweepError(ValueError):
    """A sweep that must not start as asked (exit 2 in the CLI)."""


@dataclass(frozen=True)
class SweepOutcome:
    """What a call of :func:`run_sweep` did."""

    out_dir: Path
    n_runs: int
    skipped: int
    ran: int
    failed: int
    lost: int
    elapsed_s: float
    status: str


def run_sweep(spec: SweepSpec, out_dir: str | Path, *, workers: int | None = None,
              scheduler: str | None = None, scheduler_file: str | None = None,
              resume: bool = False, batch: int | None = None, runner: Runner | None = None,
              progress: bool = True, task_timeout: float | None = None,
              worker_timeout: float | None = None, repair: bool = False) -> SweepOutcome:
    """Run every (remaining) run of a sweep and record it in ``out_dir``.

    Args:
        spec: The validated spec.
        out_dir: The sweep directory (must be empty unless ``resume``).
        workers: Local processes (default: all cores; 1 runs in this process).
        scheduler: Address of an existing Dask scheduler, e.g. ``tcp://host:8786``.
        scheduler_file: A Dask scheduler file, instead of ``scheduler``.
        resume: Continue a sweep in ``out_dir``, skipping finished runs.
        batch: Runs per task (default: chosen from the work and the workers).
        runner: ``(config, seed) -> metrics``; the real model by default. Must be
            picklable (a module-level function) for process and Dask executors.
        progress: Show a progress bar on stderr.
        task_timeout: Dask only: seconds a batch may run (default: derived from the
            expected run time, see :mod:`sim.sweep.dask_executor`).
        worker_timeout: Dask only: seconds to wait for a connected worker (default 60).
        repair: With ``resume``: first move unreadable files to ``out_dir/quarantine``
            and rebuild a damaged manifest or design from ``spec``
            (:func:`sim.sweep.repair.repair_sweep`).

    Only one process writes a sweep directory at a time: the call holds the folder's
    lock (:func:`sim.sweep.outdir.output_lock`) from the first check to the last write.
    SIGTERM stops the sweep like Ctrl-C (:mod:`sim.sweep.signals`). The manifest always
    ends with a ``status`` and, unless complete, a ``reason``.

    Raises:
        SweepError: ``out_dir`` not empty without ``resume``, a resume whose spec
            differs from the one the sweep was started with, or ``repair`` without
            ``resume``.
        StoreError: another process is writing ``out_dir`` ("… is in use by PID …"), or
            one of its files is unreadable (the message names the file and the repair).
        ClusterError: the Dask cluster cannot run the sweep (unreachable, no workers,
            scheduler lost, a batch over the task timeout); the manifest says ``failed``.
        KeyboardInterrupt: Ctrl-C, or :class:`sim.sweep.signals.SweepTerminated` on
            SIGTERM; finished runs are kept and the manifest says ``interrupted``.

    """
    if repair and not resume:
        raise SweepError("--repair works on an existing sweep: add --resume")
    store = SweepStore(out_dir)
    dask_options = _dask_options(task_timeout, worker_timeout, store, scheduler or scheduler_file)
    with output_lock(out_dir, "sweep"), terminate_interrupts():
        if repair:
            from sim.sweep.repair import repair_sweep

            for line in repair_sweep(store, spec):
                print(f"repair: {line}", file=sys.stderr)
        resuming = _check_start(store, spec, resume)
        counts = {"ran": 0, "failed": 0, "lost": 0}
        with make_executor(workers, scheduler, scheduler_file,
                           **dask_options) as ex:  # connect before writing
            manifest, tasks, n_done = _open(store, spec, resuming)
            start = time.perf_counter()
            try:
                _execute(ex, store, spec, tasks, counts, n_done, batch, runner, progress)
            except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (SweepTerminated)
                with deferred_termination():
                    _finish(store, manifest, "interrupted", _interrupt_reason(stop))
                raise
            except Exception as err:
                # the error is what the user must see, even if the manifest cannot be
                # written (a full disk): theirs, not a second one from here
                with deferred_termination(), contextlib.suppress(OSError):
                    _finish(store, manifest, "failed", " ".join(str(err).split()))
                raise
        status = "complete" if counts["lost"] == 0 else "incomplete"
        reason = None if status == "complete" else \
            f"{counts['lost']} runs lost to worker failures; --resume runs them"
        with deferred_termination():  # a SIGTERM now must not leave status "running"
            _finish(store, manifest, status, reason)
            if status == "complete":
                store.compact()
    return SweepOutcome(Path(out_dir), spec.n_runs, n_done, counts["ran"],
                        counts["failed"], counts["lost"], time.perf_counter() - start, status)


def _dask_options(task_timeout: float | None, worker_timeout: float | None,
                  store: SweepStore, dask: str | None) -> dict[str, Any]:
    """The Dask executor's options; refuse them without a scheduler."""
    if not dask:
        given = [n for n, v in (("task_timeout", task_timeout),
                                ("worker_timeout", worker_timeout)) if v is not None]
        if given:
            raise SweepError(f"{', '.join(given)}: only for a Dask cluster (--scheduler or "
                             "--scheduler-file)")
        return {}
    options: dict[str, Any] = {"task_timeout": task_timeout, "log_path": store.root / DASK_LOG}
    if worker_timeout is not None:
        options["worker_timeout"] = worker_timeout
    return options


def _interrupt_reason(stop: KeyboardInterrupt) -> str:
    from sim.sweep.signals import SweepTerminated

    return "stopped by SIGTERM" if isinstance(stop, SweepTerminated) else \
        "interrupted by Ctrl-C (SIGINT)"


def _open(store: SweepStore, spec: SweepSpec, resuming: bool
          ) -> tuple[dict[str, Any], list[Task], int]:
    """Create or reopen the sweep directory: (manifest, runs still to do, runs done)."""
    from sim.sweep.design import build_design, run_table

    store.prepare()
    if read_marker(store.root) is None:  # also marks sweeps made before the marker existed
        write_marker(store.root, "sweep")
    points = store.load_design() if resuming else build_design(spec, unit=True)
    manifest = store.read_manifest() if resuming else new_manifest(spec, points)
    if not resuming:
        store.write_design(points)
    runs = run_table(spec, points)
    done = store.finished_run_ids() if resuming else set()
    manifest.update(status="running", reason=None, sessions=manifest.get("sessions", 0) + 1)
    store.write_manifest(manifest)
    return manifest, _tasks(runs[~runs["run_id"].isin(done)], points, spec), len(done)


def _check_start(store: SweepStore, spec: SweepSpec, resume: bool) -> bool:
    """True when resuming an existing sweep; refuse what would mix two sweeps."""
    if not resume:
        if not store.is_empty():
            raise SweepError(f"{store.root}: directory is not empty; use --resume to "
                             "continue the sweep there, or choose a new --out")
        return False
    if not store.has_manifest():
        if not store.is_empty():
            raise SweepError(f"{store.root}: not a sweep directory (no manifest.json) "
                             "and not empty; choose a new --out")
        return False
    old = store.read_manifest().get("spec_hash")
    if old != spec.spec_hash:
        raise SweepError(f"{store.root}: cannot resume: the spec differs from the one this "
                         f"sweep was started with (hash {spec.spec_hash[:12]} vs "
                         f"{str(old)[:12]}); use a new --out or the original spec")
    return True


def new_manifest(spec: SweepSpec, points: Any) -> dict[str, Any]:
    """The manifest of a new sweep of ``spec`` over the design ``points``."""
    from sim import __version__

    return {
        "format": 1, "name": spec.name, "spec": spec.to_dict(), "spec_hash": spec.spec_hash,
        "spec_file": str(spec.path) if spec.path else None, "version": __version__,
        "seed": spec.seed, "sampler": spec.sampler, "parameters": spec.param_names,
        "metrics": list(spec.metrics), "n_points": int(len(points)),
        "replications": spec.replications, "n_runs": spec.n_runs,
        "started": _now(), "ended": None, "status": "running", "sessions": 0,
    }


def _finish(store: SweepStore, manifest: dict[str, Any], status: str,
            reason: str | None = None) -> None:
    """Record the final status, its reason and the counts of what is on disk."""
    manifest.update(status=status, ended=_now(), reason=reason)
    try:
        frame = store.load()
    except StoreError:  # a damaged file: the status still must not stay "running"
        manifest.pop("counts", None)
    else:
        ok = int((frame["status"] == "ok").sum()) if len(frame) else 0
        manifest["counts"] = {"ok": ok, "error": int(len(frame) - ok),
                              "remaining": int(manifest["n_runs"] - len(frame))}
    store.write_manifest(manifest)


def _tasks(todo: Any, points: Any, spec: SweepSpec) -> list[Task]:
    values = points.set_index("point_id")[spec.param_names]
    params = {pid: tuple((k, v.item() if hasattr(v, "item") else v) for k, v in row.items())
              for pid, row in zip(values.index, values.to_dict("records"), strict=True)}
    return [Task(int(r.run_id), int(r.point_id), int(r.replication), int(r.seed),
                 params[int(r.point_id)]) for r in todo.itertuples(index=False)]


def _execute(ex: Any, store: SweepStore, spec: SweepSpec, tasks: list[Task],
             counts: dict[str, int], n_done: int, batch: int | None, runner: Runner | None,
             progress: bool) -> None:
    if not tasks:
        return
    ex.ready()
    dtypes = _dtypes(spec, store)
    size = batch or default_batch(len(tasks), ex.slots, ex.kind)
    batches = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    bar = _progress_bar(spec, n_done, progress)
    try:
        for done_batch, outcome in ex.run(batches, spec.base_config, spec.metrics, runner):
            _record(store, done_batch, outcome, dtypes, counts)
            bar.update(len(done_batch))
            _postfix(bar, counts, len(tasks))
    finally:
        bar.close()


def _postfix(bar: Any, counts: dict[str, int], n_tasks: int) -> None:
    extra = {"lost": counts["lost"]} if counts["lost"] else {}
    bar.set_postfix(failed=counts["failed"], remaining=n_tasks - counts["ran"] - counts["lost"],
                    **extra, refresh=False)


def _record(store: SweepStore, batch: list[Task], outcome: Any, dtypes: dict[str, str],
            counts: dict[str, int]) -> None:
    if isinstance(outcome, BaseException):
        counts["lost"] += len(batch)
        print(f"warning: {len(batch)} runs lost ({type(outcome).__name__}: {outcome}); "
              "they stay undone for --resume", file=sys.stderr)
        return
    store.write_chunk(outcome, dtypes)
    counts["ran"] += len(outcome)
    counts["failed"] += sum(1 for row in outcome if row["status"] != "ok")


def _dtypes(spec: SweepSpec, store: SweepStore) -> dict[str, str]:
    design = store.load_design()
    out = dict.fromkeys(ID_COLUMNS, "int64")
    out.update({p: str(design[p].dtype) for p in spec.param_names})
    out.update(dict.fromkeys(spec.metrics, "float64"))
    out.update(status="str", error="str", elapsed_s="float64")
    return out


def _progress_bar(spec: SweepSpec, n_done: int, enabled: bool) -> Any:
    from tqdm import tqdm

    class _Bar(tqdm):
        monitor_interval = 0  # no monitor thread left running after the sweep

    return _Bar(total=spec.n_runs, initial=n_done, unit="run", desc=spec.name,
                file=sys.stderr, disable=not enabled, dynamic_ncols=True, smoothing=0.1)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

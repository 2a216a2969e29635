"""Batches on an existing Dask cluster, with the failures a cluster brings turned into clear errors.

:class:`DaskExecutor` connects to a running scheduler (``--scheduler ADDRESS`` or
``--scheduler-file F``), sends each batch of runs as one task, and yields batches as
they finish, like the local executors. While it waits it asks the scheduler, once a
second (:data:`WATCH_EVERY_S`), what each worker is doing, and stops the sweep with a
:class:`~sim.sweep.dask_connect.ClusterError` (exit 2, one line; the runner records the
manifest as ``failed`` with the message as its reason; finished runs stay saved for
``--resume``) when

* **a batch runs too long** (``--task-timeout``): a batch has been running longer than
  the timeout, or sits on a worker that has not sent a heartbeat for that long (a
  frozen worker, e.g. one stopped with SIGSTOP, holds its batches forever). By default
  the timeout is :data:`TIMEOUT_FACTOR` × the batch's expected time (the slower of the
  estimate for the base scenario, :func:`sim.experiments.estimates.estimate_resources`,
  and the slowest run measured so far), and at least :data:`MIN_TASK_TIMEOUT_S`, which
  leaves Dask's own remedy for frozen workers (the scheduler drops a worker silent for
  ``distributed.scheduler.worker-ttl``, 5 minutes by default, and reruns its tasks
  elsewhere) time to act first;
* **no worker is connected** for ``--worker-timeout`` seconds (at the start, or after
  every worker has gone);
* **the scheduler is lost** (it stopped, or stops answering for
  :data:`~sim.sweep.dask_connect.HANDSHAKE_TIMEOUT_S`).

Dask's own log records go to ``DIR/dask.log``, never to the terminal
(:class:`~sim.sweep.dask_connect.DaskLog`).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sim.config import SimConfig
from sim.sweep.dask_connect import (
    HANDSHAKE_TIMEOUT_S,
    ClusterError,
    DaskLog,
    check_scheduler,
    scheduler_address,
)
from sim.sweep.executors import Batch, Outcome, Runner, outcome_of, run_batch

DEFAULT_WORKER_TIMEOUT_S = 60.0
"""Seconds to wait for a first worker (or a new one after all have gone): a worker
started with the scheduler registers within a few seconds; a batch system may need
longer (``--worker-timeout``)."""

MIN_TASK_TIMEOUT_S = 600.0
"""Floor of the default task timeout: longer than Dask's default ``worker-ttl`` (300 s),
after which the scheduler itself reruns a silent worker's tasks elsewhere. ASSUMPTION:
no tiny-market batch legitimately runs 10 minutes."""

TIMEOUT_FACTOR = 10.0
"""Default task timeout as a multiple of a batch's expected time. ASSUMPTION: a batch
waits behind at most one other on its worker (Dask queues ~1.1 tasks per thread), and a
busy shared node runs a few times slower than this machine."""

WATCH_EVERY_S = 1.0
"""Seconds between two looks at the cluster's state while batches run."""

STALE_HEARTBEAT_S = 10.0
"""A worker silent this long (or half the task timeout, if less) is named as "not
answering" in a timeout message (workers send a heartbeat every 0.5–5 s, depending on
the cluster's size)."""

CLOSE_TIMEOUT_S = 5.0
"""Seconds to close the client; after a lost scheduler it has nothing left to say."""


class DaskExecutor:
    """Sends batches to an existing Dask cluster (``--scheduler`` / ``--scheduler-file``)."""

    kind = "dask"

    def __init__(self, address: str | None = None, scheduler_file: str | None = None, *,
                 task_timeout: float | None = None,
                 worker_timeout: float = DEFAULT_WORKER_TIMEOUT_S,
                 log_path: Path | None = None) -> None:
        self.address, self.scheduler_file = address, scheduler_file
        self.where = address or str(scheduler_file)
        self.task_timeout, self.worker_timeout = task_timeout, worker_timeout
        self.log_path = log_path
        self.client: Any = None
        self.slots = 1
        self._log = DaskLog()
        self._stack = contextlib.ExitStack()
        self._slowest_run_s = 0.0
        self._estimate_run_s = 0.0
        self._no_workers_since: float | None = None
        self._watching = True

    # ---- connecting ---------------------------------------------------------------
    def __enter__(self) -> DaskExecutor:
        self._stack.enter_context(self._log.capturing())
        try:
            self._connect()
        except BaseException:
            self._close()
            raise
        return self

    def _connect(self) -> None:
        from dask.distributed import Client

        address = check_scheduler(scheduler_address(self.address, self.scheduler_file),
                                  self.where)
        try:
            self.client = Client(address, timeout=HANDSHAKE_TIMEOUT_S, set_as_default=False)
        except Exception as err:  # noqa: BLE001 - it answered the check a moment ago
            raise ClusterError(f"cannot connect to the Dask scheduler at {self.where} "
                               f"({type(err).__name__}: {_one_line(err)})") from None

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):  # a lost scheduler may not answer
                self.client.close(timeout=CLOSE_TIMEOUT_S)
            self.client = None
        self._stack.close()
        with contextlib.suppress(OSError):
            self._log.save(self.log_path, f"hiresim sweep on {self.where}, "
                           f"{time.strftime('%Y-%m-%d %H:%M:%S %z')}")

    def ready(self) -> None:
        """Wait for a first worker (``worker_timeout``); size ``slots`` to the cluster.

        Raises:
            ClusterError: no worker within ``worker_timeout`` seconds, or the scheduler lost.

        """
        try:
            self.client.wait_for_workers(1, timeout=self.worker_timeout)
            self.slots = max(1, sum(self.client.nthreads().values()))
        except TimeoutError:
            raise ClusterError(self._no_workers_message()) from None
        except OSError:
            raise ClusterError(self._lost_message()) from None

    # ---- running ------------------------------------------------------------------
    def run(self, batches: Sequence[Batch], base: SimConfig, metrics: Sequence[str],
            runner: Runner | None) -> Iterator[tuple[Batch, Outcome]]:
        """Submit every batch; yield them as they finish.

        Raises:
            ClusterError: a batch over the task timeout, no workers, or the scheduler lost.

        """
        from dask.distributed import as_completed

        from sim.experiments.estimates import estimate_resources

        self._estimate_run_s = estimate_resources(base).seconds
        # The base config travels with each task (~8 KB pickled) rather than scattered
        # once: scattered data has no recipe, so losing a worker that holds it cancels
        # every batch that needs it, where a self-contained task is simply rerun.
        futures = {self.client.submit(run_batch, base, b, tuple(metrics), runner,
                                      pure=False): b for b in batches}
        pending = {f.key: b for f, b in futures.items()}
        done = as_completed(futures, loop=self.client.loop)
        last_look = time.monotonic()
        try:
            while pending:
                ready = done.next_batch(block=False)
                for fut in ready:
                    outcome = outcome_of(fut)
                    if self._scheduler_lost(outcome):
                        raise ClusterError(self._lost_message())
                    self._measure(outcome)
                    yield pending.pop(fut.key), outcome
                if time.monotonic() - last_look >= WATCH_EVERY_S:
                    self._look(pending)
                    last_look = time.monotonic()
                if not ready:
                    time.sleep(0.05)
        finally:
            with contextlib.suppress(Exception):
                self.client.cancel(list(futures))

    def _measure(self, outcome: Outcome) -> None:
        if isinstance(outcome, list):
            slowest = max((float(r.get("elapsed_s", 0.0)) for r in outcome), default=0.0)
            self._slowest_run_s = max(self._slowest_run_s, slowest)

    def timeout_for(self, batch: Batch) -> float:
        """Seconds ``batch`` may spend running (or stuck on a silent worker)."""
        if self.task_timeout is not None:
            return self.task_timeout
        per_run = max(self._estimate_run_s, self._slowest_run_s)
        return max(MIN_TASK_TIMEOUT_S, TIMEOUT_FACTOR * per_run * len(batch))

    def _look(self, pending: dict[Any, Batch]) -> None:
        """Raise :class:`ClusterError` if the cluster cannot finish ``pending``."""
        if not self._watching:
            return
        try:
            # callback_timeout bounds the call itself: a frozen scheduler must not hang us
            state = self.client.run_on_scheduler(_cluster_state_function(),
                                                 callback_timeout=HANDSHAKE_TIMEOUT_S)
        except (OSError, TimeoutError):
            raise ClusterError(self._lost_message()) from None
        except Exception as err:  # noqa: BLE001 - e.g. a scheduler that refuses pickles
            self._watching = False
            print(f"warning: task timeouts are off: the Dask scheduler at {self.where} "
                  f"does not report its workers ({type(err).__name__})", flush=True,
                  file=sys.stderr)
            return
        self._check_workers(state)
        for address, (silent_s, status, processing, executing) in state.items():
            for key in processing:
                batch = pending.get(key)
                if batch is None:
                    continue
                held_s = silent_s + executing.get(key, 0.0)
                limit = self.timeout_for(batch)
                if held_s > limit:
                    raise ClusterError(self._timeout_message(batch, address, silent_s,
                                                             held_s, limit, status))

    def _check_workers(self, state: dict[str, Any]) -> None:
        # a paused worker (over its memory limit) still counts: it resumes by itself
        if any(status in ("running", "paused") for _, status, _, _ in state.values()):
            self._no_workers_since = None
            return
        now = time.monotonic()
        self._no_workers_since = self._no_workers_since or now
        if now - self._no_workers_since > self.worker_timeout:
            raise ClusterError(self._no_workers_message())

    def _scheduler_lost(self, outcome: Outcome) -> bool:
        from distributed.client import FutureCancelledError

        if isinstance(outcome, FutureCancelledError) and (
                getattr(outcome, "reason", "") == "scheduler-connection-lost"
                or self.client.status != "running"):
            return True
        # A connection closed while gathering a batch (CommClosedError is an OSError)
        # may be the scheduler dying or one worker: ask the scheduler before calling
        # the batch lost, so a dead scheduler gives its one line, not a warning first.
        if isinstance(outcome, OSError) or self.client.status != "running":
            return not self._scheduler_answers()
        return False

    def _scheduler_answers(self) -> bool:
        try:
            self.client.run_on_scheduler(_cluster_state_function(),
                                         callback_timeout=HANDSHAKE_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - any failure to answer means it is gone
            return False
        return True

    # ---- messages -----------------------------------------------------------------
    def _lost_message(self) -> str:
        return (f"lost the connection to the Dask scheduler at {self.where} (it stopped, "
                "or the network failed); finished runs are saved: restart the scheduler "
                "and its workers, then continue with --resume")

    def _no_workers_message(self) -> str:
        return (f"no Dask worker connected to the scheduler at {self.where} for "
                f"{self.worker_timeout:g} s (--worker-timeout); start workers (e.g. "
                "`dask worker --scheduler-file FILE`), then continue with --resume")

    def _timeout_message(self, batch: Batch, address: str, silent_s: float, held_s: float,
                         limit: float, status: str) -> str:
        runs = f"runs {batch[0].run_id}-{batch[-1].run_id}"
        if silent_s > min(limit / 2, STALE_HEARTBEAT_S):
            what = (f"Dask worker {address} has not answered for {silent_s:.0f} s while "
                    f"holding {runs}; it may be frozen or its machine overloaded")
            fix = "restart that worker"
        else:
            state = "" if status == "running" else f" ({status})"
            what = f"{runs} have run for {held_s:.0f} s on Dask worker {address}{state}"
            fix = "raise --task-timeout if runs this long are expected"
        return (f"{what} (task timeout {limit:g} s, --task-timeout); finished runs are "
                f"saved: {fix}, then continue with --resume")


def _cluster_state_function() -> Any:
    """A function for ``run_on_scheduler``: each worker's silence, status and tasks.

    Made inside a function so that cloudpickle sends it by value: the scheduler need not
    be able to import ``sim``. It returns ``{worker address: (seconds since its last
    heartbeat, status, keys sent to it, {key: seconds executing at that heartbeat})}``.
    """
    def cluster_state(dask_scheduler: Any = None) -> dict[str, Any]:
        from time import time

        now = time()
        return {ws.address: (now - ws.last_seen, ws.status.name,
                             [ts.key for ts in ws.processing],
                             {ts.key: float(d) for ts, d in ws.executing.items()})
                for ws in dask_scheduler.workers.values()}

    return cluster_state


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())

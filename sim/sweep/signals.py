"""Signals and a sweep's processes: SIGTERM stops a sweep like Ctrl-C; workers never outlive it.

* **SIGTERM** (``kill PID``, a batch scheduler's time limit, ``docker stop``) raises
  :class:`SweepTerminated`, a ``KeyboardInterrupt``, inside :func:`terminate_interrupts`.
  The sweep then does what it does on Ctrl-C: finished runs stay recorded, the manifest
  says ``interrupted``, the workers are stopped, and the CLI exits with 143 (128 + 15).
  Further SIGTERMs are ignored while the sweep records that, and
  :func:`deferred_termination` holds one back until a short critical step is done.
* **No orphans.** :func:`init_worker` runs in each local worker process as it starts and
  makes the worker end when the sweep process ends, whatever ended it, SIGKILL included.
  A worker's parent is the multiprocessing fork server, not the sweep, and the fork
  server does not notice the sweep's death while workers live (each worker holds the
  pipe it watches), so the worker watches the sweep itself: a daemon thread waits on a
  ``pidfd`` of the sweep process (Linux ≥ 5.3; elsewhere it polls the PID once a
  second) and ends the worker with ``os._exit`` when it fires. On Linux the worker also
  asks for SIGKILL when its parent, the fork server, ends
  (``prctl(PR_SET_PDEATHSIG)``). Once the workers are gone, the fork server and the
  resource tracker see their pipes close and exit too.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from sim.sweep.outdir import pid_alive

PR_SET_PDEATHSIG = 1
"""``prctl`` option from ``<linux/prctl.h>``: signal to receive when the parent dies."""

POLL_SECONDS = 1.0


class SweepTerminated(KeyboardInterrupt):
    """The sweep was asked to stop by SIGTERM; handled like Ctrl-C, exit code 143."""

    exit_code = 128 + signal.SIGTERM


class _State:
    active = False
    fired = False
    deferring = 0
    held = False


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    if _State.fired:
        return  # already stopping: a second SIGTERM must not cut the clean-up short
    _State.fired = True
    if _State.deferring:
        _State.held = True
    else:
        raise SweepTerminated("terminated")


@contextmanager
def terminate_interrupts() -> Iterator[None]:
    """Turn SIGTERM into :class:`SweepTerminated` inside the block; restore the handler after.

    Does nothing outside the main thread, when nested, or when SIGTERM already has a
    handler other than the default (an application embedding the sweep owns it).

    Yields:
        Nothing.

    """
    if (threading.current_thread() is not threading.main_thread() or _State.active
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return
    _State.active, _State.fired, _State.deferring, _State.held = True, False, 0, False
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _State.active = False


@contextmanager
def deferred_termination() -> Iterator[None]:
    """Let the block finish before a SIGTERM received during it raises.

    Yields:
        Nothing.

    Raises:
        SweepTerminated: after the block, if SIGTERM came during it.

    """
    _State.deferring += 1
    try:
        yield
    finally:
        _State.deferring -= 1
    if _State.held and not _State.deferring:
        _State.held = False
        raise SweepTerminated("terminated")


def init_worker(sweep_pid: int) -> None:
    """Initializer of each local worker: leave Ctrl-C to the sweep; end with the sweep.

    Args:
        sweep_pid: PID of the sweep process to outlive by no more than a moment.

    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _prctl_pdeathsig(signal.SIGKILL)  # the fork server's death, should it come first
    threading.Thread(target=_watch, args=(sweep_pid,), name="hiresim-sweep-watch",
                     daemon=True).start()


def _watch(pid: int) -> None:
    """Return never: end this process as soon as process ``pid`` has ended."""
    import select
    import time

    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux ≥ 5.3, or ``pid`` is already gone
        while pid_alive(pid):
            time.sleep(POLL_SECONDS)
    else:
        select.select([fd], [], [])  # readable once the process has ended
    os._exit(1)


def _prctl_pdeathsig(signum: int) -> bool:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):  # no libc symbol (e.g. musl without prctl)
        return False

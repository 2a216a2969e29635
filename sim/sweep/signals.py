"""Signals and a sweep's processes: SIGTERM stops a sweep like Ctrl-C; workers never outlive it.

* **SIGTERM** (``kill PID``, a batch scheduler's time limit, ``docker stop``) raises
  :class:`SweepTerminated`, a ``KeyboardInterrupt``, inside :func:`terminate_interrupts`.
  The sweep then does what it does on Ctrl-C: finished runs stay recorded, the manifest
  says ``interrupted``, the workers are stopped, and the CLI exits with 143 (128 + 15).
  Further SIGTERMs are ignored while the sweep records that, and
  :func:`deferred_termination` holds one back until a short critical step is done.
* **Parent death.** :func:`die_with_parent` runs in each local worker process as it
  starts. On Linux it asks the kernel (``prctl(PR_SET_PDEATHSIG, SIGKILL)``) to kill the
  worker when its parent process ends, whatever ended it, SIGKILL included. The parent of
  a worker is the multiprocessing fork server, which exits as soon as the sweep process
  is gone (it watches a pipe whose other end only the sweep holds), so a killed sweep
  leaves no process behind. Elsewhere a daemon thread polls ``os.getppid()`` once a
  second and exits the worker when the parent changes.
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
    """Initializer of each local worker: leave Ctrl-C to the sweep; die with the sweep.

    Args:
        sweep_pid: PID of the sweep process, to catch a sweep that died before the
            watch was set up.

    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    if not pid_alive(sweep_pid):  # it died before the watch was armed: nothing would fire
        os._exit(1)


def die_with_parent() -> None:
    """End this process when its parent process ends (see the module docstring)."""
    if sys.platform.startswith("linux") and _prctl_pdeathsig(signal.SIGKILL):
        return
    parent = os.getppid()

    def watch() -> None:
        while not _stop.wait(POLL_SECONDS):
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="hiresim-parent-watch", daemon=True).start()


_stop = threading.Event()


def _prctl_pdeathsig(signum: int) -> bool:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):  # no libc symbol (e.g. musl without prctl)
        return False

"""Ctrl-C in the ``hiresim`` commands: one ``KeyboardInterrupt``, clean-up, exit 130.

Python's own SIGINT handling almost does what the CLI needs; this module closes the gaps:

* **The process's handler is left as it was found.** :func:`sigint_handled` installs the
  CLI's handler for the duration of a command and restores the previous one afterwards.
  (An earlier version set ``SIG_IGN`` for good after an interrupt; called in-process, as
  the tests and notebooks do, that left the host ignoring Ctrl-C, and every child
  process it started inherited ``SIG_IGN`` and could no longer be interrupted at all.)
* **One Ctrl-C, one interrupt.** The first SIGINT raises ``KeyboardInterrupt``; further
  ones are ignored while the command unwinds, so a second press cannot cut short the
  removal of a staging folder or turn the one-line message into a traceback.
* **An interrupt that was swallowed is raised again.** A ``KeyboardInterrupt`` raised
  while Python runs a ``__del__`` method or a weakref callback (Mesa keeps its agents in
  weak sets) is printed as "Exception ignored" and dropped. The handler also records the
  interrupt, and :func:`raise_if_interrupted`, called between runs, raises it again.
* **Critical steps finish first.** :func:`deferred_interrupts` holds an interrupt back
  until a short step (such as renaming the output folder into place) is complete.

A SIGINT that is ignored when the process starts (``SIG_IGN`` inherited, as for
background jobs of a non-interactive shell) stays ignored, as for any Python program.
All of this works only in the main thread; elsewhere the functions do nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class _State:
    """What the handler knows: whether Ctrl-C was pressed and whether to hold it back."""

    interrupted = False
    deferring = 0
    held = False


def _on_sigint(_signum: int, _frame: FrameType | None) -> None:
    """The CLI's SIGINT handler: interrupt once, then let the clean-up run."""
    if _State.interrupted:
        return  # already unwinding (or exiting): a second Ctrl-C must not disturb it
    _State.interrupted = True
    if _State.deferring:
        _State.held = True
    else:
        raise KeyboardInterrupt


def _reset() -> None:
    _State.interrupted, _State.deferring, _State.held = False, 0, False


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def sigint_handled() -> Iterator[None]:
    """Handle Ctrl-C the CLI's way inside the block; restore the previous handler after.

    Nested use is a no-op, and so is use outside the main thread or when SIGINT is not
    at Python's default (ignored, or handled by an embedding application).

    Yields:
        Nothing; the block runs with the CLI's handler.

    """
    if not _main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    _reset()
    previous = signal.signal(signal.SIGINT, _on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _reset()


def install_for_process() -> None:
    """Install the CLI's handler for the rest of the process (the ``hiresim`` program).

    Unlike :func:`sigint_handled` nothing is restored, so a Ctrl-C pressed while the
    program prints its last line or exits is still ignored rather than fatal.
    """
    if _main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        _reset()
        signal.signal(signal.SIGINT, _on_sigint)


def stop_interrupting() -> None:
    """Ignore any further Ctrl-C: the program is exiting and its output is final."""
    _State.interrupted = True


def raise_if_interrupted() -> None:
    """Raise ``KeyboardInterrupt`` if Ctrl-C was pressed but its interrupt was swallowed.

    Call at safe points, e.g. between simulation runs.

    Raises:
        KeyboardInterrupt: Ctrl-C was pressed during the command.

    """
    if _State.interrupted and signal.getsignal(signal.SIGINT) is _on_sigint:
        raise KeyboardInterrupt


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Let the block finish before a Ctrl-C pressed during it raises ``KeyboardInterrupt``.

    Yields:
        Nothing; the block runs with interrupts held back.

    Raises:
        KeyboardInterrupt: after the block, if the first Ctrl-C came during it.

    """
    if signal.getsignal(signal.SIGINT) is not _on_sigint:
        yield
        return
    _State.deferring += 1
    try:
        yield
    finally:
        _State.deferring -= 1
    if _State.held and not _State.deferring:
        _State.held = False
        raise KeyboardInterrupt

"""Ctrl-C inside the CLI, in-process: real SIGINTs, one interrupt, the handler restored.

These raise real SIGINTs in the test process. The CLI's handler turns them into
``KeyboardInterrupt`` inside the command; anything that escapes is turned into a test
failure here, so that a regression cannot abort the whole pytest session instead.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from sim.cli import dispatch
from sim.cli.common import progress_bar
from sim.cli.interrupts import deferred_interrupts, raise_if_interrupted, sigint_handled
from sim.cli.output import staged_dir
from sim.sweep.outdir import write_marker


@pytest.fixture(autouse=True)
def sigint_at_default() -> Iterator[None]:
    """Run each test with SIGINT at Python's default, as in a terminal.

    How pytest itself was started must not decide whether these tests run: a CI job or
    a background shell may hand it SIGINT ignored, and xdist workers may inherit that.
    """
    assert threading.current_thread() is threading.main_thread(), "signals need it"
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def ctrl_c() -> None:
    """What pressing Ctrl-C does to this process (the handler runs before this returns)."""
    signal.raise_signal(signal.SIGINT)


@contextmanager
def no_escaping_interrupt() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:  # pragma: no cover - only when the CLI's handling is broken
        pytest.fail("a KeyboardInterrupt escaped the CLI's handling")


def run_command(func: Callable[[argparse.Namespace], Any]) -> int:
    with no_escaping_interrupt():
        return dispatch(argparse.Namespace(func=func, debug=False))


def test_the_handler_is_restored_after_an_interrupted_command(capsys) -> None:
    """The root cause of the hanging Ctrl-C test: an interrupted in-process command used
    to leave SIGINT ignored, and every process started afterwards inherited SIG_IGN."""
    before = signal.getsignal(signal.SIGINT)
    assert run_command(lambda _args: ctrl_c()) == 130
    assert capsys.readouterr().err == "hiresim: interrupted\n"
    assert signal.getsignal(signal.SIGINT) is before
    child = subprocess.run(
        [sys.executable, "-c", "import signal; print(signal.getsignal(signal.SIGINT))"],
        capture_output=True, text=True, check=True)
    assert "default_int_handler" in child.stdout, "a child process would ignore Ctrl-C"


def test_the_handler_is_restored_after_every_outcome(cli) -> None:
    before = signal.getsignal(signal.SIGINT)
    assert cli("metrics").code == 0
    assert cli("run", "no_such_preset").code == 2
    assert run_command(lambda _args: 1 / 0) == 1
    assert signal.getsignal(signal.SIGINT) is before


def test_one_ctrl_c_is_one_interrupt(capsys) -> None:
    """A second Ctrl-C while the command cleans up does not cut the clean-up short."""
    cleaned = []

    def command(_args: argparse.Namespace) -> int:
        try:
            ctrl_c()
            return 0  # not reached: the first Ctrl-C raises here
        except KeyboardInterrupt:
            ctrl_c()
            ctrl_c()
            cleaned.append(True)
            raise

    assert run_command(command) == 130
    assert cleaned == [True]
    assert capsys.readouterr().err == "hiresim: interrupted\n"


def test_an_interrupt_swallowed_in_a_del_method_is_raised_between_runs(monkeypatch,
                                                                        capsys) -> None:
    """Python drops a KeyboardInterrupt raised in ``__del__`` or a weakref callback
    ("Exception ignored"); the progress callback between runs raises it again."""
    swallowed: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: swallowed.append(u.exc_type))

    class Collected:
        def __del__(self) -> None:
            ctrl_c()

    runs = []

    def command(_args: argparse.Namespace) -> int:
        with progress_bar(3, "test") as on_progress:
            for i in range(3):
                obj = Collected()
                del obj  # Ctrl-C lands while the object is collected
                runs.append(i)
                on_progress(i + 1, 3)
        return 0

    monkeypatch.setenv("HIRESIM_PROGRESS", "off")
    assert run_command(command) == 130
    assert swallowed == [KeyboardInterrupt]
    assert runs == [0]
    assert capsys.readouterr().err == "hiresim: interrupted\n"


def test_progress_lines_on_request(monkeypatch, capsys) -> None:
    monkeypatch.setenv("HIRESIM_PROGRESS", "lines")
    with progress_bar(2, "baseline") as on_progress:
        on_progress(1, 2)
        on_progress(2, 2)
    assert capsys.readouterr().err == ("hiresim: baseline: run 1/2\n"
                                       "hiresim: baseline: run 2/2\n")


def test_a_deferred_interrupt_comes_after_the_block() -> None:
    steps = []
    with no_escaping_interrupt(), sigint_handled():
        with pytest.raises(KeyboardInterrupt), deferred_interrupts():
            ctrl_c()
            steps.append("block finished")
        steps.append("interrupt raised")
        ctrl_c()  # a second Ctrl-C: ignored
        with pytest.raises(KeyboardInterrupt):
            raise_if_interrupted()  # the safe-point check still knows about the first
    assert steps == ["block finished", "interrupt raised"]


def test_ctrl_c_while_publishing_replaces_the_folder_completely(tmp_path: Path,
                                                                monkeypatch) -> None:
    """Ctrl-C between moving the old folder aside and moving the new one in."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    write_marker(target, "run")  # an earlier result: --force may replace it
    real_replace = os.replace
    calls = []

    def replace(src: Any, dst: Any) -> None:
        real_replace(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            ctrl_c()

    monkeypatch.setattr("sim.cli.output.os.replace", replace)
    with (no_escaping_interrupt(), sigint_handled(), pytest.raises(KeyboardInterrupt),
          staged_dir(target, force=True) as tmp):
        (tmp / "new.txt").write_text("new")
    assert len(calls) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in target.iterdir()) == [".hiresim", "new.txt"]


def test_ctrl_c_just_after_the_staging_folder_is_made_removes_it(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """The moment the subprocess test first caught: the folder existed, the cleanup
    did not cover it yet."""
    import tempfile

    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(**kwargs: Any) -> str:
        made = real_mkdtemp(**kwargs)
        ctrl_c()
        return made

    monkeypatch.setattr("sim.cli.output.tempfile.mkdtemp", mkdtemp)
    entered = []
    with (no_escaping_interrupt(), sigint_handled(), pytest.raises(KeyboardInterrupt),
          staged_dir(tmp_path / "out")):
        entered.append(True)  # pragma: no cover - the interrupt comes first
    assert entered == [] and list(tmp_path.iterdir()) == []

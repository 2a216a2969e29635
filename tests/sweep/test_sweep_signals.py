"""Signals: SIGTERM stops a sweep like Ctrl-C; a killed sweep leaves no process behind."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from proc_tree import kill_all, tree, wait_gone
from sweep_helpers import spec_text
from test_sweep_resume import wait_for_chunks

from sim.sweep import load_sweep

pytestmark = pytest.mark.xdist_group("sweep_processes")  # start process trees: one at a time

# 400 runs of ~30 ms on 2 workers: long enough to be caught in the middle.
LONGER = spec_text().replace("replications = 3", "replications = 100")
N_RUNS = 400
ROOT = Path(__file__).resolve().parents[2]


def start_cli_sweep(spec: Path, out: Path) -> subprocess.Popen:
    """``hiresim sweep`` as a user starts it, in its own session (so it can be cleaned up)."""
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out),
         "--workers", "2", "--batch", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        cwd=ROOT)


def running_tree(proc: subprocess.Popen, out: Path) -> set[tuple[int, int]]:
    """The sweep's process tree once its workers are busy: sweep, fork server, workers."""
    wait_for_chunks(out, proc, n=1)
    procs = tree(proc.pid)
    assert len(procs) >= 4, procs  # the sweep, the fork server and two workers at least
    return procs


def test_sigkill_of_the_sweep_alone_leaves_no_process(write_spec, tmp_path):
    proc = start_cli_sweep(write_spec(LONGER), tmp_path / "out")
    procs: set[tuple[int, int]] = set()
    try:
        procs = running_tree(proc, tmp_path / "out")
        os.kill(proc.pid, signal.SIGKILL)  # only the sweep: its workers must follow by themselves
        proc.wait(timeout=60)
        survivors = wait_gone(procs)
    finally:
        kill_all(procs)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert survivors == set()
    assert proc.returncode == -signal.SIGKILL


def test_sigterm_records_interrupted_exits_143_and_leaves_no_process(write_spec, tmp_path):
    out = tmp_path / "out"
    proc = start_cli_sweep(write_spec(LONGER), out)
    procs: set[tuple[int, int]] = set()
    try:
        procs = running_tree(proc, out)
        os.kill(proc.pid, signal.SIGTERM)  # `kill PID`, a scheduler's time limit, docker stop
        _, err = proc.communicate(timeout=60)
        survivors = wait_gone(procs)
    finally:
        kill_all(procs)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert survivors == set()
    assert proc.returncode == 143, err
    assert "terminated" in err and "--resume" in err and "Traceback" not in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    counts = manifest["counts"]
    assert 0 < counts["ok"] < N_RUNS and counts["ok"] + counts["remaining"] == N_RUNS
    assert len(load_sweep(out)) == counts["ok"]  # the manifest tells the truth about the data
    assert not (tmp_path / ".out.hiresim.lock").exists()  # the lock was given back


def test_sigterm_inside_a_python_session_restores_the_handler(write_spec, tmp_path):
    """run_sweep called from Python puts SIGTERM back as it found it."""
    from sim.sweep import load_spec, run_sweep

    run_sweep(load_spec(write_spec()), tmp_path / "out", workers=1, progress=False)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL

"""One writer per output folder: a second sweep gets exit 2 and the first one's data is intact."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sweep_helpers import comparable
from test_sweep_resume import LONG, start_sweep, wait_for_chunks

from sim.cli import main
from sim.sweep import load_spec, load_sweep, run_sweep
from sim.sweep.outdir import output_lock, read_marker

ROOT = Path(__file__).resolve().parents[2]


def sweep_cmd(spec: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out),
            "--workers", "1", "--quiet"]


def assert_consistent(out: Path, n_runs: int) -> pd.DataFrame:
    """The folder holds one complete sweep whose manifest matches its data."""
    manifest = json.loads((out / "manifest.json").read_text())
    table = load_sweep(out)
    assert manifest["status"] == "complete" and manifest["sessions"] == 1
    assert manifest["counts"] == {"ok": n_runs, "error": 0, "remaining": 0}
    assert list(table["run_id"]) == list(range(n_runs))
    assert not list(out.rglob("*.tmp")) and not list((out / "chunks").iterdir())
    assert read_marker(out)["kind"] == "sweep"
    return table


@pytest.mark.xdist_group("sweep_processes")
def test_a_second_sweep_into_a_running_sweeps_folder_exits_2_naming_the_owner(write_spec,
                                                                            tmp_path):
    spec, out = write_spec(LONG), tmp_path / "out"
    first = start_sweep(spec, out)
    try:
        wait_for_chunks(out, first, n=1)
        # Freeze the first sweep (its whole process group) while it holds the lock, so a
        # loaded machine cannot let it finish before the second one starts.
        os.killpg(first.pid, signal.SIGSTOP)
        try:
            second = subprocess.run(sweep_cmd(spec, out), capture_output=True, text=True,
                                    cwd=ROOT, timeout=120)
        finally:
            os.killpg(first.pid, signal.SIGCONT)
        assert first.wait(timeout=120) == 0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert second.returncode == 2
    err = second.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"{out} is in use by PID {first.pid} on " in err and " since " in err
    assert_consistent(out, 100)
    assert not (tmp_path / ".out.hiresim.lock").exists()


@pytest.mark.xdist_group("sweep_processes")
def test_two_sweeps_started_together_never_mix(write_spec, tmp_path, reference_grid):
    spec, out = write_spec(), tmp_path / "out"
    procs = [subprocess.Popen(sweep_cmd(spec, out), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT,
                              start_new_session=True) for _ in range(2)]
    try:
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            p.stdout.close()
            p.stderr.close()
    assert sorted(code for code, _ in results) == [0, 2], results
    loser = next(err for code, err in results if code == 2)
    # "in use" while the winner runs; "not empty" if the loser came after it finished
    assert " is in use by PID " in loser or "not empty" in loser, loser
    table = assert_consistent(out, 12)
    pd.testing.assert_frame_equal(comparable(table), comparable(reference_grid))


def test_a_locked_folder_is_refused_in_process(write_spec, tmp_path, capsys):
    out = tmp_path / "out"
    with output_lock(out, "run"):
        code = main(["sweep", str(write_spec()), "--out", str(out), "--workers", "1", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"is in use by PID {os.getpid()}" in err and "hiresim run" in err
    assert not out.exists()  # nothing was written
    assert main(["sweep", str(write_spec()), "--out", str(out), "--workers", "1", "--quiet"]) == 0


def test_a_stale_lock_of_a_dead_process_is_named_and_taken_over(write_spec, tmp_path, capsys,
                                                                reference_grid):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    lock = tmp_path / ".out.hiresim.lock"  # what a SIGKILLed sweep leaves behind
    lock.write_text(json.dumps({"command": "sweep", "user": "someone", "pid": pid,
                                "host": os.uname().nodename, "started": "2025-01-01T00:00:00"}))
    out = tmp_path / "out"
    run_sweep(load_spec(write_spec()), out, workers=1, progress=False)
    err = capsys.readouterr().err
    assert f"PID {pid} " in err and "stale lock" in err and "2025-01-01" in err
    assert not lock.exists()
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))


def test_leftover_unique_temp_files_are_cleared_on_resume(write_spec, tmp_path):
    out = tmp_path / "out"
    run_sweep(load_spec(write_spec()), out, workers=1, progress=False)
    (out / ".manifest.json.x1y2.tmp").write_text("half")
    (out / "chunks" / ".chunk-0000000001-00002.parquet.abcd.tmp").write_bytes(b"half")
    run_sweep(load_spec(write_spec()), out, workers=1, resume=True, progress=False)
    assert not list(out.rglob("*.tmp"))


def test_analyze_out_refuses_a_non_empty_folder_unless_forced(write_spec, tmp_path, capsys):
    run_sweep(load_spec(write_spec()), tmp_path / "out", workers=1, progress=False)
    sweep = str(tmp_path / "out")
    report = tmp_path / "report"
    report.mkdir()
    (report / "notes.txt").write_text("mine")
    assert main(["analyze", sweep, "--out", str(report)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["analyze", sweep, "--out", str(report), "--force"]) == 2  # not HireSim's folder
    assert "--force replaces only" in capsys.readouterr().err
    assert sorted(p.name for p in report.iterdir()) == ["notes.txt"]

    fresh = tmp_path / "fresh"
    assert main(["analyze", sweep, "--out", str(fresh)]) == 0
    assert read_marker(fresh)["kind"] == "analyze" and (fresh / "report.md").is_file()
    assert main(["analyze", sweep, "--out", str(fresh)]) == 2  # our own report: needs --force
    assert main(["analyze", sweep, "--out", str(fresh), "--force"]) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

"""Crash safety: SIGKILL midway loses nothing written, --resume finishes the same table."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from sweep_helpers import comparable, spec_text

from sim.cli import main
from sim.sweep import load_spec, load_sweep, run_sweep
from sim.sweep.store import SweepStore

LONG = spec_text().replace("replications = 3", "replications = 25")  # 100 runs, ~30 ms each


def start_sweep(spec: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out),
         "--workers", "2", "--batch", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        cwd=Path(__file__).resolve().parents[2])


def wait_for_chunks(out: Path, proc: subprocess.Popen, n: int = 2) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(list((out / "chunks").glob("*.parquet"))) >= n:
            return
        assert proc.poll() is None, "the sweep ended before it could be killed"
        time.sleep(0.01)
    raise AssertionError("no chunk written within 60 s")


def test_sigkill_then_resume_gives_the_uninterrupted_table(write_spec, tmp_path):
    spec = write_spec(LONG)
    killed = tmp_path / "killed"
    proc = start_sweep(spec, killed)
    try:
        wait_for_chunks(killed, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the sweep and its worker processes
        proc.wait()
    manifest = json.loads((killed / "manifest.json").read_text())
    assert manifest["status"] == "running"
    before = SweepStore(killed).load()
    assert 0 < len(before) < 100

    assert main(["sweep", str(spec), "--out", str(killed), "--resume", "--workers", "2",
                       "--quiet"]) == 0
    resumed = load_sweep(killed)
    # nothing already written was lost or re-run (even its timing column is untouched)
    kept = resumed.set_index("run_id").loc[before["run_id"]].reset_index()
    pd.testing.assert_frame_equal(kept, before)

    run_sweep(load_spec(spec), tmp_path / "clean", workers=2, progress=False)
    pd.testing.assert_frame_equal(comparable(resumed), comparable(load_sweep(tmp_path / "clean")))
    final = json.loads((killed / "manifest.json").read_text())
    assert final["status"] == "complete" and final["sessions"] == 2
    assert final["counts"] == {"ok": 100, "error": 0, "remaining": 0}
    assert not list((killed / "chunks").glob("*"))  # compacted into runs.parquet


def test_ctrl_c_stops_at_once_and_resume_finishes(write_spec, tmp_path):
    spec = write_spec(LONG)
    out = tmp_path / "out"
    proc = start_sweep(spec, out)
    try:
        wait_for_chunks(out, proc, n=1)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    manifest = json.loads((out / "manifest.json").read_text())
    assert code == 130 and manifest["status"] == "interrupted"
    assert 0 < manifest["counts"]["ok"] < 100
    assert manifest["counts"]["ok"] + manifest["counts"]["remaining"] == 100
    assert main(["sweep", str(spec), "--out", str(out), "--resume", "--workers", "2",
                       "--quiet"]) == 0
    assert len(load_sweep(out)) == 100


def test_resume_refuses_a_changed_spec(write_spec, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["sweep", str(write_spec()), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    changed = write_spec(spec_text().replace("[2.0, 3.0]", "[2.0, 3.5]"), name="changed.toml")
    code = main(["sweep", str(changed), "--out", str(out), "--resume", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "spec differs" in err and str(out) in err


def test_resume_accepts_a_renamed_spec_and_has_nothing_to_do(write_spec, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["sweep", str(write_spec()), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    first = load_sweep(out)
    renamed = write_spec(spec_text().replace("A tiny grid", "Renamed"), name="renamed.toml")
    assert main(["sweep", str(renamed), "--out", str(out), "--resume", "--quiet"]) == 0
    assert "0 run now" in capsys.readouterr().out
    pd.testing.assert_frame_equal(load_sweep(out), first)


def test_fresh_sweep_into_a_non_empty_directory_is_refused(write_spec, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code = main(["sweep", str(write_spec()), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "not empty" in err and "--resume" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_resume_into_an_empty_directory_starts_fresh(write_spec, tmp_path, reference_grid):
    out = tmp_path / "out"
    assert main(["sweep", str(write_spec()), "--out", str(out), "--resume", "--workers", "1",
                       "--quiet"]) == 0
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))


def test_leftover_tmp_files_are_ignored_and_cleared(write_spec, tmp_path, reference_grid):
    out = tmp_path / "out"
    run_sweep(load_spec(write_spec()), out, workers=1, progress=False)
    (out / "chunks" / "chunk-0000000099-00001.parquet.tmp").write_bytes(b"half a file")
    run_sweep(load_spec(write_spec()), out, workers=1, resume=True, progress=False)
    assert not list(out.rglob("*.tmp"))
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))

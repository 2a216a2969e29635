"""A Dask cluster that fails: one line, exit 2, the manifest says why, and --resume finishes.

Each test starts a real `dask scheduler` and `dask worker` (tests/sweep/dask_cluster.py)
and runs `hiresim sweep` as a user does; afterwards no process of theirs may be left.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from dask_cluster import dask_cluster
from proc_tree import tree, wait_gone
from sweep_helpers import comparable
from test_sweep_resume import LONG, wait_for_chunks

from sim.cli import main
from sim.sweep import load_sweep

pytestmark = pytest.mark.xdist_group("dask_cluster")  # one cluster at a time on 2 cores

ROOT = Path(__file__).resolve().parents[2]


def start_cli_sweep(spec: Path, out: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out), "--quiet",
         *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, cwd=ROOT)


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    """Wait for a sweep (bounded, so a hang fails the test instead of stalling it)."""
    try:
        out, err = proc.communicate(timeout=180)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode, out, err


def one_error(err: str) -> str:
    """The single stderr line, without its prefix; no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hiresim: error: "), err
    assert "Traceback" not in err
    return lines[0].removeprefix("hiresim: error: ")


def failed_with(out: Path, message: str) -> dict:
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["reason"] == message
    return manifest


def test_a_frozen_worker_stops_the_sweep_at_the_task_timeout(write_spec, tmp_path,
                                                            reference_grid):
    spec, out = write_spec(), tmp_path / "out"
    with dask_cluster(tmp_path) as cluster:
        frozen = cluster.worker_pids()[0]
        os.kill(frozen, signal.SIGSTOP)  # alive to the OS and the scheduler, doing nothing
        code, _, err = finish(start_cli_sweep(
            spec, out, "--scheduler-file", str(cluster.scheduler_file), "--batch", "1",
            "--task-timeout", "3"))
    assert cluster.survivors == set()
    assert code == 2
    message = one_error(err)
    assert "has not answered for" in message and "holding runs" in message
    assert "task timeout 3 s, --task-timeout" in message and "--resume" in message
    manifest = failed_with(out, message)
    assert manifest["counts"]["remaining"] > 0

    assert main(["sweep", str(spec), "--out", str(out), "--resume", "--workers", "2",
                 "--quiet"]) == 0
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))


@pytest.mark.slow  # 20–35 s: a cluster, a sweep, a resume
def test_a_frozen_worker_dropped_by_the_scheduler_has_its_runs_rerun(write_spec, tmp_path,
                                                                    reference_grid):
    """With the scheduler's own remedy (a short worker-ttl), the sweep simply completes."""
    spec, out = write_spec(), tmp_path / "out"
    ttl = {"DASK_DISTRIBUTED__SCHEDULER__WORKER_TTL": "2s"}
    with dask_cluster(tmp_path, scheduler_env=ttl) as cluster:
        os.kill(cluster.worker_pids()[0], signal.SIGSTOP)
        code, stdout, err = finish(start_cli_sweep(
            spec, out, "--scheduler-file", str(cluster.scheduler_file), "--batch", "1"))
    assert cluster.survivors == set()
    assert code == 0, err
    assert "12/12 runs recorded (12 ok" in stdout
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))


@pytest.mark.slow  # 20–35 s: a cluster, a sweep, a resume
def test_no_worker_fails_with_the_reason_and_resume_finishes_once_one_comes(write_spec,
                                                                           tmp_path,
                                                                           reference_grid):
    spec, out = write_spec(), tmp_path / "out"
    with dask_cluster(tmp_path, n_workers=0) as cluster:
        where = ("--scheduler-file", str(cluster.scheduler_file))
        code, _, err = finish(start_cli_sweep(spec, out, *where, "--worker-timeout", "2"))
        assert code == 2
        message = one_error(err)
        assert message.startswith(f"no Dask worker connected to the scheduler at "
                                  f"{cluster.scheduler_file} for 2 s (--worker-timeout)")
        failed_with(out, message)

        cluster.start_workers(2)
        code, stdout, err = finish(start_cli_sweep(spec, out, *where, "--resume"))
        assert code == 0, err
    assert cluster.survivors == set()
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))


@pytest.mark.slow  # 20–35 s: a cluster, a sweep, a resume
def test_a_killed_scheduler_is_one_line_and_resume_completes(write_spec, tmp_path):
    spec, out = write_spec(LONG), tmp_path / "out"
    with dask_cluster(tmp_path) as cluster:
        proc = start_cli_sweep(spec, out, "--scheduler-file", str(cluster.scheduler_file),
                               "--batch", "2")
        try:
            wait_for_chunks(out, proc, n=1)
            sweep_procs = tree(proc.pid)
            cluster.kill_scheduler()
        finally:
            code, _, err = finish(proc)
    assert cluster.survivors == set() and wait_gone(sweep_procs) == set()
    assert code == 2
    message = one_error(err)  # Dask's own tracebacks went to dask.log, not here
    assert message.startswith(f"lost the connection to the Dask scheduler at "
                              f"{cluster.scheduler_file}")
    assert message.endswith("then continue with --resume")
    assert 0 < failed_with(out, message)["counts"]["ok"] < 100
    assert (out / "dask.log").is_file()

    assert main(["sweep", str(spec), "--out", str(out), "--resume", "--workers", "2",
                 "--quiet"]) == 0
    final = json.loads((out / "manifest.json").read_text())
    assert final["status"] == "complete" and final["counts"]["ok"] == 100


@contextlib.contextmanager
def not_dask_server() -> Iterator[str]:
    """A TCP port that answers every connection with an HTTP reply, then hangs up."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                conn, _ = server.accept()
                with conn:
                    conn.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        server.close()


def closed_port() -> str:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return f"tcp://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize("case", ["closed port", "no port", "unknown host", "not dask",
                                  "bad scheduler file"])
def test_a_bad_scheduler_fails_at_once_with_one_line_and_writes_nothing(write_spec, tmp_path,
                                                                        capsys, case):
    spec, out = write_spec(), tmp_path / "out"
    with contextlib.ExitStack() as stack:
        if case == "closed port":
            where, expected = ["--scheduler", closed_port()], "(connection refused)"
        elif case == "no port":
            where, expected = ["--scheduler", "localhost"], "not a Dask scheduler address"
        elif case == "unknown host":
            where, expected = ["--scheduler", "tcp://no-such-host.invalid:8786"], \
                "cannot reach the Dask scheduler"
        elif case == "not dask":
            where = ["--scheduler", stack.enter_context(not_dask_server())]
            expected = "does not speak Dask's protocol"
        else:
            bad = tmp_path / "scheduler.json"
            bad.write_text("{not json")
            where, expected = ["--scheduler-file", str(bad)], "not a Dask scheduler file"
        code = main(["sweep", str(spec), "--out", str(out), "--quiet", *where])
    assert code == 2
    assert expected in one_error(capsys.readouterr().err)
    assert not out.exists()


def test_timeouts_are_refused_without_a_cluster(write_spec, tmp_path, capsys):
    code = main(["sweep", str(write_spec()), "--out", str(tmp_path / "out"), "--workers", "1",
                 "--task-timeout", "60"])
    assert code == 2
    assert one_error(capsys.readouterr().err) == (
        "--task-timeout: only with a Dask cluster (--scheduler or --scheduler-file)")
    code = main(["sweep", str(write_spec()), "--out", str(tmp_path / "out"),
                 "--scheduler", "tcp://127.0.0.1:8786", "--worker-timeout", "0"])
    assert code == 2 and "--worker-timeout" in capsys.readouterr().err

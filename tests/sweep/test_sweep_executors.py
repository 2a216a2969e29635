"""Results never depend on the executor: serial, local processes and Dask give one table."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from sweep_helpers import comparable, stop_process

from sim.cli import main
from sim.sweep import load_spec, load_sweep, run_sweep

DASK = str(Path(os.sys.executable).with_name("dask"))


def assert_same(table: pd.DataFrame, reference: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(comparable(table), comparable(reference))


def test_reference_table_is_complete(reference_grid):
    assert len(reference_grid) == 12 and (reference_grid["status"] == "ok").all()
    assert list(reference_grid["run_id"]) == list(range(12))
    assert reference_grid["fill_rate"].notna().all()
    assert {"market.demand_supply_ratio", "bigtech.pay_gap_mult", "seed", "error",
            "elapsed_s"} <= set(reference_grid.columns)


@pytest.mark.parametrize(("workers", "batch"), [(1, 5), (2, None), (2, 1)])
def test_local_processes_match_serial(write_spec, tmp_path, reference_grid, workers, batch):
    run_sweep(load_spec(write_spec()), tmp_path / "out", workers=workers, batch=batch,
              progress=False)
    assert_same(load_sweep(tmp_path / "out"), reference_grid)


def test_dask_local_cluster_matches_serial(write_spec, tmp_path, reference_grid):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster:
        out = run_sweep(load_spec(write_spec()), tmp_path / "out", progress=False,
                        scheduler=cluster.scheduler_address, batch=2)
    assert out.status == "complete" and out.ran == 12
    assert_same(load_sweep(tmp_path / "out"), reference_grid)


@contextlib.contextmanager
def external_cluster(tmp_path: Path):
    """`dask scheduler` + `dask worker` on 127.0.0.1, as a user would start them."""
    sched_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--scheduler-file", str(sched_file), "--host", "127.0.0.1",
         "--port", "0", "--dashboard-address", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not sched_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert json.loads(sched_file.read_text())["address"].startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen(
            [DASK, "worker", "--scheduler-file", str(sched_file), "--nworkers", "2",
             "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(tmp_path))
        from dask.distributed import Client

        with Client(scheduler_file=str(sched_file), timeout=30) as client:
            client.wait_for_workers(2, timeout=90)
        yield sched_file
    finally:  # workers first, then the scheduler
        for proc in (worker, scheduler):
            stop_process(proc)


def test_external_dask_cluster_via_cli_matches_serial(write_spec, tmp_path, reference_grid,
                                                      capsys):
    spec = write_spec()
    with external_cluster(tmp_path) as sched_file:
        code = main(["sweep", str(spec), "--out", str(tmp_path / "out"),
                           "--scheduler-file", str(sched_file), "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert "12/12 runs recorded (12 ok, 0 failed" in capsys.readouterr().out
    assert_same(load_sweep(tmp_path / "out"), reference_grid)


def test_missing_scheduler_file_is_bad_input(write_spec, tmp_path, capsys):
    code = main(["sweep", str(write_spec()), "--out", str(tmp_path / "out"),
                       "--scheduler-file", str(tmp_path / "nope.json"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "no such scheduler file" in err and len(err.splitlines()) == 1

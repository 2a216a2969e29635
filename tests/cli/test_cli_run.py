"""``hiresim run``: the JSON contract, saved files, exact repeats, and nothing half-written."""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.metrics import REGISTRY, metric_names
from sim.run import replication_seeds

FILES = ("runs.parquet", "weekly.parquet", "events.parquet", "startups.parquet",
         "requisitions.parquet", "summary.json", "scenario.toml")


def test_run_json_has_the_contract_and_every_metric(cli, small) -> None:
    result = cli("run", "baseline", "-r", "3", "--seed", "7", "--json", *small)
    assert result.code == 0, result.err
    doc = json.loads(result.out)  # strict JSON: NaN would have been written as null
    assert list(doc) == ["scenario", "seed", "replications", "weeks", "metrics"]
    assert (doc["scenario"], doc["seed"], doc["replications"], doc["weeks"]) == \
        ("baseline", 7, 3, 6)
    assert set(doc["metrics"]) == set(metric_names(focal=False))
    for name, m in doc["metrics"].items():
        assert set(m) == {"mean", "ci95", "n"}, name
        assert 0 <= m["n"] <= 3 and len(m["ci95"]) == 2
        low, high = m["ci95"]
        if m["mean"] is not None and low is not None:
            assert low <= m["mean"] + 1e-12 and m["mean"] <= high + 1e-12


def test_run_table_is_readable(cli, small) -> None:
    result = cli("run", "baseline", "-r", "2", *small)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("baseline: 2 runs × 6 weeks, base seed 0")
    assert lines[2].split() == ["metric", "mean", "95%", "interval", "n", "unit"]
    rows = {line.split()[0]: line for line in lines[4:]}
    assert set(rows) == set(metric_names(focal=False))
    assert rows["fill_rate.startup"].rstrip().endswith("share")


def test_metric_selection_keeps_registry_order(cli, small) -> None:
    result = cli("run", "baseline", "-r", "1", "--json", *small,
                 "--metric", "startup.survival", "--metric", "fill_rate.role.*,fill_rate")
    assert result.code == 0, result.err
    names = list(result.json()["metrics"])
    expected = [n for n in REGISTRY if n == "startup.survival" or n == "fill_rate"
                or n.startswith("fill_rate.role.")]
    assert names == expected


def test_focal_metrics_without_a_focal_startup_are_null(cli, small) -> None:
    result = cli("run", "baseline", "-r", "1", "--json", *small, "--metric", "focal.hires")
    assert result.json()["metrics"]["focal.hires"] == {"mean": None, "ci95": [None, None],
                                                       "n": 0}


def test_run_out_writes_loadable_files_and_repeats_exactly(tmp_path: Path, cli, small) -> None:
    first = tmp_path / "first"
    result = cli("run", "layoff_wave", "-r", "2", "--seed", "3", *small,
                 "--set", "startups.share_deliberate=0.5", "--out", first)
    assert result.code == 0, result.err
    assert sorted(p.name for p in first.iterdir()) == sorted(FILES)
    runs = pd.read_parquet(first / "runs.parquet")
    assert list(runs["seed"]) == replication_seeds(3, 2)
    for name in ("weekly", "events", "startups", "requisitions"):
        frame = pd.read_parquet(first / f"{name}.parquet")
        assert len(frame) > 0 and set(frame["seed"]) == set(runs["seed"])
    summary = json.loads((first / "summary.json").read_text())
    assert summary["scenario"] == "layoff_wave" and summary["replications"] == 2
    assert math.isclose(summary["metrics"]["fill_rate"]["mean"], runs["fill_rate"].mean())

    saved = (first / "scenario.toml").read_text()
    assert "share_deliberate = 0.5" in saved and "[[shocks]]" in saved and "weeks = 6" in saved
    again = tmp_path / "again"
    result = cli("run", first / "scenario.toml", "--seed", "3", "-r", "2", "--out", again)
    assert result.code == 0, result.err
    pd.testing.assert_frame_equal(pd.read_parquet(again / "runs.parquet"), runs,
                                  check_exact=True)
    assert (again / "scenario.toml").read_text().split("\n", 3)[3] == saved.split("\n", 3)[3]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_run_out_into_an_existing_empty_folder(tmp_path: Path, cli, small) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert cli("run", "baseline", "-r", "1", *small, "--out", out).code == 0
    assert (out / "runs.parquet").is_file()


def test_ctrl_c_leaves_no_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "results"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "run", "baseline", "-r", "200", "--out", str(out)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".results.*")) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        assert list(tmp_path.glob(".results.*")), "the staging folder never appeared"
        time.sleep(0.5)  # well inside the simulation
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.strip().endswith("hiresim: interrupted")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("weeks", ["1", "3"])
def test_weeks_option_sets_the_horizon(weeks: str, cli, small) -> None:
    result = cli("run", "baseline", "-r", "1", "--json", *small, "--weeks", weeks)
    assert result.code == 0, result.err
    assert result.json()["weeks"] == int(weeks)

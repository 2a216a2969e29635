"""``hiresim run``: the JSON contract, saved files, exact repeats, and nothing half-written."""

from __future__ import annotations

import json
import math
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.experiments.runs import replication_seeds
from sim.outputs.registry import REGISTRY, metric_names

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
        assert list(m) == ["mean", "ci95_low", "ci95_high", "n", "method", "missing"], name
        assert 0 <= m["n"] <= 3 and m["n"] + m["missing"] == 3
        assert m["method"] == REGISTRY[name].method
        low, high = m["ci95_low"], m["ci95_high"]
        if m["mean"] is not None and low is not None:
            assert low <= m["mean"] + 1e-12 and m["mean"] <= high + 1e-12


def test_run_table_is_readable(cli, small) -> None:
    result = cli("run", "baseline", "-r", "2", *small)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("baseline: 2 runs × 6 weeks, base seed 0")
    assert lines[2].split() == ["metric", "mean", "95%", "interval", "n", "method", "unit"]
    rows = {line.split()[0]: line for line in lines[4:] if line and not line[0].isspace()
            and line.split()[0] in REGISTRY}
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
    # Not produced in the one run: every run is missing it, and the interval is null.
    assert result.json()["metrics"]["focal.hires"] == {
        "mean": None, "ci95_low": None, "ci95_high": None, "n": 0, "method": "bootstrap",
        "missing": 1}


def test_run_out_writes_loadable_files_and_repeats_exactly(tmp_path: Path, cli, small) -> None:
    first = tmp_path / "first"
    result = cli("run", "layoff_wave", "-r", "2", "--seed", "3", *small,
                 "--set", "startups.share_deliberate=0.5", "--out", first)
    assert result.code == 0, result.err
    assert sorted(p.name for p in first.iterdir()) == sorted([*FILES, ".hiresim"])
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


ROOT = Path(__file__).resolve().parents[2]


class _Child:
    """``python -m sim.cli ARGS`` in a fresh process, its stderr read line by line.

    ``HIRESIM_PROGRESS=lines`` makes the CLI print one line per finished run, which is
    how the tests know the simulation loop is running (instead of sleeping blindly).
    The child starts with SIGINT at its default, as a program started from a terminal
    does: a test runner that ignores SIGINT (e.g. a background job of a non-interactive
    shell) would otherwise pass ``SIG_IGN`` on, and Python then never raises
    ``KeyboardInterrupt`` at all.
    """

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "HIRESIM_PROGRESS": "lines"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sim.cli", *args], cwd=cwd, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        self._out: list[str] = []
        self._readers = [threading.Thread(target=self._read_err, daemon=True),
                         threading.Thread(target=self._read_out, daemon=True)]
        for reader in self._readers:
            reader.start()

    @property
    def out(self) -> str:
        """Everything the child printed on stdout so far."""
        return "".join(self._out)

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)
            self.lines.put(line)

    def _read_out(self) -> None:
        assert self.proc.stdout is not None
        self._out.extend(self.proc.stdout)

    def wait_for_line(self, needle: str, timeout: float = 180.0) -> None:
        """Block until a stderr line contains ``needle``; fail if the child ends first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if needle in self.lines.get(timeout=0.05):
                    return
            except queue.Empty:
                assert self.proc.poll() is None, f"child ended early: {''.join(self.err)}"
        pytest.fail(f"no {needle!r} on stderr within {timeout} s: {''.join(self.err)}")

    def wait_for_path(self, folder: Path, pattern: str, timeout: float = 180.0) -> None:
        """Block until ``folder`` holds a file matching ``pattern``."""
        deadline = time.monotonic() + timeout
        while not list(folder.glob(pattern)):
            assert self.proc.poll() is None, f"child ended early: {''.join(self.err)}"
            assert time.monotonic() < deadline, f"no {pattern} within {timeout} s"
            time.sleep(0.01)

    def interrupt(self, timeout: float = 60.0) -> tuple[int, str]:
        """Send SIGINT (what Ctrl-C sends); return the exit code and the whole stderr."""
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {timeout} s after SIGINT: {''.join(self.err)}")
        for reader in self._readers:
            reader.join(timeout=10)
        return code, "".join(self.err)

    def __enter__(self) -> _Child:
        return self

    def __exit__(self, *exc: object) -> None:
        """Never leave the child running, whatever the test did."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _assert_interrupted(code: int, err: str) -> None:
    assert code == 130, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.splitlines()[-1] == "hiresim: interrupted", err
    assert err.count("hiresim: interrupted") == 1, err


@pytest.mark.parametrize("moment", ["start-up", "mid-run"])
def test_ctrl_c_exits_130_and_leaves_no_output_folder(moment: str, tmp_path: Path) -> None:
    """Ctrl-C while the model is being imported, or while the runs are going on."""
    with _Child(tmp_path, "run", "baseline", "-r", "200", "--out",
                str(tmp_path / "results")) as child:
        if moment == "start-up":  # the staging folder exists before the model is imported
            child.wait_for_path(tmp_path, ".results.*")
        else:
            child.wait_for_line("run 1/200")
        code, err = child.interrupt()
    _assert_interrupted(code, err)
    assert "run 200/200" not in err
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_saving_leaves_all_or_nothing(tmp_path: Path, small) -> None:
    """Ctrl-C after the last run: either nothing is saved (130) or everything is (0)."""
    out = tmp_path / "results"
    with _Child(tmp_path, "run", "baseline", "-r", "2", *small, "--out", str(out)) as child:
        child.wait_for_line("run 2/2")
        code, err = child.interrupt()
    if code == 0:  # the signal came after the folder was published
        assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
        assert [p.name for p in tmp_path.iterdir()] == ["results"]
        assert "Traceback" not in err
    else:
        _assert_interrupted(code, err)
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["compare", "strategies"])
def test_ctrl_c_mid_run_in_the_other_simulating_commands(command: str, tmp_path: Path,
                                                         small) -> None:
    args = {
        "compare": ("compare", "baseline", "deliberate_startups"),
        "strategies": ("strategies", str(ROOT / "docs" / "examples" / "seed_startup.toml"),
                       "--strategy", "stage_aligned", "--strategy", "lean_and_explained",
                       "--out", str(tmp_path / "results")),
    }[command]
    with _Child(tmp_path, *args, "-r", "2000", *small) as child:
        child.wait_for_line("run 3/")
        code, err = child.interrupt()
    _assert_interrupted(code, err)
    assert child.out == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("weeks", ["1", "3"])
def test_weeks_option_sets_the_horizon(weeks: str, cli, small) -> None:
    result = cli("run", "baseline", "-r", "1", "--json", *small, "--weeks", weeks)
    assert result.code == 0, result.err
    assert result.json()["weeks"] == int(weeks)


def test_run_intervals_stay_within_bounds_name_the_method_and_show_missing(cli, small) -> None:
    # With 6 weeks no seat is 13 weeks old, so seat_filled_by.13w.* has no value.
    result = cli("run", "baseline", "-r", "3", "--json", *small, "--set", "focal.stage=seed")
    assert result.code == 0, result.err
    doc = result.json()
    for name, m in doc["metrics"].items():
        spec = REGISTRY[name]
        assert m["method"] == spec.method, name
        for limit in (m["ci95_low"], m["ci95_high"]):
            if limit is not None:
                assert spec.low is None or limit >= spec.low, name
                assert spec.high is None or limit <= spec.high, name
    assert doc["metrics"]["seat_filled_by.13w.startup"]["missing"] == 3
    first_hire = doc["metrics"]["focal.weeks_to_first_hire"]
    assert 0 <= first_hire["never"] <= 3 and first_hire["ci95_high"] in (None, *range(8))
    table = cli("run", "baseline", "-r", "3", *small)
    assert table.code == 0, table.err
    row = next(line for line in table.out.splitlines()
               if line.startswith("seat_filled_by.13w.startup"))
    assert "0 of 3" in row and "bootstrap" in row
    assert ("  seat_filled_by.13w.startup: 3 of 3 runs — "
            f"{REGISTRY['seat_filled_by.13w.startup'].missing_reason}") in table.out

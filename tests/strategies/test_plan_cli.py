"""``hiresim plan``: bad inputs exit 2 naming the field, the files it writes, and a study that
resumes after SIGKILL to the same result as an uninterrupted one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from plan_files import KNOWN, SEARCH, SMALL_FOUNDER, replace_search, write

from sim.cli import main

FAST = ("--seeds", "2", "--final-seeds", "3", "--finalists", "1", "--workers", "1")


def hiresim(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _search(**changes: str) -> str:
    """The test's [search] table with some lines replaced (``key=None`` drops one)."""
    lines = []
    for line in SEARCH.splitlines():
        key = line.split(" = ")[0]
        if key in changes:
            if changes[key] is not None:
                lines.append(f"{key} = {changes[key]}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


EQUITY_5PCT = ("--set", "startups.equity_pct={pre_seed=1.0, seed=5.0, series_a=0.3, "
               "series_b=0.12}")
BAD = {
    "equity-over-100%": (_search(equity_mult="[1.0, 20.0]"), EQUITY_5PCT,
                         "search.equity_mult", "more than 100%"),
    "negative-base": (_search(pay_mult="[-0.5, 1.2]"), (), "search.pay_mult", "impossible"),
    "cash-budget": (_search() + "[search.budget]\nmin_cash_musd = 3.9\n", (),
                    "search.budget.min_cash_musd", "no plan can meet it"),
    "pay-budget": (_search() + "[search.budget]\nmax_pay_mult = 0.8\n", (),
                   "search.budget.max_pay_mult", "no plan can meet it"),
    "empty-space": (_search(pay_mult="[1.0, 1.0]", levers="[]", stale_response="[]"), (),
                    "search", "empty"),
    "unknown-key": (_search() + "seat = 1\n", (), "search.seat", "unknown key"),
}


@pytest.mark.parametrize(("search", "extra", "field", "why"), BAD.values(), ids=BAD.keys())
def test_impossible_inputs_exit_2_naming_the_field(tmp_path, capsys, search, extra, field,
                                                   why):
    path = write(tmp_path, SMALL_FOUNDER + search)
    out = tmp_path / "out"
    code, stdout, err = hiresim(capsys, "plan", path, "--out", out, *extra, *FAST)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hiresim: error:")
    assert f"{field}:" in lines[0] and why in lines[0]
    assert stdout == "" and not out.exists()  # refused before anything ran or was written


def test_a_large_request_needs_yes(tmp_path, capsys):
    path = write(tmp_path, SMALL_FOUNDER + SEARCH)
    code, _, err = hiresim(capsys, "plan", path, "--trials", "10000", "--seeds", "1000",
                           "--set", "candidates.n_ml=100000")
    assert code == 2 and "--yes" in err


def test_writes_a_strategy_the_lab_accepts_and_the_results(tmp_path, capsys):
    path = write(tmp_path, KNOWN)
    out = tmp_path / "plan"
    code, text, err = hiresim(capsys, "plan", path, "--trials", "5", "--out", out, *FAST)
    assert code == 0, err
    assert "Best plan:" in text and "P(best)" in text and "Verdict:" in text
    assert text.startswith("Estimate: up to 18 runs")  # said before the search starts
    for name in ("study.db", "trials.csv", "trials.parquet", "finalists.csv",
                 "differences.csv", "final_runs.parquet", "best_plan.toml",
                 "current_plan.toml", "report.md", "summary.json"):
        assert (out / name).is_file(), name
    assert json.loads((out / ".hiresim").read_text())["kind"] == "plan"
    trials = pd.read_parquet(out / "trials.parquet")
    assert len(trials) == 5 and trials.equals(pd.read_csv(out / "trials.csv").pipe(
        lambda t: t.astype(trials.dtypes.to_dict())))
    doc = json.loads((out / "summary.json").read_text())
    assert doc["best"]["label"] == json.loads(json.dumps(doc))["finalists"][0]["label"]
    assert {"verdict", "finalists", "differences", "current", "space"} <= set(doc)
    for strategy in ("best_plan.toml", "current_plan.toml"):
        code, _, err = hiresim(capsys, "validate", out / strategy)
        assert code == 0, err
    code, table, err = hiresim(capsys, "strategies", path, "--strategy",
                               out / "current_plan.toml", "--strategy", out / "best_plan.toml",
                               "-r", "1")
    assert code == 0, err
    assert "current_plan" in table and "best_plan" in table
    # JSON on stdout carries the same document
    code, js, _ = hiresim(capsys, "plan", path, "--trials", "5", "--json", *FAST)
    assert code == 0 and json.loads(js)["finalists"] == doc["finalists"]
    assert doc["estimate"].startswith("up to 18 runs")


def test_a_folder_is_resumed_only_by_the_same_search(tmp_path, capsys):
    path = write(tmp_path, SMALL_FOUNDER + SEARCH)
    out = tmp_path / "plan"
    assert hiresim(capsys, "plan", path, "--trials", "2", "--out", out, *FAST)[0] == 0
    code, _, err = hiresim(capsys, "plan", path, "--trials", "2", "--out", out, *FAST)
    assert code == 2 and "--resume" in err  # not empty: resume it, force it, or move on
    other = write(tmp_path, replace_search(SMALL_FOUNDER + SEARCH,
                                           SEARCH.replace("1.2]", "1.3]")), "other.toml")
    code, _, err = hiresim(capsys, "plan", other, "--trials", "3", "--out", out, "--resume",
                           *FAST)
    assert code == 2 and "--resume:" in err and "another" in err
    code, _, err = hiresim(capsys, "plan", path, "--trials", "3", "--resume", *FAST)
    assert code == 2 and "--resume" in err
    code, _, err = hiresim(capsys, "plan", path, "--trials", "3", "--out", tmp_path / "new",
                           "--resume", *FAST)
    assert code == 2 and "no plan search to resume" in err
    # the same search, resumed with more trials, extends it
    code, text, err = hiresim(capsys, "plan", path, "--trials", "3", "--out", out, "--resume",
                              *FAST)
    assert code == 0, err
    assert len(pd.read_csv(out / "trials.csv")) == 3
    code, _, err = hiresim(capsys, "plan", path, "--trials", "2", "--out", out, "--force",
                           *FAST)
    assert code == 0, err
    assert len(pd.read_csv(out / "trials.csv")) == 2


def _complete_trials(db: Path) -> int:
    if not db.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT count(*) FROM trials WHERE state = 'COMPLETE'"
                               ).fetchone()[0]
    except sqlite3.OperationalError:  # the tables are not made yet
        return 0


@pytest.mark.slow
def test_sigkill_then_resume_gives_the_uninterrupted_result(tmp_path):
    path = write(tmp_path, SMALL_FOUNDER + SEARCH)
    args = ["plan", str(path), "--trials", "8", "--seeds", "3", "--final-seeds", "4",
            "--finalists", "2", "--workers", "1"]
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", *args, "--out", str(killed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _complete_trials(killed / "study.db") < 3:
            assert proc.poll() is None, "the search ended before it could be killed"
            assert time.monotonic() < deadline, "no trial finished within 120 s"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    before = _complete_trials(killed / "study.db")
    assert 3 <= before < 8 and not (killed / "trials.csv").exists()

    assert main([*args, "--out", str(killed), "--resume"]) == 0
    clean = tmp_path / "clean"
    assert main([*args, "--out", str(clean)]) == 0
    for name in ("trials.csv", "finalists.csv", "differences.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(killed / name), pd.read_csv(clean / name))
    assert (killed / "best_plan.toml").read_text() == (clean / "best_plan.toml").read_text()

"""Scenario discovery (PRIM): a planted box is found; bad conditions are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.sweep.condition import ConditionError, parse_condition
from sim.sweep.discovery import DiscoveryError, discover, discover_sweep
from sim.sweep.store import SweepStore

PARAMS = ["market.demand_supply_ratio", "startups.share_lean_process", "bigtech.pay_gap_mult"]
METRICS = ["fill_rate.startup", "weeks_to_fill.startup"]


def planted(n: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Inputs and the rule ratio > 2.6 and lean < 0.4; the pay gap does not matter."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({PARAMS[0]: rng.uniform(1.5, 4.0, n), PARAMS[1]: rng.uniform(0, 1, n),
                      PARAMS[2]: rng.uniform(0.8, 1.5, n)})
    return x, ((x[PARAMS[0]] > 2.6) & (x[PARAMS[1]] < 0.4)).to_numpy()


def fake_sweep(root: Path, n_points: int = 300, reps: int = 2, *, complete: bool = True,
               nan_points: int = 0) -> Path:
    """A sweep folder written with the store's own writer, whose outcome rule is known.

    fill_rate.startup is 0.2 inside the planted box and 0.5 outside, plus replication
    noise small enough that every point's mean is on the right side of 0.3.
    """
    x, inside = planted(n_points)
    rng = np.random.default_rng(1)
    store = SweepStore(root)
    store.prepare()
    store.write_manifest({"name": "fake", "parameters": PARAMS, "metrics": METRICS,
                          "n_points": n_points, "replications": reps,
                          "n_runs": n_points * reps, "status": "complete" if complete
                          else "running", "counts": {}})
    store.write_design(pd.DataFrame({"point_id": np.arange(n_points), **x}))
    rows = []
    for pid in range(n_points):
        for rep in range(reps):
            fill = (0.2 if inside[pid] else 0.5) + rng.normal(0, 0.02)
            rows.append({"run_id": pid * reps + rep, "point_id": pid, "replication": rep,
                         "seed": rep, **{p: x[p].iloc[pid] for p in PARAMS},
                         "fill_rate.startup": np.nan if pid < nan_points else fill,
                         "weeks_to_fill.startup": 8.0, "status": "ok", "error": "",
                         "elapsed_s": 0.01})
    dtypes = {"run_id": "int64", "point_id": "int64", "replication": "int64",
              "seed": "int64", **dict.fromkeys([*PARAMS, *METRICS], "float64"),
              "status": "str", "error": "str", "elapsed_s": "float64"}
    store.write_chunk(rows, dtypes)
    if complete:
        store.compact()
    return root


def test_prim_recovers_a_planted_box():
    x, y = planted(600)
    found = discover(x, y, "the rule")
    limits = found.limits.set_index("input")
    assert set(limits.index) == set(PARAMS[:2]) and found.unrestricted == [PARAMS[2]]
    assert limits.at[PARAMS[0], "low_binds"] and not limits.at[PARAMS[0], "high_binds"]
    assert limits.at[PARAMS[1], "high_binds"] and not limits.at[PARAMS[1], "low_binds"]
    assert limits.at[PARAMS[0], "low"] == pytest.approx(2.6, abs=0.15)
    assert limits.at[PARAMS[1], "high"] == pytest.approx(0.4, abs=0.1)
    assert limits["significant"].all()
    row = found.trajectory.iloc[found.box]
    assert row["density"] >= 0.8 and row["coverage"] >= 0.8
    assert found.summary.startswith("the rule holds when ")
    assert f"{PARAMS[0]} ≥ 2." in found.summary and f"{PARAMS[1]} ≤ 0." in found.summary


def test_the_box_is_the_highest_coverage_one_with_enough_density():
    x, y = planted(400, seed=3)
    found = discover(x, y, min_density=0.5)
    traj = found.trajectory
    assert traj.at[found.box, "coverage"] == traj[traj.density >= 0.5].coverage.max()
    assert discover(x, y, box=0).limits.empty  # step 0 is every case: nothing restricted
    with pytest.raises(DiscoveryError, match="--box 999: the peeling trajectory has steps"):
        discover(x, y, box=999)


@pytest.mark.parametrize("rule", [np.zeros, np.ones])
def test_a_condition_that_never_or_always_holds_has_no_box(rule):
    x, _ = planted(50)
    found = discover(x, rule(50, dtype=bool), "c")
    assert found.box is None and found.trajectory.empty
    assert "there is no region to find" in found.summary


def test_discover_sweep_averages_replications_per_point(tmp_path):
    out = fake_sweep(tmp_path / "s", nan_points=5)
    found = discover_sweep(out, "fill_rate.startup < 0.3")
    assert found.unit == "point" and found.n == 295  # 5 points have no value
    assert "5 point(s) left out" in found.notes[0]
    assert found.unrestricted == [PARAMS[2]]
    per_run = discover_sweep(out, "fill_rate.startup < 0.3", per_run=True)
    assert per_run.unit == "run" and per_run.n == 590


def test_discover_reads_a_partial_sweep_and_says_so(tmp_path):
    out = fake_sweep(tmp_path / "s", complete=False)
    found = discover_sweep(out, "fill_rate.startup < 0.3 and weeks_to_fill.startup >= 8")
    assert found.n == 300 and any("running" in n for n in found.notes)


@pytest.mark.parametrize(("text", "needle"), [
    ("fill_rate.strtup < 0.3", "unknown metric 'fill_rate.strtup' (nearest: fill_rate.startup"),
    ("startup.survival < 0.3", "startup.survival is not kept by this sweep"),
    ("market.demand_supply_ratio > 2", "is a swept parameter"),
    ("fill_rate.startup <", "not a valid expression"),
    ("fill_rate.startup", "not a condition"),
    ("fill_rate.startup < 'x'", "quotes are not allowed"),
    ("(fill_rate.startup).real < 1", "is not allowed"),
    ("fill_rate.startup < 0.3 if 1 else 0", "not a valid expression"),
    ("fill_rate.startup ** 2 < 1", "'fill_rate.startup ** 2' is not allowed"),
])
def test_bad_conditions_are_one_line_errors(text, needle):
    with pytest.raises(ConditionError, match=None) as info:
        parse_condition(text, METRICS, registered=["startup.survival", *METRICS],
                        parameters=PARAMS)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_conditions_evaluate_like_python_on_arrays():
    cols = {"a.b": np.array([0.1, 0.5, 0.9, np.nan]), "seat_filled_by.13w.startup":
            np.array([1.0, 2.0, 3.0, 4.0])}
    names = list(cols)
    cond = parse_condition("not (0.2 < a.b <= 0.9) or seat_filled_by.13w.startup * 2 == 8",
                           names)
    assert cond.names == ("a.b", "seat_filled_by.13w.startup")
    assert cond.evaluate(cols).tolist() == [True, False, False, True]
    assert parse_condition("a.b > 1e-1", names).evaluate(cols).tolist() == [
        False, True, True, False]


# ---- the command ------------------------------------------------------------------------
def test_cli_prints_trajectory_box_and_summary(tmp_path, capsys):
    out = fake_sweep(tmp_path / "s")
    assert main(["discover", str(out), "--where", "fill_rate.startup < 0.3"]) == 0
    text = capsys.readouterr().out
    assert "Peeling trajectory" in text and "← chosen: highest coverage" in text
    assert "Do not matter (unrestricted): bigtech.pay_gap_mult" in text
    assert "fill_rate.startup < 0.3 holds when " in text
    assert "market.demand_supply_ratio ≥ 2." in text and "share_lean_process ≤ 0.4" in text
    assert main(["discover", str(out), "--where", "fill_rate.startup < 0.3", "--json",
                 "--box", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["box"] == 3 and data["unit"] == "point" and data["n"] == 300
    assert {"coverage", "density", "mass", "restricted"} <= set(data["trajectory"][0])


def test_cli_condition_everywhere_exits_0_with_a_message(tmp_path, capsys):
    out = fake_sweep(tmp_path / "s", n_points=20)
    assert main(["discover", str(out), "--where", "fill_rate.startup < 5"]) == 0
    assert "holds in every point (20 of 20); there is no region" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "needle"), [
    (["--where", "fill_rate.strtup < 0.3"], "unknown metric"),
    (["--where", "fill_rate.startup <<< 1"], "not a valid expression"),
    (["--where", "fill_rate.startup < 0.3", "--min-density", "2"], "--min-density: must be"),
])
def test_cli_bad_input_exits_2_with_one_line(tmp_path, capsys, argv, needle):
    out = fake_sweep(tmp_path / "s", n_points=20)
    assert main(["discover", str(out), *argv]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_cli_not_a_sweep_folder_exits_2(tmp_path, capsys):
    assert main(["discover", str(tmp_path), "--where", "fill_rate < 1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("hiresim: error: ") and "not a sweep directory" in err
    assert len(err.splitlines()) == 1


def test_cli_on_a_tiny_real_sweep(write_spec, tmp_path, capsys):
    from sim.sweep import load_spec, run_sweep

    run_sweep(load_spec(write_spec()), tmp_path / "out", workers=1, progress=False)
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    cut = float(runs.groupby("point_id")["fill_rate"].mean().median())
    assert main(["discover", str(tmp_path / "out"), "--where", f"fill_rate < {cut}",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unit"] == "point" and data["n"] == 4 and 0 < data["n_true"] < 4
    assert data["summary"].startswith(f"fill_rate < {cut} holds")

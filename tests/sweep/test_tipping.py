"""Tipping points: known crossings and breakpoints are recovered, and their intervals cover them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.sweep.curves import count_crossings, crossings, hinge_fits
from sim.sweep.tipping import TippingError, parse_tip, tipping_points

X = "market.demand_supply_ratio"
Y = "fill_rate.startup"
KEPT = [Y, "weeks_to_fill.startup"]


def runs_from(curve, xs, reps: int, noise: float, seed: int = 0, **fixed) -> pd.DataFrame:
    """One row per run: each point's true mean ``curve(x)`` plus normal noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for pid, x in enumerate(xs):
        for _rep in range(reps):
            rows.append({"point_id": pid, X: float(x), **fixed, "status": "ok",
                         Y: float(curve(x) + rng.normal(0, noise))})
    return pd.DataFrame(rows)


def logistic(x: float) -> float:
    """Falls from 0.6 to 0.2, through 0.4 at x = 2.6."""
    return 0.2 + 0.4 / (1 + math.exp((x - 2.6) / 0.3))


def hinge(x: float) -> float:
    """Flat at 0.6 up to x = 2.5, then falling 0.2 per unit."""
    return 0.6 - 0.2 * max(0.0, x - 2.5)


SYMMETRIC = np.round(2.6 + 0.2 * np.arange(-8, 8) + 0.1, 6)  # 1.1 … 4.1, 2.6 midway


def row(tip, kind: str, slice_: str = "") -> pd.Series:
    table = tip.table
    return table[(table["kind"] == kind) & (table["slice"] == slice_)].iloc[0]


def test_a_logistic_crossing_is_recovered_and_covered():
    runs = runs_from(logistic, SYMMETRIC, reps=8, noise=0.03)
    tip = tipping_points(runs, [X], parse_tip(f"{Y}=0.4", KEPT))
    r = row(tip, "threshold")
    assert r["direction"] == "falls below" and r["crossings"] == 1
    assert abs(r["estimate"] - 2.6) < 0.1
    assert r["ci95_low"] < 2.6 < r["ci95_high"]
    assert r["ci95_high"] - r["ci95_low"] < 0.5
    assert not r["open_low"] and not r["open_high"] and r["resolved"] == 1.0
    assert "bootstrap" in r["method"] and "interpolation" in r["method"]


def test_a_step_crossing_lies_midway_between_the_two_points_around_the_step():
    xs = np.arange(1.0, 4.01, 0.5)
    runs = runs_from(lambda x: 0.6 if x <= 2.0 else 0.2, xs, reps=6, noise=0.02, seed=3)
    r = row(tipping_points(runs, [X], parse_tip(f"{Y}=0.4", KEPT)), "threshold")
    assert r["ci95_low"] <= 2.25 <= r["ci95_high"]
    assert r["ci95_low"] > 2.0 and r["ci95_high"] < 2.5  # the step is between 2.0 and 2.5


def test_a_rising_curve_is_reported_as_rising():
    runs = runs_from(lambda x: 1 - logistic(x), SYMMETRIC, reps=5, noise=0.02)
    r = row(tipping_points(runs, [X], parse_tip(f"{Y}=0.6", KEPT)), "threshold")
    assert r["direction"] == "rises above" and r["ci95_low"] < 2.6 < r["ci95_high"]


def test_a_hinge_breakpoint_and_its_slopes_are_recovered():
    xs = np.arange(1.0, 4.01, 0.25)
    runs = runs_from(hinge, xs, reps=5, noise=0.02, seed=1)
    r = row(tipping_points(runs, [X], parse_tip(Y, KEPT)), "breakpoint")
    assert r["ci95_low"] <= 2.5 <= r["ci95_high"] and abs(r["estimate"] - 2.5) < 0.2
    assert abs(r["slope_before"]) < 0.05 and abs(r["slope_after"] + 0.2) < 0.05
    assert "hinge" in r["method"]


def test_the_crossing_interval_covers_the_truth_in_most_repeated_experiments():
    covered = 0
    for seed in range(40):
        runs = runs_from(logistic, SYMMETRIC, reps=6, noise=0.04, seed=seed)
        tip = tipping_points(runs, [X], parse_tip(f"{Y}=0.4", KEPT), resamples=500, seed=seed)
        r = row(tip, "threshold")
        covered += r["ci95_low"] <= 2.6 <= r["ci95_high"]
    # A 95% interval; a percentile bootstrap of 6 runs a point is somewhat narrow.
    assert covered >= 32, covered


def test_a_curve_that_never_crosses_says_so():
    runs = runs_from(lambda x: 0.5, SYMMETRIC, reps=3, noise=0.01)
    tip = tipping_points(runs, [X], parse_tip(f"{Y}=0.3", KEPT))
    r = row(tip, "threshold")
    assert math.isnan(r["estimate"]) and math.isnan(r["ci95_low"])
    assert r["note"].startswith("stays above 0.3")


def test_a_crossing_near_the_edge_gets_an_interval_open_past_the_range():
    xs = np.arange(1.0, 3.01, 0.5)  # crossing at 2.9, in the last gap; noise blurs it
    runs = runs_from(lambda x: 0.6 - 0.1 * x, xs, reps=4, noise=0.05, seed=2)
    r = row(tipping_points(runs, [X], parse_tip(f"{Y}=0.31", KEPT)), "threshold")
    assert r["open_high"] and r["ci95_high"] == 3.0 and r["resolved"] < 1.0


def test_each_grid_slice_gets_its_own_estimate():
    other = "bigtech.pay_gap_mult"
    xs = np.arange(1.0, 4.01, 0.5)
    a = runs_from(lambda x: 0.7 - 0.1 * x, xs, reps=4, noise=0.01, **{other: 1.0})
    b = runs_from(lambda x: 0.5 - 0.1 * x, xs, reps=4, noise=0.01, **{other: 1.5})
    b["point_id"] += len(xs)
    tip = tipping_points(pd.concat([a, b]), [X, other], parse_tip(f"{Y}=0.3", KEPT))
    assert set(tip.curves) == {f"{other}=1", f"{other}=1.5"}
    assert abs(row(tip, "threshold", f"{other}=1")["estimate"] - 4.0) < 0.2
    assert abs(row(tip, "threshold", f"{other}=1.5")["estimate"] - 2.0) < 0.2
    assert len(tip.table) == 4  # threshold and breakpoint per slice


def test_one_replication_gives_estimates_without_intervals():
    runs = runs_from(logistic, SYMMETRIC, reps=1, noise=0.0)
    tip = tipping_points(runs, [X], parse_tip(f"{Y}=0.4", KEPT))
    assert math.isfinite(row(tip, "threshold")["estimate"])
    assert math.isnan(row(tip, "threshold")["ci95_low"])
    assert any("one replication" in n for n in tip.notes)


def test_too_few_values_for_a_breakpoint_is_a_note():
    runs = runs_from(logistic, [2.0, 2.6, 3.2], reps=3, noise=0.01)
    tip = tipping_points(runs, [X], parse_tip(Y, KEPT))
    assert tip.table.empty and any("at least 4" in n for n in tip.notes)


def test_the_same_seed_gives_the_same_interval():
    runs = runs_from(logistic, SYMMETRIC, reps=4, noise=0.03)
    one = tipping_points(runs, [X], parse_tip(f"{Y}=0.4", KEPT), seed=5).table
    two = tipping_points(runs, [X], parse_tip(f"{Y}=0.4", KEPT), seed=5).table
    pd.testing.assert_frame_equal(one, two)


def test_several_inputs_outside_a_grid_are_refused():
    runs = runs_from(logistic, SYMMETRIC, reps=2, noise=0.01, other=1.0)
    with pytest.raises(TippingError, match="one-input sweep or a grid"):
        tipping_points(runs, [X, "other"], parse_tip(Y, KEPT), grid=False)
    with pytest.raises(TippingError, match="not a swept input"):
        tipping_points(runs, [X], parse_tip(Y, KEPT), along="nope")


@pytest.mark.parametrize(("text", "message"), [
    ("fill_rate.strtup=0.3", "unknown metric 'fill_rate.strtup' (nearest: fill_rate.startup"),
    ("startup.survival=0.5", "startup.survival is not kept by this sweep"),
    ("fill_rate.startup=abc", "threshold 'abc' is not a number"),
    ("fill_rate.startup=1.5", "outside what fill_rate.startup can be [0, 1]"),
    ("weeks_to_fill.startup=-1", "outside what weeks_to_fill.startup can be [0, ∞)"),
    ("fill_rate.startup < 0.3", "expected METRIC=VALUE"),
    ("fill_rate.startup=nan", "finite number"),
])
def test_bad_requests_are_one_line_errors(text, message):
    from sim.outputs.registry import REGISTRY

    with pytest.raises(TippingError) as err:
        parse_tip(text, KEPT, REGISTRY)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith(f"--tip {text!r}: ")


def test_parse_tip_reads_a_threshold_or_none():
    assert parse_tip(" fill_rate.startup = 0.25 ", KEPT).threshold == 0.25
    assert parse_tip("fill_rate.startup", KEPT).threshold is None


def test_crossing_and_hinge_primitives_on_exact_curves():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    assert crossings(x, np.array([1.0, 0.8, 0.2, 0.0]), 0.5)[0] == pytest.approx(1.5)
    assert crossings(x, np.array([1.0, 0.5, 0.5, 0.0]), 0.5)[0] == pytest.approx(1.0)
    assert np.isnan(crossings(x, np.array([1.0, 0.9, 0.8, 0.7]), 0.5)[0])
    assert count_crossings(np.array([1.0, 0.0, 1.0, 0.0]), 0.5) == 3
    xs = np.linspace(0, 10, 11)
    knot, before, after = hinge_fits(xs, np.where(xs < 4, 1.0, 1.0 + 2 * (xs - 4)))
    assert knot[0] == pytest.approx(4.0, abs=0.05)
    assert before[0] == pytest.approx(0.0, abs=1e-6) and after[0] == pytest.approx(2.0, abs=0.05)


def test_json_is_plain_data():
    import json

    runs = runs_from(logistic, SYMMETRIC, reps=3, noise=0.02)
    data = tipping_points(runs, [X], parse_tip(f"{Y}=0.4", KEPT)).to_json_dict()
    text = json.dumps(data, allow_nan=False)  # NaN became null
    crossing, breakpoint = json.loads(text)["estimates"]
    assert crossing["crossings"] == 1 and isinstance(crossing["crossings"], int)
    assert breakpoint["crossings"] is None and breakpoint["direction"] == ""
    assert data["along"] == X and data["threshold"] == 0.4

"""Chart functions are pure: small frames in, plotly figures out (no Streamlit, no model)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard import charts, charts_discovery, charts_lab, charts_offer, charts_sweep
from dashboard.forms import parse_overrides, plain
from dashboard.labels import (
    BIGTECH_COLOR,
    CAUSE_LABELS,
    STARTUP_COLOR,
    fmt_interval,
    fmt_value,
    metric_label,
)
from sim.config import ConfigError, SimConfig
from sim.outputs.registry import REGISTRY


@pytest.fixture
def weekly():
    rows = [{"replication": r, "week": w, "open_reqs_startup": 10 + r + w,
             "open_reqs_bigtech": 20 + r, "active_ml_candidates": 30 - w,
             "demand_supply_ratio": 1.0 + 0.1 * r, "hires_startup": r, "hires_bigtech": 2 * r}
            for r in range(5) for w in range(1, 4)]
    return pd.DataFrame(rows)


@pytest.fixture
def summary():
    return pd.DataFrame({
        "metric": ["fill_rate.role.mlops", "fill_rate.role.ml_inference",
                   "stall_share.screened_out", "stall_share.req_closed"],
        "mean": [0.4, 0.2, 0.6, 0.1], "ci95_low": [0.3, 0.1, 0.5, np.nan],
        "ci95_high": [0.5, 0.3, 0.7, np.nan], "n": [5, 5, 5, 1]})


def test_quantile_bands_are_the_median_and_decile_range(weekly):
    bands = charts.quantile_bands(weekly, "open_reqs_startup")
    assert list(bands.columns) == ["week", "p10", "p50", "p90"]
    week1 = bands.set_index("week").loc[1]
    assert week1["p50"] == 13.0  # median of 11..15
    assert week1["p10"] < week1["p50"] < week1["p90"]


def test_band_charts_use_the_firm_colours(weekly):
    fig = charts.hires_chart(weekly)
    lines = [t for t in fig.data if t.name]
    assert [t.name for t in lines] == ["Startups", "Big tech & labs"]
    assert lines[0].line.color == STARTUP_COLOR and lines[1].line.color == BIGTECH_COLOR
    assert len(fig.data) == 6  # upper edge, lower edge (filled), median per series
    assert fig.layout.xaxis.title.text == "Week"
    assert fig.layout.yaxis.title.text == "Hires / week"


def test_ratio_chart_marks_the_target(weekly):
    fig = charts.ratio_chart(weekly, target=3.0)
    assert any(s.y0 == 3.0 for s in fig.layout.shapes)


def test_interval_bars_carry_the_intervals(summary):
    fig = charts.role_fill_chart(summary, ["mlops", "ml_inference"])
    bar = fig.data[0]
    assert list(bar.y) == [0.4, 0.2]
    assert np.allclose(bar.error_y.array, [0.1, 0.1])
    assert "MLOps" in bar.x[0] and "40.0%" in bar.x[0]
    assert fig.layout.yaxis.tickformat == ".0%"


def test_role_time_to_fill_counts_unfilled_seats():
    # The chart reads the censoring-aware restricted mean, never the median over filled
    # seats (which flatters roles whose seats rarely fill).
    summary = pd.DataFrame({
        "metric": ["weeks_to_fill.role.ml_inference", "weeks_to_fill_rmst.role.ml_inference",
                   "weeks_to_fill_rmst.role.mlops"],
        "mean": [9.0, 21.0, 17.0], "ci95_low": [8.0, 20.0, 16.0],
        "ci95_high": [10.0, 22.0, 18.0], "n": [5, 5, 5]})
    fig = charts.role_weeks_chart(summary, ["ml_inference", "mlops"])
    assert list(fig.data[0].y) == [21.0, 17.0]
    assert "unfilled seats counted" in fig.layout.yaxis.title.text


def test_stall_chart_orders_causes_and_survives_missing_intervals(summary):
    fig = charts.stall_chart(summary, ["req_closed", "screened_out"])
    bar = fig.data[0]
    assert bar.y[0].startswith("Screened out")
    assert not np.isfinite(bar.error_x.array[1])


def test_forest_chart_one_panel_per_unit():
    table = pd.DataFrame({
        "metric": ["fill_rate.startup"] * 2 + ["weeks_to_fill.startup"] * 2,
        "arm": ["a", "b"] * 2, "diff": [0.0, 0.05, 0.0, -2.0],
        "diff_low": [0.0, 0.01, 0.0, -3.0], "diff_high": [0.0, 0.09, 0.0, -1.0]})
    fig = charts.forest_chart(table, ["fill_rate.startup", "weeks_to_fill.startup"],
                              {"fill_rate.startup": "share", "weeks_to_fill.startup": "weeks"},
                              reference="a")
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Difference in percentage points", "Difference in weeks"]
    assert len(fig.data) == 2  # one arm (b) × two panels
    assert fig.data[0].x[0] == pytest.approx(5.0)  # shares drawn in percentage points
    assert fig.data[1].x[0] == pytest.approx(-2.0)


def test_overlay_chart_one_median_per_arm(weekly):
    both = pd.concat([weekly.assign(arm="x"), weekly.assign(arm="y")])
    fig = charts.overlay_chart(both, "hires_startup", ["x", "y"], "Hires", "Hires / week")
    assert [t.name for t in fig.data if t.name] == ["x", "y"]


def test_seat_timeline_fades_unfilled_seats():
    seats = pd.DataFrame({
        "strategy": ["s", "s"], "role": ["mlops", "ml_inference"],
        "seniority": ["mid", "senior"], "opened_week": [1, 10],
        "filled_week": [5.0, np.nan], "main_stall_reason": ["", "screened_out"]})
    fig = charts_lab.seat_timeline(seats, ["s"], horizon=52)
    bar = fig.data[0]
    assert list(bar.base) == [1.0, 10.0]
    assert list(bar.x) == [4.0, 42.0]
    assert bar.text[0] == "filled in 4 wk" and "screened out" in bar.text[1]
    assert bar.marker.color[1].startswith("rgba(")


def test_fill_curve_chart_draws_bands_and_marks_the_runway():
    from sim.experiments.fill_curves import fill_curves

    times = pd.DataFrame({"strategy": ["a"] * 4 + ["b"] * 4, "seat": "mid mlops",
                          "role": "mlops", "seniority": "mid",
                          "week": [3, 5, 10, 10, 2, 2, 4, 10],
                          "filled": [True, True, False, False, True, True, True, False]})
    curves = fill_curves(times, horizon=10)
    runway = pd.DataFrame({"strategy": ["a", "b"], "cash_out_week": [8.0, 40.0],
                           "cash_out_low": [6.0, 30.0], "cash_out_high": [9.0, 50.0],
                           "projected": [False, True]})
    fig = charts_lab.fill_curve_chart(curves, "mid mlops", ["a", "b"], 10, runway)
    lines = [t for t in fig.data if t.line.width == 2.5]
    assert [t.name for t in lines] == ["a", "b"]
    assert list(lines[1].y) == [0.0, 0.5, 0.5, 0.75] + [0.75] * 6
    assert all(t.line.shape == "hv" for t in fig.data if t.line.dash != "dash")
    marks = [t for t in fig.data if t.line.dash == "dash"]
    assert [list(t.x) for t in marks] == [[8.0, 8.0], [40.0, 40.0]]
    assert marks[0].name == "a: cash runs out ~week 8 [6–9]"
    assert "projected, past the horizon" in marks[1].name
    assert len(fig.layout.shapes) == 1  # only the runway inside the chart gets a band
    assert (fig.layout.shapes[0].x0, fig.layout.shapes[0].x1) == (6.0, 9.0)
    assert tuple(fig.layout.yaxis.range) == (0, 1.02)
    assert tuple(fig.layout.xaxis.range) == (0, 11)  # b's runway is 4 horizons away
    near = runway.assign(cash_out_week=[8.0, 12.0], cash_out_low=[6.0, 11.0],
                         cash_out_high=[9.0, 14.0])
    fig = charts_lab.fill_curve_chart(curves, "mid mlops", ["a", "b"], 10, near)
    assert tuple(fig.layout.xaxis.range) == (0, 14)  # shortly past the horizon: drawn
    assert [(x.x0, x.x1) for x in fig.layout.shapes] == [(6.0, 9.0), (11.0, 14.0), (10, 14)]


def test_offer_charts_draw_intervals_the_overall_line_and_the_target():
    report = {
        "p_accept": (0.6, 0.5, 0.7), "target": 0.7,
        "segments": [{"segment": "risk aversion", "group": g, "p_accept": (p, p - 0.1, p + 0.1),
                      "offers": 10} for g, p in (("low", 0.5), ("high", 0.7))],
        "reasons": [{"reason": "stayed put", "share_of_offers": (0.3, 0.2, 0.4)},
                    {"reason": "took another startup's offer",
                     "share_of_offers": (0.0, None, None)},
                    {"reason": "unexplained equity", "share_of_offers": (0.1, 0.0, 0.2),
                     "partition": False}],
        "whatifs": [
            {"change": "as offered", "p_accept": (0.6, 0.5, 0.7), "reaches_target": False,
             "cash_cost_kusd_per_year": 0.0, "equity_cost_kusd_per_year": 0.0,
             "runway_weeks_lost": 0.0},
            {"change": "base +10%", "p_accept": (0.8, 0.7, 0.9), "reaches_target": True,
             "cash_cost_kusd_per_year": 18.5, "equity_cost_kusd_per_year": 0.0,
             "runway_weeks_lost": 1.25},
            {"change": "equity ×2", "note": "outside what the model can express"}]}
    seg = charts_offer.segment_chart(report)
    bars = seg.data[0]
    assert list(bars.y) == ["risk aversion: low", "risk aversion: high"]
    assert list(bars.x) == [0.5, 0.7]
    assert np.allclose(bars.error_x.array, [0.1, 0.1])
    assert seg.layout.shapes[1].x0 == 0.6  # the overall P(accept), over its band
    loss = charts_offer.loss_chart(report).data[0]
    assert list(loss.x) == [0.3, 0.0, 0.1]
    assert list(loss.error_x.array)[:2] == [pytest.approx(0.1), 0.0]
    assert list(loss.y)[2] == "Of those: unexplained equity"  # counted again, not a slice
    whatif = charts_offer.whatif_chart(report)
    assert list(whatif.data[0].y) == ["as offered", "base +10%"]  # unexpressible: left out
    assert whatif.layout.shapes[0].x0 == 0.7
    assert whatif.data[0].marker.color[1] != whatif.data[0].marker.color[0]
    assert "18.5 kUSD/yr cash" in whatif.data[0].customdata[1]


def test_reasons_chart_groups_by_strategy():
    reasons = pd.DataFrame({"strategy": ["a", "a", "b"], "reason": ["x", "y", "x"],
                            "share": [0.7, 0.3, 1.0]})
    fig = charts_lab.reasons_chart(reasons, ["a", "b"])
    assert [t.name for t in fig.data] == ["a", "b"]
    assert list(fig.data[1].x) == [1.0, 0.0]


def test_heatmap_frame_bins_continuous_parameters():
    rng = np.random.default_rng(0)
    runs = pd.DataFrame({"p": rng.uniform(0, 1, 200), "q": rng.choice([1.0, 2.0], 200),
                         "m": rng.normal(size=200), "status": "ok"})
    pivot = charts_sweep.heatmap_frame(runs, "p", "q", "m", bins=4)
    assert pivot.shape == (4, 2)
    fig = charts_sweep.heatmap_chart(pivot, "p", "q", "m")
    assert fig.data[0].type == "heatmap"


def test_sensitivity_prefers_indices_then_falls_back_to_spread():
    effects = pd.DataFrame({"parameter": ["a", "a", "b", "b"], "metric": "m",
                            "mean": [1.0, 3.0, 1.0, 1.5]})
    table, kind = charts_sweep.sensitivity_table(effects, "m")
    assert kind == "range" and list(table["parameter"]) == ["a", "b"]
    morris = pd.DataFrame({"metric": "m", "parameter": ["a", "b"], "mu_star": [0.1, 0.4],
                           "mu_star_conf": [0.05, 0.1], "mu": 0.0, "sigma": 0.0})
    table, kind = charts_sweep.sensitivity_table(effects, "m", morris=morris)
    assert kind == "morris" and list(table["parameter"]) == ["b", "a"]
    fig = charts_sweep.sensitivity_chart(table, kind)
    assert np.allclose(fig.data[0].error_x.array, [0.1, 0.05])


def test_effect_chart_one_panel_per_parameter():
    effects = pd.DataFrame({"parameter": ["a", "a", "b"], "level": ["1", "2", "x"],
                            "x": [1.0, 2.0, 0.5], "metric": "m", "mean": [0.1, 0.2, 0.3],
                            "ci95_low": [0.0, 0.1, 0.2], "ci95_high": [0.2, 0.3, 0.4],
                            "n": [3, 3, 3]})
    fig = charts_sweep.effect_chart(effects, "m", ["a", "b"], "M (share)", percent=True)
    assert len(fig.data) == 2
    assert [a.text for a in fig.layout.annotations] == ["a", "b"]


def test_labels_and_formats():
    assert fmt_value(0.2614, "share") == "26.1%"
    assert fmt_value(16.54, "weeks") == "16.5 wk"
    assert fmt_value(math.nan, "share") == "–"
    assert fmt_interval(0.238, 0.284, "share") == "95% CI 23.8–28.4%"
    assert "needs" in fmt_interval(math.nan, math.nan, "share")
    assert metric_label("fill_rate.role.ml_inference") == "Fill rate: Inference"
    assert metric_label("stall_share.req_closed") == "Stalled: requisition closed"


def test_every_stall_cause_the_registry_names_has_a_plain_label():
    causes = [m.removeprefix("stall_share.") for m in REGISTRY if m.startswith("stall_share.")]
    assert "withdrew" in causes
    unlabelled = [c for c in causes if c not in CAUSE_LABELS]
    assert not unlabelled, unlabelled


def test_parse_overrides_reads_a_toml_document():
    text = "a.b = 2\n# note\nc.d = true\ne.f = 'x;y'\ng = {h = 0.1, i = \"0.1\"}\n[j]\nk = 1"
    assert parse_overrides(text) == {
        "a.b": 2, "c.d": True, "e.f": "x;y", "g.h": 0.1, "g.i": "0.1", "j.k": 1}
    assert parse_overrides("") == {}
    with pytest.raises(ValueError, match="malformed TOML"):
        parse_overrides("nonsense")
    with pytest.raises(ValueError, match="malformed TOML"):  # no more ";" separators
        parse_overrides("a.b = 1; c.d = 2")


def test_plain_escapes_markdown_but_keeps_dotted_paths():
    assert plain("market.demand_supply_ratio: got *x* $1") == (
        "market.demand_supply_ratio: got \\*x\\* \\$1")


@pytest.mark.parametrize(("path", "expected"), [
    ("market.weeks", "an integer"), ("valuation.decision_noise", "a number (integer or float)")])
@pytest.mark.parametrize(("raw", "got"), [("true", "true, a boolean"),
                                          ("false", "false, a boolean"),
                                          ('"0.1"', "'0.1', a string")])
def test_extra_settings_refuse_bools_and_numeric_strings(path, expected, raw, got):
    overrides = parse_overrides(f"{path} = {raw}")
    with pytest.raises(ConfigError) as err:
        SimConfig().with_overrides(overrides)
    assert str(err.value) == f"{path}: expected {expected} (got {got})"


def _effects(metric: str, means: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"parameter": "market.demand_supply_ratio", "level": ["1", "2", "3"],
                         "x": [1.0, 2.0, 3.0], "metric": metric, "mean": means,
                         "ci95_low": [m * 0.98 for m in means],
                         "ci95_high": [m * 1.02 for m in means], "n": 4})


def test_effect_chart_axes_start_at_zero_with_units_and_the_base_line():
    fig = charts_sweep.effect_chart(_effects("startup.survival", [0.67, 0.68, 0.70]),
                                    "startup.survival", ["market.demand_supply_ratio"],
                                    "Survival (share)", percent=True,
                                    reference={"market.demand_supply_ratio": 2.0},
                                    ref_name="base scenario (baseline)")
    assert list(fig.layout.yaxis.range) == [0.0, 1.0]
    assert fig.layout.yaxis.title.text == "Survival (share)"
    assert fig.layout.xaxis.title.text == "reqs per active candidate"
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and lines[0].x0 == lines[0].x1 == 2.0
    assert "base scenario (baseline)" in [a.text for a in fig.layout.annotations]
    weeks = charts_sweep.effect_chart(_effects("weeks_to_fill.startup", [62.0, 70.0, 79.0]),
                                      "weeks_to_fill.startup", ["market.demand_supply_ratio"],
                                      "Weeks (weeks)", reference={"market.demand_supply_ratio": 9})
    assert weeks.layout.yaxis.range[0] == 0 and weeks.layout.yaxis.range[1] > 79
    assert not weeks.layout.shapes  # the base lies outside the swept range: not drawn


def test_heatmap_chart_has_a_half_width_panel_marks_and_the_base_star():
    rng = np.random.default_rng(0)
    p1, p2 = "market.demand_supply_ratio", "bigtech.pay_gap_mult"
    runs = pd.DataFrame([{p1: a, p2: b, "status": "ok",
                          "fill_rate.startup": 0.6 - 0.1 * a + rng.normal(0, 0.2)}
                         for a in (1.0, 2.0, 3.0) for b in (1.0, 1.5) for _ in range(4)])
    cells = charts_sweep.heatmap_cells(runs, p1, p2, "fill_rate.startup")
    pivot = charts_sweep.pivot_of(cells, "mean")
    fig = charts_sweep.heatmap_chart(pivot, p1, p2, "Fill rate", True, cells,
                                     {p1: 2.0, p2: 1.5}, "base scenario (baseline)")
    heat = [t for t in fig.data if t.type == "heatmap"]
    assert len(heat) == 2 and np.allclose(np.asarray(heat[1].z, float),
                                          pivot_half(cells, pivot), equal_nan=True)
    marks = [a for a in fig.layout.annotations if a.name == charts_sweep.BLURRED]
    assert len(marks) == int((~cells["distinguishable"]).sum()) > 0
    assert all(a.text == "✕" and a.xref == "x" for a in marks)  # on the mean panel
    stars = [t for t in fig.data if t.name == "base scenario (baseline)"]
    assert len(stars) == 2 and list(stars[0].x) == ["1.5"] and list(stars[0].y) == ["2"]
    assert fig.layout.xaxis.title.text == f"{p2} (×)"
    assert fig.layout.yaxis.title.text == f"{p1} (reqs per active candidate)"


def pivot_half(cells: pd.DataFrame, pivot: pd.DataFrame) -> np.ndarray:
    half = charts_sweep.pivot_of(cells, "half_width")
    return half.reindex(index=pivot.index, columns=pivot.columns).to_numpy(float)


def test_trajectory_chart_marks_the_chosen_box_on_unit_axes():
    traj = pd.DataFrame({"step": [0, 1, 2], "coverage": [1.0, 0.9, 0.7],
                         "density": [0.5, 0.7, 0.9], "mass": [1.0, 0.6, 0.4],
                         "restricted": [0, 1, 2]})
    fig = charts_discovery.trajectory_chart(traj, 1, "fill_rate.startup < 0.3")
    assert list(fig.layout.xaxis.range) == [0, 1.02] and list(fig.layout.yaxis.range) == [0, 1.02]
    chosen = fig.data[1]
    assert chosen.name == "chosen box (step 1)" and list(chosen.x) == [0.9]
    assert "coverage" in fig.layout.xaxis.title.text

"""Report figures as data: axis ranges, labels with units, the base scenario, intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.sweep.axes import (
    parameter_axis_label,
    reference_name,
    reference_point,
    value_axis,
)
from sim.sweep.cells import cell_intervals
from sim.sweep.tipping import parse_tip, tipping_points
from viz.sweep_plots import effect_figure, heatmap_figure
from viz.tipping_plots import tipping_figure, trajectory_figure

P1, P2 = "market.demand_supply_ratio", "bigtech.pay_gap_mult"


def effects(metric: str, means: list[float], half: float = 0.01) -> pd.DataFrame:
    xs = [1.5, 2.0, 3.0, 4.0][:len(means)]
    return pd.DataFrame({"parameter": P1, "level": [str(x) for x in xs], "x": xs,
                         "metric": metric, "mean": means,
                         "ci95_low": [m - half for m in means],
                         "ci95_high": [m + half for m in means], "n": 4})


def vertical_lines_at(ax, x: float) -> list:
    return [ln for ln in ax.get_lines()
            if len(ln.get_xdata()) == 2 and np.allclose(ln.get_xdata(), x)]


def test_value_axes_follow_the_registered_bounds():
    assert value_axis("fill_rate.startup", [0.67, 0.70]) == (0.0, 1.0)
    low, high = value_axis("weeks_to_fill.startup", [62.4, 79.0])
    assert low == 0.0 and high == pytest.approx(79.0 * 1.05)
    assert value_axis("not.a.metric", [1.0, 2.0]) is None
    assert value_axis("weeks_to_fill.startup", []) == (0.0, 1.05)


def test_parameter_units_come_from_the_configuration():
    assert parameter_axis_label(P1) == f"{P1} (reqs per active candidate)"
    assert parameter_axis_label("startups.share_lean_process").endswith("(share)")
    assert parameter_axis_label("shocks.0.size") != ""  # a list index is looked up too
    assert parameter_axis_label("no.such.path") == "no.such.path"


def test_the_reference_is_the_base_configuration_value_of_each_input():
    manifest = {"parameters": [P1, "shocks.0.size", "shocks.3.size"],
                "spec": {"base": "layoff_base.toml",
                         "base_config": {"market": {"demand_supply_ratio": 3.0},
                                         "shocks": [{"size": 0.3}]}}}
    assert reference_point(manifest) == {P1: 3.0, "shocks.0.size": 0.3}
    assert reference_name(manifest) == "base scenario (layoff_base.toml)"


def test_a_share_effect_starts_at_zero_with_its_unit_and_the_base_line():
    fig = effect_figure(effects("startup.survival", [0.67, 0.68, 0.69, 0.70]), P1,
                        "startup.survival", reference=3.0, ref_name="base scenario (baseline)")
    ax = fig.axes[0]
    assert ax.get_ylim() == (0.0, 1.0)
    assert ax.get_ylabel() == "startup.survival (share)"
    assert "reqs per active candidate" in ax.get_xlabel()
    assert vertical_lines_at(ax, 3.0)
    assert any("base scenario (baseline): 3" in t.get_text() for t in ax.get_legend().texts)


def test_a_count_starts_at_zero_and_an_outside_reference_is_not_drawn():
    fig = effect_figure(effects("weeks_to_fill.startup", [62.4, 70.0, 75.0, 79.0], 2.0), P1,
                        "weeks_to_fill.startup", reference=9.0)
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0.0 and ax.get_ylim()[1] >= 81.0
    assert ax.get_ylabel() == "weeks_to_fill.startup (weeks)"
    assert not vertical_lines_at(ax, 9.0)


def grid_runs(noise: float) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for a in (1.5, 2.0, 3.0):
        for b in (1.0, 1.5):
            for _rep in range(5):
                rows.append({P1: a, P2: b, "status": "ok",
                             "fill_rate.startup": 0.8 - 0.1 * a - 0.2 * b + rng.normal(0, noise)})
    return pd.DataFrame(rows)


def test_cells_are_distinguishable_only_when_their_intervals_are_apart():
    clear = cell_intervals(grid_runs(0.001), P1, P2, "fill_rate.startup")
    assert len(clear) == 6 and clear["distinguishable"].all()
    assert (clear["half_width"] > 0).all() and (clear["low"] >= 0).all()
    blurred = cell_intervals(grid_runs(0.2), P1, P2, "fill_rate.startup")
    assert not blurred["distinguishable"].any()


def test_a_heat_map_has_a_half_width_panel_hatching_and_the_base_star():
    runs = grid_runs(0.2)
    pivot = runs.pivot_table(index=P1, columns=P2, values="fill_rate.startup")
    cells = cell_intervals(runs, P1, P2, "fill_rate.startup")
    fig = heatmap_figure(pivot, "fill_rate.startup", cells, {P1: 2.0, P2: 1.5})
    mean_ax, half_ax = fig.axes[0], fig.axes[1]
    assert "half-width" in half_ax.get_title()
    assert "share" in fig.axes[2].get_ylabel()  # the mean panel's colour bar has the unit
    hatched = [p for p in mean_ax.patches if p.get_hatch() == "///"]
    assert len(hatched) == 6 + 1  # every cell, and the legend's sample
    stars = [ln for ln in half_ax.get_lines() if ln.get_marker() == "*"]
    assert stars and tuple(stars[0].get_xydata()[0]) == (1.0, 1.0)  # column 1.5, row 2.0
    assert mean_ax.get_xlabel() == f"{P2} (×)"


def test_the_tipping_chart_marks_the_crossing_its_interval_and_the_threshold():
    xs = np.arange(1.0, 4.01, 0.5)
    rng = np.random.default_rng(1)
    runs = pd.DataFrame([{"point_id": i, P1: x, "status": "ok",
                          "fill_rate.startup": 0.6 - 0.1 * x + rng.normal(0, 0.01)}
                         for i, x in enumerate(xs) for _ in range(4)])
    tip = tipping_points(runs, [P1], parse_tip("fill_rate.startup=0.3", ["fill_rate.startup"]))
    est = tip.table.query("kind == 'threshold'").iloc[0]
    fig = tipping_figure(tip, reference=3.0)
    ax = fig.axes[0]
    assert ax.get_ylim() == (0.0, 1.0) and ax.get_ylabel() == "fill_rate.startup (share)"
    assert vertical_lines_at(ax, est["estimate"]) and vertical_lines_at(ax, 3.0)
    horizontal = [ln for ln in ax.get_lines() if np.allclose(ln.get_ydata(), 0.3)]
    assert horizontal
    spans = [p for p in ax.patches if p.get_label().startswith("95% interval")]
    assert spans and np.isclose(spans[0].get_x(), est["ci95_low"])


def test_the_trajectory_chart_marks_the_chosen_box():
    from sim.sweep.discovery import discover

    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.uniform(0, 1, 200), "b": rng.uniform(0, 1, 200)})
    found = discover(x, (x["a"] > 0.6).to_numpy(), "a > 0.6")
    ax = trajectory_figure(found).axes[0]
    assert ax.get_xlim() == (0.0, 1.02) and ax.get_ylim() == (0.0, 1.02)
    assert "coverage" in ax.get_xlabel() and "density" in ax.get_ylabel()
    assert any(f"step {found.box}" in t.get_text() for t in ax.get_legend().texts)

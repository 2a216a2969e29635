"""Sweeps page: open a tiny sweep folder, see effects, heat map, sensitivity, downloads."""

from __future__ import annotations

import pytest
from dash_helpers import no_exception

TINY = {"market.weeks": 8, "candidates.n_ml": 300, "startups.n": 30}


def _make_sweep(folder, sampler: str, parameters: dict, **sweep) -> str:
    from sim.sweep import run_sweep, spec_from_dict

    spec = spec_from_dict({"sweep": {"name": f"tiny_{sampler}", "base": "baseline",
                                     "sampler": sampler, "seed": 1, **sweep},
                           "overrides": TINY, "parameters": parameters})
    run_sweep(spec, folder, workers=1, progress=False)
    return str(folder)


@pytest.fixture(scope="module")
def grid_sweep(tmp_path_factory):
    return _make_sweep(tmp_path_factory.mktemp("grid") / "sweep", "grid", {
        "market.demand_supply_ratio": {"values": [1.0, 3.0]},
        "bigtech.pay_gap_mult": {"values": [1.0, 1.5]}}, replications=2)


@pytest.fixture(scope="module")
def morris_sweep(tmp_path_factory):
    return _make_sweep(tmp_path_factory.mktemp("morris") / "sweep", "morris", {
        "market.demand_supply_ratio": {"low": 1.0, "high": 4.0},
        "startups.share_deliberate": {"low": 0.0, "high": 1.0}}, samples=2, levels=4)


def test_first_visit_asks_for_a_folder(page):
    at = page("sweeps.py")
    no_exception(at)
    assert at.info


def test_grid_sweep_from_url(page, grid_sweep):
    at = page("sweeps.py", {"dir": grid_sweep})
    no_exception(at)
    assert not at.error
    cards = {m.label: m.value for m in at.metric}
    assert cards["Runs planned"] == "8" and cards["Finished"] == "8"
    assert len(at.get("plotly_chart")) == 3  # effects, heat map, sensitivity
    assert len(at.get("download_button")) == 2  # CSV and Parquet
    assert any("Sobol or Morris" in c.value for c in at.caption)
    at.selectbox(key="sw_metric").set_value("weeks_to_fill.startup").run()
    no_exception(at)


def test_filters_narrow_the_table(page, grid_sweep):
    at = page("sweeps.py", {"dir": grid_sweep})
    at.multiselect(key="sw_f_market.demand_supply_ratio").set_value([1.0]).run()
    no_exception(at)
    assert any(c.value.startswith("4 of 8 runs") for c in at.caption)


def test_morris_sweep_ranks_with_intervals(page, morris_sweep):
    at = page("sweeps.py")
    at.sidebar.text_input(key="sw_path").input(morris_sweep)
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert not at.error
    assert any("Morris" in c.value for c in at.caption)


def test_not_a_sweep_is_an_error(page, tmp_path):
    at = page("sweeps.py", {"dir": str(tmp_path)})
    no_exception(at)
    assert at.error and "Cannot open" in at.error[0].value


@pytest.fixture(scope="module")
def discovery_sweep(tmp_path_factory):
    """A 4 × 3 grid and a threshold that splits its point means (the condition holds in some)."""
    from sim.sweep import load_sweep

    folder = _make_sweep(tmp_path_factory.mktemp("disc") / "sweep", "grid", {
        "market.demand_supply_ratio": {"values": [1.0, 2.0, 3.0, 4.0]},
        "bigtech.pay_gap_mult": {"values": [1.0, 1.5, 2.0]}}, replications=1)
    means = load_sweep(folder)["fill_rate.startup"]
    assert means.nunique() > 2, means
    return folder, float(means.median())


def test_discovery_shows_the_trajectory_the_box_and_a_summary(page, discovery_sweep):
    folder, threshold = discovery_sweep
    at = page("sweeps.py", {"dir": folder})
    no_exception(at)
    assert len(at.get("plotly_chart")) == 3  # no condition yet: no trajectory
    at.text_input(key="sw_where").input(f"fill_rate.startup < {threshold}")
    at = _submit(at)
    no_exception(at)
    assert not at.error
    assert len(at.get("plotly_chart")) == 4  # effects, heat map, sensitivity, trajectory
    summary = at.success[0].value
    assert summary.startswith(f"fill_rate.startup < {threshold} holds when")
    assert "coverage" in summary and "density" in summary
    cards = {m.label: m.value for m in at.metric}
    assert 0 < float(cards["Coverage"]) <= 1 and 0 < float(cards["Density"]) <= 1
    limits = next(d.value for d in at.dataframe if "quasi-p" in d.value.columns)
    assert list(limits.columns) == ["input", "low", "high", "swept range", "quasi-p",
                                    "significant"]
    assert set(limits["input"]) <= {"market.demand_supply_ratio", "bigtech.pay_gap_mult"}
    assert any(c.value.startswith("Do not matter") for c in at.caption)
    assert f"fill_rate.startup < {threshold}" in at.query_params["where"]


def _submit(at):
    """Press the discovery form's button."""
    button = next(b for b in at.button if b.label == "Find the region")
    return button.click().run()


def test_discovery_of_a_bad_condition_is_a_one_line_error(page, discovery_sweep):
    folder, _ = discovery_sweep
    at = page("sweeps.py", {"dir": folder, "where": "fill_rate.strtup < 0.3"})
    no_exception(at)
    assert at.error and "unknown metric 'fill_rate.strtup'" in at.error[0].value


def test_discovery_that_holds_everywhere_says_so(page, discovery_sweep):
    folder, _ = discovery_sweep
    at = page("sweeps.py", {"dir": folder, "where": "fill_rate.startup < 2"})
    no_exception(at)
    assert not at.error and "holds in every point" in at.info[-1].value

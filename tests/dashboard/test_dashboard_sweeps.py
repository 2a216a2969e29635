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

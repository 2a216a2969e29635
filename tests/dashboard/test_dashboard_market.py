"""Market page: a small market runs, shows finite headline numbers and charts; bad input
gives a one-line error."""

from __future__ import annotations

import math

import pytest
from dash_helpers import no_exception, number

SMALL_KEYS = {"candidates.n_ml": 300, "startups.n": 30, "market.weeks": 12}


def _set_small(at, preset: str = "baseline", reps: int = 3):
    for path, value in SMALL_KEYS.items():
        at.sidebar.number_input(key=f"mk_{preset}_{path}").set_value(value)
    at.sidebar.number_input(key="mk_reps").set_value(reps)
    return at


def _submit(at):
    return at.sidebar.form_submit_button[0].click().run()


def test_first_visit_asks_for_a_run(page):
    at = page("market.py")
    no_exception(at)
    assert at.title[0].value == "Market"
    assert any("Run simulation" in i.value for i in at.info)
    assert not at.metric


def test_run_shows_finite_headline_numbers_and_charts(page):
    at = _submit(_set_small(page("market.py")))
    no_exception(at)
    assert not at.error
    values = {m.label: number(m.value) for m in at.metric}
    assert len(values) == 8
    for label in ("Startup fill rate", "Big-tech fill rate", "Realised demand / supply"):
        assert math.isfinite(values[label]), (label, values)
    assert 0 <= values["Startup fill rate"] <= 1
    assert all(math.isfinite(v) or math.isnan(v) for v in values.values())
    assert len(at.get("plotly_chart")) == 6
    assert str(at.query_params["reps"]) == "3"
    assert at.get("download_button")


def test_same_settings_again_come_from_the_cache(page):
    at = _submit(_set_small(page("market.py"), reps=2))
    first = [m.value for m in at.metric]
    at = _submit(at)
    no_exception(at)
    assert [m.value for m in at.metric] == first
    assert any("Computed in" in c.value for c in at.caption)


def test_out_of_range_extra_setting_shows_one_line_error(page):
    at = _set_small(page("market.py"))
    at.sidebar.text_area(key="mk_extra").input("market.demand_supply_ratio = 80")
    at = _submit(at)
    no_exception(at)
    assert len(at.error) == 1
    message = at.error[0].value
    assert "market.demand_supply_ratio" in message and "50" in message
    assert "\n" not in message and "Traceback" not in message
    assert not at.metric


def test_unknown_and_malformed_settings_are_errors(page):
    at = _set_small(page("market.py"))
    at.sidebar.text_area(key="mk_extra").input("market.no_such_key = 1")
    at = _submit(at)
    no_exception(at)
    assert "unknown key" in at.error[0].value
    at.sidebar.text_area(key="mk_extra").input("just words")
    at = _submit(at)
    assert "malformed TOML" in at.error[0].value


@pytest.mark.parametrize(("extra", "expected"), [
    ("market.weeks = true", "market.weeks: expected an integer (got true, a boolean)"),
    ('valuation.decision_noise = "0.1"', "valuation.decision_noise: expected a number"),
    ("valuation.decision_noise = false", "valuation.decision_noise: expected a number"),
])
def test_extra_settings_are_typed_strictly(page, extra, expected):
    at = _set_small(page("market.py"))
    at.sidebar.text_area(key="mk_extra").input(extra)
    at = _submit(at)
    no_exception(at)
    assert expected in at.error[0].value
    assert not at.metric


def test_url_restores_preset_replications_and_seed(page):
    at = page("market.py", {"preset": "baseline", "reps": "7", "seed": "42"})
    no_exception(at)
    assert at.sidebar.selectbox(key="market_preset").value == "baseline"
    assert at.sidebar.number_input(key="mk_reps").value == 7
    assert at.sidebar.number_input(key="mk_seed").value == 42


def test_form_ranges_come_from_the_config_metadata(page):
    from sim.config import iter_params

    at = page("market.py")
    info = {p.path: p for p in iter_params()}["market.demand_supply_ratio"]
    widget = at.sidebar.number_input(key="mk_baseline_market.demand_supply_ratio")
    assert widget.min == info.ge and widget.max == info.le
    assert info.doc in widget.help

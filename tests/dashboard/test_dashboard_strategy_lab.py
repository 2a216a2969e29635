"""Strategy lab page: a founder's small startup under two strategies."""

from __future__ import annotations

import math

from dash_helpers import no_exception, number

SMALL = "candidates.n_ml = 300\nstartups.n = 30\nmarket.weeks = 20"


def _setup(at, strategies=("stage_aligned", "lean_and_explained")):
    at.sidebar.multiselect(key="lab_strategies").set_value(list(strategies))
    at.sidebar.number_input(key="lab_reps").set_value(2)
    at.sidebar.text_area(key="lab_extra").input(SMALL)
    return at


def test_first_visit_asks_for_a_description(page):
    at = page("strategy_lab.py")
    no_exception(at)
    assert at.title[0].value == "Strategy lab"
    assert at.info


def test_two_strategies_show_cards_charts_and_downloads(page):
    at = _setup(page("strategy_lab.py"))
    at.sidebar.selectbox(key="lab_stage").set_value("series_a")
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert not at.error
    cards = at.metric
    assert len(cards) == 8  # 4 cards × 2 strategies
    assert all(math.isfinite(number(m.value)) for m in cards)
    assert len(at.get("plotly_chart")) == 4  # distribution, forest, seats, reasons
    assert len(at.get("download_button")) == 2
    assert "stage_aligned,lean_and_explained" in str(at.query_params["strategies"])


def test_no_strategy_is_an_error(page):
    at = _setup(page("strategy_lab.py"), strategies=())
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert "at least one strategy" in at.error[0].value


def test_bad_founder_setting_is_an_error(page):
    at = _setup(page("strategy_lab.py"))
    at.sidebar.text_area(key="lab_extra").input(SMALL + "\nfocal.cash_musd = -1")
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert "focal.cash_musd" in at.error[0].value


def test_unset_levers_show_the_market_practice_they_take(page):
    """Issue 14: an unset lever is the market's typical practice, and the page says which."""
    at = _setup(page("strategy_lab.py"), strategies=("stage_aligned",))
    lean = at.sidebar.selectbox(key="lab_lean_process")
    assert lean.value is None and "market practice" in lean.format_func(None)
    at.sidebar.selectbox(key="lab_builder_screen").set_value(True)
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert not at.error
    text = " ".join(c.value for c in at.caption)
    assert "Levers left unset take the market's practice: " in text
    assert "lean_process=off (49% of startups)" in text
    assert "builder_screen=" not in text  # set on the form: not the market's practice
    assert "1 strategy × 2 paired runs" in at.subheader[0].value

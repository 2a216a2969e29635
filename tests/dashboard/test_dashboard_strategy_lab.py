"""Strategy lab page: a founder's small startup under two strategies."""

from __future__ import annotations

import base64
import json
import math

import numpy as np
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
    assert len(at.get("plotly_chart")) == 5  # distribution, forest, fill curves, seats, reasons
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


def _values(array) -> np.ndarray:
    """A plotly array from the chart spec (Streamlit sends numbers base64-encoded)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float)


def test_fill_curves_per_strategy_with_the_runway_and_a_matching_table(page):
    """Issue 14, item 2: each strategy's P(seat filled by week w) on one axis, runway marked."""
    at = _setup(page("strategy_lab.py"))
    at.sidebar.number_input(key="lab_reps").set_value(3)
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    seat = at.selectbox(key="lab_fill_seat")
    assert seat.value == seat.options[0] and "ml_engineer" in seat.value
    spec = json.loads(at.get("plotly_chart")[2].proto.spec)
    assert spec["layout"]["title"]["text"].startswith(f"When the {seat.value} seat fills")
    assert spec["layout"]["yaxis"]["range"] == [0, 1.02]
    curves = {t["name"]: t for t in spec["data"] if t.get("line", {}).get("width") == 2.5}
    assert set(curves) == {"Stage-aligned", "Lean & explained"}
    runway = [t["name"] for t in spec["data"] if t.get("line", {}).get("dash") == "dash"]
    assert len(runway) == 2 and all("cash runs out ~week" in n for n in runway)
    table = at.dataframe[0].value.set_index("Strategy")
    for name, trace in curves.items():
        weeks, p = _values(trace["x"]), _values(trace["y"])
        assert list(weeks) == list(range(1, 21))
        assert ((p >= 0) & (p <= 1)).all() and (np.diff(p) >= 0).all()
        assert table.loc[name, "Filled by week 13"].startswith(f"{100 * p[12]:.0f}% [")
        assert table.loc[name, "Filled by week 26"] == "–"  # past the 20-week horizon
    for other in seat.options[1:]:
        at = at.selectbox(key="lab_fill_seat").set_value(other).run()
        no_exception(at)
        title = json.loads(at.get("plotly_chart")[2].proto.spec)["layout"]["title"]["text"]
        assert title.startswith(f"When the {other} seat fills")

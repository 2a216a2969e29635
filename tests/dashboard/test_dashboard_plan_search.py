"""Plan search page: a tiny search through dashboard/cache.py, its chart and finalists table."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from dash_helpers import no_exception, number

from dashboard import charts_plan

TINY = """name = "tiny"
extends = "baseline"
[market]
weeks = 16
[candidates]
n_ml = 300
[startups]
n = 30
[bigtech]
n_bigtech = 3
n_labs = 2
[focal]
stage = "seed"
cash_musd = 4.0
progress = 0.6
initial_team = 1
[search]
pay_mult = [0.9, 1.1]
equity_mult = [1.0, 1.0]
levers = ["explained_pay"]
stale_response = []
strategy = []
"""


def _search(at, text: str = TINY):
    at.sidebar.text_area(key="plan_file").input(text)
    at.sidebar.number_input(key="plan_trials").set_value(4)
    at.sidebar.number_input(key="plan_seeds").set_value(2)
    at.sidebar.number_input(key="plan_final_seeds").set_value(3)
    at.sidebar.number_input(key="plan_finalists").set_value(1)
    return at.sidebar.form_submit_button[0].click().run()


def test_first_visit_asks_for_a_search(page):
    at = page("plan_search.py")
    no_exception(at)
    assert at.title[0].value == "Plan search" and at.info
    assert "[search]" in at.sidebar.text_area(key="plan_file").value  # the format, shown


def test_a_search_shows_the_best_plan_the_trials_and_the_finalists(page):
    at = _search(page("plan_search.py"))
    no_exception(at)
    assert not at.error
    assert at.subheader[0].value.startswith("Best plan: ")
    cards = at.metric
    assert len(cards) == 3 and math.isfinite(number(cards[0].value))
    assert cards[2].value == "4 of 4"
    assert len(at.get("plotly_chart")) == 2  # the trials, P(best)
    table = at.dataframe[0].value
    assert "current" in set(table["label"]) and len(table) == 2  # one finalist + current
    assert table["p_best"].sum() == pytest.approx(1.0)
    assert len(at.get("download_button")) == 2
    verdict = (at.success or at.info)[0].value
    assert "current plan" in verdict


def test_an_impossible_input_names_the_field(page):
    at = _search(page("plan_search.py"), TINY.replace("[0.9, 1.1]", "[-0.5, 1.1]"))
    no_exception(at)
    assert "search.pay_mult" in at.error[0].value


def test_trials_chart_marks_the_budget_the_best_so_far_and_the_current_plan():
    trials = pd.DataFrame({"trial": [0, 1, 2, 3], "objective": [0.5, 0.7, 0.9, 0.6],
                           "feasible": [True, True, False, True],
                           "ran": [True, True, True, True], "plan": list("abcd")})
    fig = charts_plan.trials_chart(trials, 0.55, "P(milestone)", higher_is_better=True)
    names = [t.name for t in fig.data]
    assert names == ["within budget", "over budget", "best so far"]
    best = fig.data[2]
    assert list(best.y) == [0.5, 0.7, 0.7]  # the over-budget 0.9 is never the best
    assert fig.layout.shapes[0].y0 == 0.55
    low = charts_plan.trials_chart(trials, float("nan"), "weeks", higher_is_better=False)
    assert list(low.data[2].y) == [0.5, 0.5, 0.5] and not low.layout.shapes

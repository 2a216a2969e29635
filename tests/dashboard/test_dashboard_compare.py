"""Compare page: two small arms on common random numbers, paired differences, errors."""

from __future__ import annotations

from dash_helpers import no_exception, number

SMALL = "candidates.n_ml=300;startups.n=30;market.weeks=12"


def _arms(*arms: str) -> dict[str, str]:
    return {"arms": ",".join(arms), "reps": "2"}


def test_first_visit_asks_for_arms(page):
    at = page("compare.py")
    no_exception(at)
    assert at.title[0].value == "Compare scenarios"
    assert at.info


def test_two_arms_show_paired_differences(page):
    at = page("compare.py", _arms(f"baseline|{SMALL}",
                                  f"baseline|{SMALL};market.demand_supply_ratio=1.0"))
    no_exception(at)
    assert at.sidebar.text_input(key="cmp_c1").value.endswith("market.demand_supply_ratio=1.0")
    at.sidebar.toggle(key="cmp_quick").set_value(False)
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert not at.error
    cards = at.metric
    assert len(cards) == 8  # 4 cards × 2 arms
    assert all(0 <= number(m.value) <= 1 for m in cards if m.value.endswith("%"))
    assert cards[0].delta in (None, "")  # the reference has no difference to itself
    assert any(m.delta for m in cards[4:])
    assert len(at.get("plotly_chart")) == 3  # forest, over time, spread
    assert at.dataframe
    assert "demand_supply_ratio=1.0" in str(at.query_params["arms"])


def test_identical_arms_are_an_error(page):
    at = page("compare.py", _arms(f"baseline|{SMALL}", f"baseline|{SMALL}"))
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert "two arms are the same" in at.error[0].value


def test_bad_setting_names_the_field(page):
    at = page("compare.py", _arms(f"baseline|{SMALL}", f"baseline|{SMALL};market.weeks=0"))
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert "market.weeks" in at.error[0].value
    assert not at.metric


def test_four_arms_fit_the_form(page):
    at = page("compare.py")
    at.sidebar.radio(key="cmp_n").set_value(4).run()
    no_exception(at)
    assert len(at.sidebar.selectbox) == 4

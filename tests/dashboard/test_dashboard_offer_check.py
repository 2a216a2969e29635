"""Offer check page (issue 14, item 1): the form runs the offer check and shows its report."""

from __future__ import annotations

import base64
import json

import numpy as np
from dash_helpers import no_exception


def _small(at, reps: int = 2):
    at.sidebar.number_input(key="offer_weeks").set_value(20)
    at.sidebar.number_input(key="offer_reps").set_value(reps)
    return at


def _x(trace) -> np.ndarray:
    x = trace["x"]
    if isinstance(x, dict):
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
    return np.asarray(x, dtype=float)


def test_first_visit_asks_for_an_offer(page):
    at = page("offer_check.py")
    no_exception(at)
    assert at.title[0].value == "Offer check"
    assert "Check the offer" in at.info[0].value
    assert at.sidebar.number_input(key="offer_reps").value == 4  # fewer than the CLI's 20


def test_an_offer_shows_p_accept_segments_reasons_and_what_ifs(page):
    at = _small(page("offer_check.py"))
    at.sidebar.selectbox(key="offer_role").set_value("ml_engineer")
    at.sidebar.number_input(key="offer_base").set_value(200.0)
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert not at.error
    assert at.subheader[0].value.startswith("P(accept): ")
    text = " ".join(c.value for c in at.caption)
    assert "senior ml_engineer" in text and "base 200 kUSD/yr" in text
    assert "2 replications per option" in text and "20 weeks" in text
    assert [m.label for m in at.metric] == ["P(accept)", "Value percentile", "Base percentile",
                                            "Would-be applicants put off"]
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert [f["layout"]["title"]["text"] for f in figures] == [
        "P(accept) by candidate segment", "Why it loses", "What would close it"]
    segments = figures[0]["data"][0]
    assert len(segments["y"]) == 8  # four segments, two groups each
    for fig in figures:
        x = _x(fig["data"][0])
        assert ((x >= 0) & (x <= 1)).all()
    table = at.dataframe[0].value
    assert table["Change"].iloc[0] == "as offered"
    assert {"base +10%", "explain the package"} <= set(table["Change"])
    assert (table["Cash (kUSD/yr)"].iloc[1:5].to_numpy() == [10.0, 20.0, 30.0, 40.0]).all()
    assert at.success or at.warning  # the cheapest change, or none reaches the target


def test_a_term_the_model_cannot_express_names_the_field(page):
    at = _small(page("offer_check.py"))
    at.sidebar.number_input(key="offer_vesting").set_value(3.0)
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert "offer.vesting_years" in at.error[0].value
    at.sidebar.number_input(key="offer_vesting").set_value(4.0)
    at.sidebar.number_input(key="offer_equity").set_value(100.0)
    at = at.sidebar.form_submit_button[0].click().run()
    no_exception(at)
    assert "offer.equity_pct" in at.error[0].value

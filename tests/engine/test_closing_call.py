"""The closing call (M9, hiring.closing_check): offers that would lose are not made.

A seat about to offer asks its finalist first; an offer worth no more than staying put,
than an offer the candidate already holds, or than another offer headed for them the
same week, is caught with chance ``closing_check`` (``closing_check_startup`` at a
startup) and the candidate withdraws instead. These tests check the rule against the model's
own valuation, and its effect on acceptance over paired seeds.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.config import SimConfig
from sim.config.codes import (
    EV_CLOSING_CALL,
    EV_OFFER,
    EV_PROCESS_END,
    LOST_TO_FASTER,
    OFFER_DECLINED,
    OFFER_HELD,
)
from sim.experiments.runs import replication_seeds, run_metrics
from sim.model.market import Market
from sim.model.phases import offers
from sim.model.rules.closing import _best_other_final, closing_call
from sim.model.rules.valuation import stay_values
from sim.outputs.measures import compute_metrics

SMALL = {"candidates.n_ml": 1000, "startups.n": 100, "market.weeks": 40}
CERTAIN = {"hiring.closing_check": 1.0, "hiring.closing_check_startup": 1.0}
NO_CALL = {"hiring.closing_check": 0.0, "hiring.closing_check_startup": 0.0}


def test_a_certain_call_lets_through_exactly_the_offers_that_would_win(monkeypatch):
    m = Market(SimConfig().with_overrides({**SMALL, **CERTAIN}), seed=3)
    checked = []
    make_offers = offers.make_offers

    def check_then_offer(market: Market) -> None:
        """At phase 6a of the real week, check the call on this week's finalists."""
        rows = offers._finalists(market)
        if len(rows):
            checked.append(_check_call(market, rows))
        make_offers(market)

    monkeypatch.setattr(offers, "make_offers", check_then_offer)
    # In the first week with finalists nobody holds an offer yet, and every offer may beat
    # staying put: check the call in every week with finalists, and that some are caught.
    while m.week < 12:
        m.step()
    caught = np.array(checked)
    assert len(checked) >= 3 and caught[:, 0].sum() > 0
    assert caught[:, 1].sum() > 0, "some offers lose to another made to the same candidate"


def _check_call(m: Market, rows: np.ndarray) -> tuple[int, int]:
    """Run the call on ``rows`` and compare it with a rival computed here.

    Returns how many were caught, and how many of those lost only to another offer
    headed for the same candidate this week.
    """
    vals = offers._values(m, rows)
    p, c = m.procs, m.cands
    cand = p["cand"][rows]
    rival = stay_values(m.cfg, c, cand, m.week)
    held = p["live"] & (p["status"] == OFFER_HELD)
    same_week = np.full(len(rows), -np.inf)
    for i, who in enumerate(cand):
        theirs = held & (p["cand"] == who)
        if theirs.any():
            rival[i] = max(rival[i], p["value"][theirs].max())
        others = (cand == who) & (np.arange(len(rows)) != i)
        if others.any():
            same_week[i] = vals.value[others].max()
    keep = closing_call(m, rows, vals)
    np.testing.assert_array_equal(keep, vals.value > np.maximum(rival, same_week))
    assert not p["live"][rows[~keep]].any()  # caught finalists withdrew
    assert p["live"][rows[keep]].all()
    return (int(np.count_nonzero(~keep)),
            int(np.count_nonzero(~keep & (vals.value > rival))))


def test_each_call_that_loses_is_an_event_and_a_decline_without_a_written_offer():
    m = Market(SimConfig().with_overrides({**SMALL, **CERTAIN}), seed=5).run()
    e = m.events

    def pairs(mask: np.ndarray) -> set[tuple[int, int, int]]:
        """(candidate, seat, week): a candidate may apply to a seat again later."""
        return set(zip(e["cand"][mask].tolist(), e["req"][mask].tolist(),
                       e["week"][mask].tolist(), strict=True))

    calls = pairs(e["kind"] == EV_CLOSING_CALL)
    assert calls, "a certain closing call turns some finalists down"
    # An offer in hand beat the call's offer (lost to a faster offer), or staying put or
    # a better offer the same week did (a decline): both happen, and only the first
    # needs a rival offer.
    call = e["kind"] == EV_CLOSING_CALL
    faster = call & (e["cause"] == LOST_TO_FASTER)
    assert faster.any() and (call & (e["cause"] == OFFER_DECLINED)).any()
    assert (e["took_kind"][faster] >= 0).all()
    assert not calls & pairs(e["kind"] == EV_OFFER)  # no written offer followed
    declined = pairs((e["kind"] == EV_PROCESS_END) & (e["cause"] == OFFER_DECLINED))
    assert calls <= declined
    out = compute_metrics(m)
    for kind in ("startup", "bigtech"):
        assert out[f"finalist_acceptance.{kind}"] < out[f"offer_acceptance.{kind}"]


def test_closing_calls_raise_offer_acceptance_on_paired_seeds():
    seeds = replication_seeds(11, 4)
    diffs = []
    for seed in seeds:
        off = run_metrics(SimConfig().with_overrides({**SMALL, **NO_CALL}), seed)
        on = run_metrics(SimConfig().with_overrides({**SMALL, **CERTAIN}), seed)
        diffs.append([on[f"offer_acceptance.{k}"] - off[f"offer_acceptance.{k}"]
                      for k in ("startup", "bigtech")])
    assert np.min(diffs) > 0, diffs


def test_a_startup_call_catches_less_than_a_big_tech_call_on_paired_seeds():
    """``closing_check_startup`` below ``closing_check`` lowers startups' acceptance only."""
    seeds = replication_seeds(12, 4)
    diffs = []
    for seed in seeds:
        same = run_metrics(SimConfig().with_overrides({**SMALL, **CERTAIN}), seed)
        weaker = run_metrics(SimConfig().with_overrides(
            {**SMALL, **CERTAIN, "hiring.closing_check_startup": 0.5}), seed)
        diffs.append(weaker["offer_acceptance.startup"] - same["offer_acceptance.startup"])
    assert max(diffs) < 0, diffs


@given(st.lists(st.tuples(st.integers(0, 5), st.floats(-50, 50), st.integers(0, 2)),
                max_size=30))
def test_the_best_other_offer_of_the_round_is_found_for_every_row(rows):
    cand = np.array([r[0] for r in rows], dtype=np.intp)
    value = np.array([r[1] for r in rows], dtype=float)
    kind = np.array([r[2] for r in rows], dtype=np.int8)
    got, got_kind = _best_other_final(cand, value, kind)
    for i in range(len(rows)):
        others = ((cand == cand[i]) & (np.arange(len(rows)) != i)).nonzero()[0]
        if len(others) == 0:
            assert got[i] == -np.inf and got_kind[i] == -1
        else:
            assert got[i] == value[others].max()
            assert value[others[kind[others] == got_kind[i]]].max() == got[i]

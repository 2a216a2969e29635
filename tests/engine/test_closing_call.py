"""The closing call (M9, hiring.closing_check): offers that would lose are not made.

A seat about to offer asks its finalist first; an offer worth no more than staying put,
or than an offer the candidate already holds, is caught with chance ``closing_check``
and the candidate withdraws instead. These tests check the rule against the model's
own valuation, and its effect on acceptance over paired seeds.
"""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.config.codes import (
    EV_CLOSING_CALL,
    EV_OFFER,
    EV_PROCESS_END,
    OFFER_DECLINED,
    OFFER_HELD,
)
from sim.experiments.runs import replication_seeds, run_metrics
from sim.model.market import Market
from sim.model.phases import offers
from sim.model.rules.closing import closing_call
from sim.model.rules.valuation import stay_values
from sim.outputs.measures import compute_metrics

SMALL = {"candidates.n_ml": 1000, "startups.n": 100, "market.weeks": 40}


def test_a_certain_call_lets_through_exactly_the_offers_that_would_win(monkeypatch):
    m = Market(SimConfig().with_overrides({**SMALL, "hiring.closing_check": 1.0}), seed=3)
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
    assert len(checked) >= 3 and sum(checked) > 0


def _check_call(m: Market, rows: np.ndarray) -> int:
    """Run the call on ``rows`` and compare it with a rival computed here; caught count."""
    vals = offers._values(m, rows)
    p, c = m.procs, m.cands
    cand = p["cand"][rows]
    rival = stay_values(m.cfg, c, cand, m.week)
    held = p["live"] & (p["status"] == OFFER_HELD)
    for i, who in enumerate(cand):
        theirs = held & (p["cand"] == who)
        if theirs.any():
            rival[i] = max(rival[i], p["value"][theirs].max())
    keep = closing_call(m, rows, vals)
    np.testing.assert_array_equal(keep, vals.value > rival)
    assert not p["live"][rows[~keep]].any()  # caught finalists withdrew
    assert p["live"][rows[keep]].all()
    return int(np.count_nonzero(~keep))


def test_each_call_that_loses_is_an_event_and_a_decline_without_a_written_offer():
    m = Market(SimConfig().with_overrides({**SMALL, "hiring.closing_check": 1.0}),
               seed=5).run()
    e = m.events

    def pairs(mask: np.ndarray) -> set[tuple[int, int, int]]:
        """(candidate, seat, week): a candidate may apply to a seat again later."""
        return set(zip(e["cand"][mask].tolist(), e["req"][mask].tolist(),
                       e["week"][mask].tolist(), strict=True))

    calls = pairs(e["kind"] == EV_CLOSING_CALL)
    assert calls, "a certain closing call turns some finalists down"
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
        off = run_metrics(SimConfig().with_overrides({**SMALL, "hiring.closing_check": 0.0}),
                          seed)
        on = run_metrics(SimConfig().with_overrides({**SMALL, "hiring.closing_check": 1.0}),
                         seed)
        diffs.append(on["offer_acceptance.bigtech"] - off["offer_acceptance.bigtech"])
    assert min(diffs) > 0, diffs

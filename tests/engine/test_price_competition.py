"""Offers that compete on price (M15): counter-offers, matching and the pay index.

All three are on by default. The tests start from a small market with every rate at
zero (``OFF``), where they draw nothing from the ``pricing`` stream and leave the
metrics at their neutral values, and switch on one mechanism at a time.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.config import SimConfig
from sim.config.codes import (
    BIGTECH,
    EV_COUNTER_OFFER,
    EV_OFFER_MATCH,
    EV_PROCESS_END,
    OFFER_DECLINED,
    STARTUP,
)
from sim.experiments.runs import run_metrics
from sim.model.market import Market
from sim.model.phases import offers
from sim.outputs.measures import compute_metrics

SMALL = {"candidates.n_ml": 1000, "startups.n": 100, "market.weeks": 52}
COUNTERS = {"pricing.counter_offer_rate_startup": 0.35, "pricing.counter_offer_rate_bigtech": 0.6}
MATCHING = {"pricing.match_cap_share_startup": 0.05, "pricing.match_cap_share_bigtech": 0.15,
            "pricing.startup_match_equity_mult": 1.5}
INDEX = {"pricing.pay_index_drift": 0.005}
OFF = {"pricing.counter_offer_rate_startup": 0.0, "pricing.counter_offer_rate_bigtech": 0.0,
       "pricing.match_cap_share_startup": 0.0, "pricing.match_cap_share_bigtech": 0.0,
       "pricing.startup_match_equity_mult": 1.0, "pricing.pay_index_drift": 0.0}


def _cfg(**overrides) -> SimConfig:
    """A small market with price competition off, plus ``overrides``."""
    return SimConfig().with_overrides({**SMALL, **OFF, **overrides})


# ---- on by default; off at zero rates ----------------------------------------------

def test_on_by_default_employers_counter_firms_match_and_the_index_moves():
    m = Market(SimConfig().with_overrides(SMALL), seed=1).run()
    kinds = m.events["kind"]
    assert np.isin(EV_COUNTER_OFFER, kinds) and np.isin(EV_OFFER_MATCH, kinds)
    out = compute_metrics(m)
    assert out["counter_offers.made"] > 0 and out["offer_matches.made"] > 0
    assert np.any(m.pay_index != 1.0)


def test_off_at_zero_rates_draws_nothing_and_metrics_are_neutral():
    m = Market(_cfg(), seed=1).run()
    assert not {"counter_offer", "counter_offer.raise"} & set(m.draws.drawn)
    kinds = m.events["kind"]
    assert not np.isin(kinds, [EV_COUNTER_OFFER, EV_OFFER_MATCH]).any()
    assert not m.events["countered"].any()
    out = compute_metrics(m)
    assert out["counter_offers.made"] == out["counter_offers.accepted"] == 0
    assert out["offer_matches.made"] == 0
    assert all(v == 1.0 for k, v in out.items() if k.startswith("pay_index."))
    assert np.all(m.pay_index == 1.0)
    assert {row[-1] for row in m.recorder.rows} == {1.0}  # weekly pay_index


# ---- counter-offers ---------------------------------------------------------------

class _CounterSpy:
    """Wraps offers.counter_offers: who could be countered, and what came of it."""

    def __init__(self) -> None:
        self.eligible = {STARTUP: 0, BIGTECH: 0}  # resignations by employer kind
        self.stayed: list[tuple] = []  # (cand, employer, kind, pay before, pay after, req)
        self.original = offers.counter_offers

    def __call__(self, m, best, accept, stay):
        p, c = m.procs, m.cands
        cand = p["cand"][best]
        emp = c.employer[cand]
        can = accept & (emp >= 0) & (emp != p["firm"][best])
        kind = np.where(m.firms.kind[emp[can]] >= BIGTECH, BIGTECH, STARTUP)
        self.eligible[STARTUP] += int(np.count_nonzero(kind == STARTUP))
        self.eligible[BIGTECH] += int(np.count_nonzero(kind == BIGTECH))
        pay, req = c.pay[cand].copy(), p["req"][best]
        new_accept, new_stay, stayed_kind = self.original(m, best, accept, stay)
        for i in np.flatnonzero(accept & ~new_accept):
            self.stayed.append((cand[i], emp[i], stayed_kind[i], pay[i], c.pay[cand[i]],
                                req[i], m.week))
            assert new_stay[i] > p["value"][best[i]]  # staying now beats the offer
            assert c.employer[cand[i]] == emp[i]  # still at the employer who countered
        return new_accept, new_stay, stayed_kind


@pytest.fixture(scope="module")
def countered():
    """Three seeds of a small market with counter-offers on, spied on."""
    spy = _CounterSpy()
    mp = pytest.MonkeyPatch()
    mp.setattr(offers, "counter_offers", spy)
    try:
        markets = [Market(_cfg(**COUNTERS), seed=s, check_invariants=True).run()
                   for s in (0, 1, 2)]
    finally:
        mp.undo()
    return spy, markets


def test_counter_offers_happen_at_the_configured_rates(countered):
    spy, markets = countered
    made = {STARTUP: 0, BIGTECH: 0}
    for m in markets:
        e = m.events
        kind = e["firm_kind"][e["kind"] == EV_COUNTER_OFFER]
        made[STARTUP] += int(np.count_nonzero(kind == STARTUP))
        made[BIGTECH] += int(np.count_nonzero(kind >= BIGTECH))
    rates = {STARTUP: 0.35, BIGTECH: 0.6}
    for k, p in rates.items():
        n = spy.eligible[k]
        assert n >= 30, (k, n)
        # A binomial interval of 4 standard errors around the configured rate.
        assert abs(made[k] / n - p) < 4 * math.sqrt(p * (1 - p) / n), (k, made[k], n)
    assert made[BIGTECH] / spy.eligible[BIGTECH] > made[STARTUP] / spy.eligible[STARTUP]


def test_an_accepted_counter_keeps_the_person_at_raised_pay_and_the_seat_open(countered):
    spy, markets = countered
    assert len(spy.stayed) > 0
    pc = SimConfig().pricing
    for _, _, kind, before, after, _, _ in spy.stayed:
        high = pc.counter_raise_high_bigtech if kind >= BIGTECH else pc.counter_raise_high_startup
        assert 1 + pc.counter_raise_low - 1e-9 <= after / before <= 1 + high + 1e-9
    accepted = 0
    for m in markets:
        e, r = m.events, m.reqs
        ok = (e["kind"] == EV_COUNTER_OFFER) & (e["cause"] == OFFER_DECLINED)
        accepted += int(np.count_nonzero(ok))
        for cand, req, week in zip(e["cand"][ok], e["req"][ok], e["week"][ok], strict=True):
            assert r["hired"][req] != cand  # the hire did not happen ...
            assert r["closed_week"][req] == -1 or r["closed_week"][req] > week  # ... still open
            # The outside offer ends declined, taken over by the employer's counter.
            end = ((e["kind"] == EV_PROCESS_END) & (e["cand"] == cand) & (e["req"] == req)
                   & (e["week"] == week))
            assert e["cause"][end].tolist() == [OFFER_DECLINED]
            assert e["took_kind"][end][0] >= 0 and e["countered"][end][0]
        # Flagged ``countered``: exactly the declines of people who stayed for a counter
        # (each of their offers that week).
        flagged = (e["kind"] == EV_PROCESS_END) & e["countered"]
        assert set(zip(e["cand"][flagged], e["week"][flagged], strict=True)) == set(
            zip(e["cand"][ok], e["week"][ok], strict=True))
        assert (e["cause"][flagged] == OFFER_DECLINED).all()
        assert compute_metrics(m)["counter_offers.accepted"] == np.count_nonzero(ok)
    assert accepted == len(spy.stayed)


def test_counter_offers_lower_startup_offer_acceptance_over_paired_seeds():
    # Strong counters (every employer, 30–50% raises) so the direction shows in six
    # paired seeds of a small market; at the sourced rates the effect is smaller.
    strong = {"pricing.counter_offer_rate_startup": 1.0,
              "pricing.counter_offer_rate_bigtech": 1.0, "pricing.counter_raise_low": 0.3,
              "pricing.counter_raise_high_startup": 0.5,
              "pricing.counter_raise_high_bigtech": 0.5}
    diff = np.array([run_metrics(_cfg(**strong), s)["offer_acceptance.startup"]
                     - run_metrics(_cfg(), s)["offer_acceptance.startup"] for s in range(6)])
    assert diff.mean() + 2 * diff.std(ddof=1) / math.sqrt(len(diff)) < 0, diff


# ---- matching ----------------------------------------------------------------------

def test_matching_raises_the_runner_up_within_its_cap_and_it_wins(monkeypatch):
    pc = _cfg(**MATCHING).pricing
    seen = []
    original = offers.match_offers

    def spy(m, rows, first):
        p = m.procs
        before = {k: p[k][rows].copy() for k in ("value", "cash", "base", "equity")}
        out = original(m, rows, first)
        raised = np.flatnonzero(p["cash"][rows] != before["cash"])
        for i in raised:
            row = rows[i]
            su = m.firms.kind[p["firm"][row]] == STARTUP
            share = pc.match_cap_share_startup if su else pc.match_cap_share_bigtech
            cash = p["base"][row] - before["base"][i]
            bid = p["cash"][row] - before["cash"][i]
            assert 0 < cash <= share * before["base"][i] + 1e-9
            eq_cap = (pc.startup_match_equity_mult - 1) * before["equity"][i] if su else 0.0
            assert bid <= share * before["base"][i] + eq_cap + 1e-9
            # The matched offer is now its candidate's best.
            mine = rows[p["cand"][rows] == p["cand"][row]]
            assert p["value"][row] == p["value"][mine].max()
            seen.append(bid)
        return out

    monkeypatch.setattr(offers, "match_offers", spy)
    n_events = 0
    for seed in (0, 1):
        m = Market(_cfg(**MATCHING), seed=seed, check_invariants=True).run()
        n_events += int(np.count_nonzero(m.events["kind"] == EV_OFFER_MATCH))
        assert compute_metrics(m)["offer_matches.made"] > 0
    assert len(seen) == n_events > 0


# ---- the market pay index ----------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1])
def test_pay_index_rises_in_a_tight_market_and_falls_in_a_loose_one(seed):
    tight = Market(_cfg(**INDEX, **{"market.demand_supply_ratio": 5.0}), seed=seed,
                   check_invariants=True).run()
    loose = Market(_cfg(**INDEX, **{"market.demand_supply_ratio": 1.0}), seed=seed,
                   check_invariants=True).run()
    pc = tight.cfg.pricing
    weekly_t = np.array([row[-1] for row in tight.recorder.rows])
    weekly_l = np.array([row[-1] for row in loose.recorder.rows])
    assert weekly_t[-1] > 1.0 > weekly_l[-1]
    for w in (weekly_t, weekly_l):
        assert np.all((w >= pc.pay_index_min) & (w <= pc.pay_index_max))
        assert np.all(np.abs(np.diff(w)) <= pc.pay_index_drift * pc.pay_index_max + 1e-12)


def test_pay_index_raises_offered_pay():
    # Same seed, index pinned high from week 1 (min = max... bounded by its range: use
    # a floor of 1 and a fast drift in a tight market): offers' base pay rises.
    on = Market(_cfg(**{"pricing.pay_index_drift": 0.1, "pricing.pay_index_min": 1.0,
                        "market.demand_supply_ratio": 5.0}), seed=3).run()
    assert on.pay_index.min() > 1.0
    off = Market(_cfg(**{"market.demand_supply_ratio": 5.0}), seed=3).run()
    assert np.median(on.cands.salary[on.cands.hired_week > 20]) > \
        np.median(off.cands.salary[off.cands.hired_week > 20])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drift=st.floats(0.0, 0.1), low=st.floats(0.1, 1.0), high=st.floats(1.0, 5.0),
       ratio=st.sampled_from([0.2, 1.0, 3.0, 20.0]), seed=st.integers(0, 2**31 - 1))
def test_pay_index_stays_within_its_bounds_every_week(drift, low, high, ratio, seed):
    cfg = SimConfig().with_overrides({
        "market.weeks": 12, "candidates.n_ml": 150, "startups.n": 15,
        "market.demand_supply_ratio": ratio, "pricing.pay_index_drift": drift,
        "pricing.pay_index_min": low, "pricing.pay_index_max": high, **COUNTERS, **MATCHING})
    m = Market(cfg, seed=seed, check_invariants=True).run()  # checks the bounds weekly
    assert np.all((m.pay_index >= low) & (m.pay_index <= high))

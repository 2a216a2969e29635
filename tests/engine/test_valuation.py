"""Offer valuation (DESIGN §3.4): risk, equity presentation, financial security."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.market import Market
from sim.model.rules.valuation import crra_certainty_equivalent, value_offers
from tests.conftest import small_config


def test_risk_neutral_certainty_equivalent_is_the_expectation():
    ce = crra_certainty_equivalent(np.array([100.0]), np.array([40.0]), 0.25, np.array([0.0]))
    assert ce[0] == pytest.approx(10.0)


@pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0, 4.0])
def test_risk_averse_value_a_lottery_below_its_mean_and_more_with_wealth(gamma):
    g = np.array([gamma, gamma])
    ce = crra_certainty_equivalent(np.array([50.0, 1000.0]), np.array([200.0, 200.0]), 0.25, g)
    assert (ce < 50.0).all() and (ce > 0).all()
    assert ce[1] > ce[0]  # the financially secure discount risk less (M10)


def test_a_sure_loss_costs_its_size():
    ce = crra_certainty_equivalent(np.array([100.0]), np.array([0.0]), 0.0, np.array([2.0]),
                                   loss=np.array([30.0]))
    assert ce[0] == pytest.approx(-30.0)


@pytest.fixture(scope="module")
def market():
    return Market(small_config(**{"market.weeks": 1}), seed=0)


def _offers(m, firm):
    c = np.arange(40)
    f = np.full(40, firm)
    zero = np.zeros(40)
    return value_offers(m.cfg, m.cands, m.firms, c, f, np.full(40, 2), zero, zero, 1.0)


def test_explaining_equity_raises_a_startups_offer_and_is_the_counterfactual(market):
    m = market
    su = int(np.flatnonzero((m.firms.kind == 0) & ~m.firms.explained)[0])
    v = _offers(m, su)
    assert (v.value_explained > v.value).all()
    m.firms.explained[su] = True
    try:
        v2 = _offers(m, su)
    finally:
        m.firms.explained[su] = False
    np.testing.assert_allclose(v2.value, v.value_explained)


def test_big_tech_pays_more_liquid_cash_than_a_startup(market):
    m = market
    su = int(np.flatnonzero(m.firms.kind == 0)[0])
    bt = int(np.flatnonzero(m.firms.kind == 1)[0])
    assert (_offers(m, bt).cash > _offers(m, su).cash).all()

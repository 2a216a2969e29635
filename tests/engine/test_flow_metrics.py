"""Flow metrics (sim.outputs.flows): their definitions, recomputed from the frames.

Each metric is recomputed here from the run's tidy frames (requisitions, events,
weekly) by a different route than the engine's (per-seat open intervals instead of the
recorder's weekly stock), so a change of meaning in either shows. The direction tests
check what tightness must do to the two rates over paired seeds.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sim
from sim.config import SimConfig
from sim.outputs.flows import WEEKS_PER_MONTH, settle_weeks

SEEDS = [3, 8]


@pytest.fixture(scope="module")
def runs() -> list[sim.RunResult]:
    cfg = SimConfig(candidates={"n_ml": 1200}, startups={"n": 120})
    return [sim.run_one(cfg, seed) for seed in SEEDS]


def _open_weeks(reqs: pd.DataFrame, weeks: int, start: int) -> float:
    """Requisition-weeks open at the end of weeks start+1..weeks, from each seat's interval.

    A seat opened in week o and closed in week c (or never) is open at the end of weeks
    o..c-1 (or o..weeks).
    """
    closed = reqs["closed_week"].where(reqs["closed_week"] >= 0, weeks + 1)
    first = np.maximum(reqs["opened_week"], start + 1)
    last = np.minimum(closed - 1, weeks)
    return float(np.clip(last - first + 1, 0, None).sum())


@pytest.mark.parametrize("kind", ["all", "startup", "bigtech"])
def test_vacancy_yield_is_hires_per_open_seat_month(runs, kind):
    for res in runs:
        weeks = res.config.market.weeks
        start = settle_weeks(weeks)
        reqs, ev = res.requisitions, res.events
        hires = ev[(ev["event"] == "hire") & (ev["week"] > start)]
        if kind != "all":
            wanted = {"startup": ["startup"], "bigtech": ["bigtech", "lab"]}[kind]
            reqs = reqs[reqs["firm_kind"].isin(wanted)]
            hires = hires[hires["firm_kind"].isin(wanted)]
        expected = len(hires) / _open_weeks(reqs, weeks, start) * WEEKS_PER_MONTH
        assert res.metrics[f"vacancy_yield.{kind}"] == pytest.approx(expected, rel=1e-9)


def test_matches_per_seeker_month_counts_ml_hires_over_active_seeker_weeks(runs):
    for res in runs:
        start = settle_weeks(res.config.market.weeks)
        ev, wk = res.events, res.weekly
        ml_hires = ev[(ev["event"] == "hire") & (ev["candidate_role"] != "general_swe")
                      & (ev["week"] > start)]
        seeker_weeks = wk.loc[wk["week"] > start, "active_ml_candidates"].sum()
        expected = len(ml_hires) / seeker_weeks * WEEKS_PER_MONTH
        assert res.metrics["matches_per_seeker_month"] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("kind", ["startup", "bigtech"])
def test_seat_shares_and_lives_count_only_fully_observed_seats(runs, kind):
    for res in runs:
        weeks = res.config.market.weeks
        wanted = {"startup": ["startup"], "bigtech": ["bigtech", "lab"]}[kind]
        reqs = res.requisitions[res.requisitions["firm_kind"].isin(wanted)]
        for window in (13, 26):
            seen = reqs[reqs["opened_week"] <= weeks - window]
            filled = (seen["status"] == "filled") & (seen["closed_week"] - seen["opened_week"]
                                                     <= window)
            got = res.metrics[f"seat_filled_by.{window}w.{kind}"]
            assert got == pytest.approx(filled.mean(), rel=1e-9)
        assert res.metrics[f"seat_filled_by.13w.{kind}"] <= res.metrics[
            f"seat_filled_by.26w.{kind}"]
        ended = reqs[reqs["opened_week"] <= weeks - res.config.market.req_max_open_weeks]
        assert (ended["closed_week"] >= 0).all()  # every such seat has ended
        life = res.metrics[f"posting_weeks.{kind}"]
        assert life == pytest.approx((ended["closed_week"] - ended["opened_week"]).mean())
        assert 0 < life <= res.config.market.req_max_open_weeks


def test_a_run_too_short_for_a_seat_to_end_gives_no_posting_life():
    res = sim.run_one(SimConfig(market={"weeks": 20}, candidates={"n_ml": 300},
                                startups={"n": 30}), seed=1)
    assert math.isnan(res.metrics["posting_weeks.startup"])
    assert math.isnan(res.metrics["seat_filled_by.26w.startup"])
    assert 0 <= res.metrics["seat_filled_by.13w.startup"] <= 1


def test_the_focal_startup_has_its_own_seat_shares():
    cfg = SimConfig(focal={"stage": "seed"}, candidates={"n_ml": 1200},
                    startups={"n": 120})
    res = sim.run_one(cfg, seed=5)
    seats = res.requisitions[res.requisitions["firm"] == 0]
    seen = seats[seats["opened_week"] <= cfg.market.weeks - 13]
    filled = (seen["status"] == "filled") & (seen["closed_week"] - seen["opened_week"] <= 13)
    assert res.metrics["focal.seat_filled_by.13w"] == pytest.approx(filled.mean())
    assert "focal.seat_filled_by.13w" not in sim.run_one(SimConfig(market={"weeks": 10}),
                                                         seed=1).metrics


def test_tighter_markets_yield_fewer_hires_per_seat_and_more_per_seeker():
    """More open seats per seeker: each seat fills more slowly, each seeker faster."""
    base = SimConfig(candidates={"n_ml": 1500}, startups={"n": 150})
    loose = base.with_overrides({"market.demand_supply_ratio": 1.0})
    tight = base.with_overrides({"market.demand_supply_ratio": 4.0})
    for seed in (1, 2, 3):
        a, b = sim.run_metrics(loose, seed), sim.run_metrics(tight, seed)
        assert b["vacancy_yield.all"] < a["vacancy_yield.all"]
        assert b["matches_per_seeker_month"] > a["matches_per_seeker_month"]


def test_rates_are_per_month_after_the_first_quarter():
    """The window and unit the sources use: 52/12 weeks a month; weeks 27–104 of 104."""
    assert pytest.approx(4.333, abs=1e-3) == WEEKS_PER_MONTH
    assert settle_weeks(104) == 26 and settle_weeks(10) == 3


def test_process_outcomes_split_startups_by_process_style():
    """Per-kind rates recomputed from the frames: lean vs big-tech-style startups."""
    cfg = SimConfig(candidates={"n_ml": 1200}, startups={"n": 120})
    res = sim.run_one(cfg, seed=7)
    ev, st = res.events, res.startups
    lean_firms = set(st.loc[st["lean_process"], "firm"])
    at_startup = ev["firm_kind"] == "startup"
    lean = at_startup & ev["firm"].isin(lean_firms)
    ends = ev["event"] == "process_end"
    loops = ends & (ev["stage"] >= 1)  # past the first screen: the firm's interview loops
    # Lost to a faster offer: elsewhere accepted mid-loop, or an offer in hand that beat
    # this firm's at its closing call (M9; that process ends as a decline). A better
    # offer made the same week is not faster: that call's cause is offer_declined.
    call = ev["event"] == "closing_call"
    lost = (loops | call) & (ev["cause"] == "lost_to_faster_offer")
    assert (lost & call).any()
    assert (call & ev["took_firm_kind"].notna() & (ev["cause"] == "offer_declined")).any()
    assert (ends & (ev["stage"] == 0) & (ev["cause"] == "lost_to_faster_offer")).any()
    for style, group in (("lean", lean), ("bigtech_style", at_startup & ~lean)):
        expected = (lost & group).sum() / (loops & group).sum()
        got = res.metrics[f"lost_to_faster_offer_rate.startup.{style}"]
        assert got == pytest.approx(expected)
        offers = ((ev["event"] == "offer") & group).sum()
        hired = (ends & (ev["cause"] == "hired") & group).sum()
        assert res.metrics[f"offer_acceptance.startup.{style}"] == pytest.approx(hired / offers)


def test_within_one_market_lean_startups_lose_fewer_processes_and_close_more_offers():
    """M9 within a market (docs/validity.md, "Which metric answers which claim")."""
    for seed in (1, 2, 3):
        m = sim.run_metrics(SimConfig(), seed)
        assert (m["lost_to_faster_offer_rate.startup.lean"]
                < m["lost_to_faster_offer_rate.startup.bigtech_style"])
        assert m["offer_acceptance.startup.lean"] > m["offer_acceptance.startup.bigtech_style"]

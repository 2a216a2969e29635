"""How hard seekers search: own-role search, free first screens, a weekly budget.

The three settings (``candidates.offrole_look_share``, ``screen_holds_slot`` and
``applications_per_week``) are on by default: most looks go to the seeker's own role,
first screens hold no interview loop, and applications have a weekly budget. These
tests set each explicitly, check its rule on every week of a small market, and that it
moves the funnel the way docs/validity-appendix.md ("Where the matching funnel loses
time") says.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import SimConfig
from sim.model.market import Market

SMALL = {"candidates.n_ml": 900, "startups.n": 90, "market.weeks": 40}


def small(**overrides) -> SimConfig:
    return SimConfig().with_overrides({**SMALL, **overrides})


def test_own_role_search_sends_precise_seats_only_their_own_role():
    """With no browsing, a precisely titled seat is found only by its own role's search
    (and recruiters source its own role), so every applicant is relevant."""
    m = Market(small(**{"candidates.offrole_look_share": 0.0,
                        "startups.share_precise_titles": 0.5}), seed=2).run()
    r = m.reqs
    precise = r["precise"] & (r["applicants"] > 0)
    assert precise.sum() > 50
    np.testing.assert_array_equal(r["relevant"][precise], r["applicants"][precise])
    blanket = ~r["precise"] & (r["firm_kind"] == 0)
    assert (r["relevant"][blanket] < r["applicants"][blanket]).any()  # others find these


def test_browsing_everything_lets_other_roles_reach_precise_seats():
    m = Market(small(**{"candidates.offrole_look_share": 1.0,
                        "startups.share_precise_titles": 0.5}), seed=2).run()
    r = m.reqs
    assert (r["relevant"][r["precise"]] < r["applicants"][r["precise"]]).any()


def _count_per_candidate(m: Market, rows: np.ndarray) -> np.ndarray:
    return np.bincount(m.procs["cand"][rows], minlength=m.cands.n)


def _check_free_first_screens(m: Market, budget: int) -> None:
    """Every week, new processes per candidate stay within the week's budget, and some
    candidates have more processes out (screens included) than interview loops."""
    over_slots = 0
    for _ in range(m.cfg.market.weeks):
        m.step()
        p = m.procs
        live = p["live"]
        started = live & (p["started"] == m.week)
        # New applications count against the slots left by processes past the screen,
        # and against the week's budget.
        assert (_count_per_candidate(m, started) <= budget).all()
        over_slots += int((_count_per_candidate(m, live) > m.cands.max_procs).sum())
    assert over_slots > 0  # applications out beyond the interview loops: the point


def test_free_first_screens_bound_only_processes_past_the_screen():
    m = Market(small(**{"candidates.screen_holds_slot": False,
                        "candidates.applications_per_week": 3}), seed=4)
    _check_free_first_screens(m, 3)


def test_by_default_first_screens_are_free_within_a_weekly_budget():
    m = Market(small(**{"market.weeks": 20}), seed=4)
    cc = m.cfg.candidates
    assert not cc.screen_holds_slot and cc.applications_per_week > 0
    _check_free_first_screens(m, cc.applications_per_week)


def test_slot_bound_applications_never_exceed_the_free_slots():
    """Screens holding slots and no weekly budget (the slot-bound search): no candidate
    ever runs more processes than their limit."""
    m = Market(small(**{"candidates.screen_holds_slot": True,
                        "candidates.applications_per_week": 0}), seed=4)
    for _ in range(m.cfg.market.weeks):
        m.step()
        live = m.procs["live"]
        assert (_count_per_candidate(m, live) <= m.cands.max_procs).all()


@pytest.mark.parametrize("seed", [1, 2])
def test_more_applications_a_week_raise_applications_and_the_vacancy_yield(seed):
    from sim.experiments.runs import run_metrics

    # Both with free first screens; 3 against 15 applications a week (the default).
    few = small(**{"market.weeks": 60, "candidates.screen_holds_slot": False,
                   "candidates.applications_per_week": 3})
    keen = few.with_overrides({"candidates.applications_per_week": 15})
    a, b = run_metrics(few, seed), run_metrics(keen, seed)
    assert b["applications_per_week"] > 1.5 * a["applications_per_week"]
    assert b["vacancy_yield.all"] > a["vacancy_yield.all"]

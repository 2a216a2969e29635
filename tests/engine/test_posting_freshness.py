"""Posting freshness in search: seekers see newer postings first (phase 4).

Within an employer kind a seat's chance of being seen halves every
``candidates.posting_half_life_weeks`` since it opened, down to
``candidates.stale_posting_weight`` of a new seat's chance. These tests check the weighted
draw itself, that applications really do go to younger seats, and the effect the
mechanism exists for: seats that fill, fill sooner (docs/validity.md, calibration).

The engine draws applications directly (``sim/model/rules/search.py``), not look by
look; with every apply chance 1 each look is an application, so the draws show where
looks go. ``test_applications_follow_looks_times_apply_chances`` checks the general case
against the look-by-look model written out here.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import sim
from sim.config import SimConfig
from sim.config.codes import BIGTECH, GENERAL, ML_ENGINEER, ML_INFRA, MLOPS, REQ_OPEN, STARTUP
from sim.model.keyed_draws import KeyedDraws
from sim.model.market import Market
from sim.model.phases.applications import LOOKS_PER_SLOT
from sim.model.rules.search import OFF_LEVEL, count_at_or_below, draw_applications

SMALL = {"market": {"weeks": 52}, "candidates": {"n_ml": 800}, "startups": {"n": 80}}


def _stand_in_market(opened: np.ndarray, kind: np.ndarray, n_seekers: int, pull: float,
                     offrole_look_share: float = 1.0) -> SimpleNamespace:
    """The parts of a market the application draw reads: seekers, open seats, config.

    By default every look is at any open seat (``offrole_look_share`` 1), for the tests
    of freshness and pull alone, and every look becomes an application (apply chances 1,
    all at one level). Seekers are all ML engineers; seats are blanket-titled ML
    engineer seats unless a test sets ``role`` and ``precise``.
    """
    cands = SimpleNamespace(entered=np.ones(n_seekers, bool), searching=np.ones(n_seekers, bool),
                            role=np.full(n_seekers, ML_ENGINEER, np.int8),
                            seniority=np.ones(n_seekers, np.int8))
    n = len(opened)
    reqs = {"status": np.full(n, REQ_OPEN), "firm_kind": kind, "opened": opened,
            "firm": np.zeros(n, np.int64),  # firm 0, not the focal startup (firm 1)
            "key": np.arange(n, dtype=np.int64),  # seats' draw keys
            "posted": opened, "role": np.full(n, ML_ENGINEER, np.int8),
            "precise": np.zeros(n, bool), "seniority": np.ones(n, np.int8),
            "apply_own": np.ones(n), "apply_other": np.ones(n), "apply_general": np.ones(n)}
    cfg = SimConfig().with_overrides({"candidates.offrole_look_share": offrole_look_share})
    draws = KeyedDraws(seed=0)
    draws.at_week(10)
    return SimpleNamespace(cands=cands, reqs=reqs, cfg=cfg, week=10, draws=draws,
                           firms=SimpleNamespace(focal=np.array([False, True])),
                           bigtech_pull=np.full(n_seekers, pull))


def _looks(m: SimpleNamespace, seats: np.ndarray, free: np.ndarray) -> tuple[np.ndarray, ...]:
    """Every seeker's applications at ``LOOKS_PER_SLOT`` looks per free slot."""
    seekers = np.arange(len(free))
    return draw_applications(m, seats, seekers, LOOKS_PER_SLOT * free)


def test_looks_pick_the_kind_by_pull_and_the_seat_by_freshness() -> None:
    """Startup share = n_su / (n_su + brand × n_bt × pull); within a kind, ∝ freshness."""
    opened = np.array([10, 8, 4, 0, 10, 6])  # ages 0, 2, 6, 10 (startups); 0, 4 (big tech)
    kind = np.array([STARTUP] * 4 + [BIGTECH] * 2, dtype=np.int8)
    m = _stand_in_market(opened, kind, n_seekers=40_000, pull=0.5)
    cc, brand = m.cfg.candidates, m.cfg.bigtech.brand_weight
    free = np.full(40_000, 1)  # one free slot each: LOOKS_PER_SLOT looks per seeker
    _, req = _looks(m, np.arange(6), free)
    share = np.bincount(req, minlength=6) / len(req)
    p_su = 4 / (4 + brand * 2 * 0.5)
    w = np.maximum(np.exp2(-(10 - opened) / cc.posting_half_life_weeks),
                   cc.stale_posting_weight)
    expected = np.r_[p_su * w[:4] / w[:4].sum(), (1 - p_su) * w[4:] / w[4:].sum()]
    np.testing.assert_allclose(share, expected, atol=0.004)
    # The oldest startup seat (ten weeks, five half-lives) sits on the floor.
    assert w[3] == cc.stale_posting_weight


def test_a_market_with_one_kind_of_seat_draws_it_by_freshness_alone() -> None:
    """No startup (or no big-tech) seats: every look goes to the other kind, ∝ freshness."""
    opened = np.array([10, 9, 2])
    for k in (STARTUP, BIGTECH):
        m = _stand_in_market(opened, np.full(3, k, np.int8), 20_000, pull=1.0)
        _, req = _looks(m, np.arange(3), np.full(20_000, 2))
        assert len(req) == 20_000 * 2 * LOOKS_PER_SLOT
        cc = m.cfg.candidates
        w = np.maximum(np.exp2(-(10 - opened) / cc.posting_half_life_weeks),
                       cc.stale_posting_weight)
        np.testing.assert_allclose(np.bincount(req, minlength=3) / len(req), w / w.sum(),
                                   atol=0.004)


@pytest.mark.parametrize("offrole_look_share", [0.0, 0.3])
def test_own_role_looks_find_their_role_and_blanket_seats_by_freshness(
        offrole_look_share: float) -> None:
    """MLOps seekers: own-role looks reach precise MLOps seats and blanket seats only,
    ∝ freshness; ``offrole_look_share`` of looks reach any seat, ∝ freshness."""
    opened = np.array([10, 6, 9, 3, 8])  # all startup seats
    m = _stand_in_market(opened, np.full(5, STARTUP, np.int8), 40_000, pull=1.0,
                         offrole_look_share=offrole_look_share)
    m.cands.role[:] = MLOPS
    # Precise ML engineer, precise ML engineer, precise MLOps, precise MLOps, blanket.
    m.reqs["role"][:] = [ML_ENGINEER, ML_ENGINEER, MLOPS, MLOPS, ML_ENGINEER]
    m.reqs["precise"][:] = [True, True, True, True, False]
    _, req = _looks(m, np.arange(5), np.full(40_000, 1))
    cc = m.cfg.candidates
    w = np.maximum(np.exp2(-(10 - opened) / cc.posting_half_life_weeks),
                   cc.stale_posting_weight)
    found = np.array([0, 0, 1, 1, 1]) * w
    expected = (1 - offrole_look_share) * found / found.sum() + offrole_look_share * w / w.sum()
    np.testing.assert_allclose(np.bincount(req, minlength=5) / len(req), expected, atol=0.004)


def _expected_applications(m: SimpleNamespace, seeker: int, looks: int) -> np.ndarray:
    """Expected applications per seat for one seeker, look by look (the model in words).

    A look browses every open seat with chance ``offrole_look_share``, else searches the
    seeker's role (the seats titled for it and every blanket seat; everything if none);
    within the searched set the kind is drawn by seat counts and pull, a seat of the kind
    by freshness; the look becomes an application with the seat's apply chance for the
    seeker's role, × ``OFF_LEVEL`` more than one level away.
    """
    c, r, cc = m.cands, m.reqs, m.cfg.candidates
    n = len(r["posted"])
    fresh = np.maximum(np.exp2((r["posted"] - m.week) / cc.posting_half_life_weeks),
                       cc.stale_posting_weight)
    role, level = c.role[seeker], c.seniority[seeker]
    titled = np.array([not r["precise"][s] or r["role"][s] == role for s in range(n)])
    share = cc.offrole_look_share if titled.any() else 1.0
    per_look = np.zeros(n)
    for search_share, found in ((1.0 - share, titled), (share, np.ones(n, bool))):
        su = found & (r["firm_kind"] == STARTUP)
        bt = found & (r["firm_kind"] != STARTUP)
        pull = m.cfg.bigtech.brand_weight * m.bigtech_pull[seeker]
        p_su = su.sum() / (su.sum() + pull * bt.sum())
        for in_kind, p_kind in ((su, p_su), (bt, 1.0 - p_su)):
            if in_kind.any():
                per_look += search_share * p_kind * np.where(in_kind, fresh, 0.0) \
                    / fresh[in_kind].sum()
    chance = np.where(r["role"] == role, r["apply_own"],
                      np.where(role == GENERAL, r["apply_general"], r["apply_other"]))
    chance = chance * np.where(np.abs(r["seniority"] - level) <= 1, 1.0, OFF_LEVEL)
    return looks * per_look * chance


@pytest.mark.parametrize("focal_seats", [(), (1, 4), (0, 2, 3)])
def test_applications_follow_looks_times_apply_chances(focal_seats: tuple[int, ...]) -> None:
    """The direct draw gives each seat the applications the look-by-look model expects.

    With and without seats of the focal startup, which the draw takes apart from the
    rest (a precise and a blanket one; or three, in both own-role segments).

    Eight seats of both kinds, several roles, precise and blanket titles, four ages,
    three levels and unequal apply chances; seekers of four roles (one with no seat
    titled for it, who finds only the blanket ones, and a general engineer), four levels
    and three pulls.
    """
    opened = np.array([10, 9, 6, 2, 10, 8, 4, 7])
    kind = np.array([STARTUP] * 5 + [BIGTECH] * 3, dtype=np.int8)
    m = _stand_in_market(opened, kind, n_seekers=1, pull=1.0, offrole_look_share=0.3)
    m.reqs["role"][:] = [ML_ENGINEER, MLOPS, MLOPS, ML_ENGINEER, ML_ENGINEER, MLOPS,
                         ML_ENGINEER, ML_ENGINEER]
    m.reqs["precise"][:] = [True, True, False, True, False, True, True, False]
    m.reqs["seniority"][:] = [0, 1, 3, 2, 1, 3, 0, 2]
    m.reqs["apply_own"][:] = [0.9, 0.8, 0.5, 0.7, 0.6, 0.9, 0.8, 0.4]
    m.reqs["apply_other"][:] = 0.3 * m.reqs["apply_own"]
    m.reqs["apply_general"][:] = 0.2 * m.reqs["apply_own"]
    m.reqs["firm"][list(focal_seats)] = 1  # the focal startup
    per_group, looks = 30_000, 12
    groups = [(ML_ENGINEER, 1, 1.0), (MLOPS, 3, 0.4), (ML_INFRA, 0, 1.0),
              (GENERAL, 2, 2.0)]
    n = per_group * len(groups)
    m.cands = SimpleNamespace(role=np.repeat([g[0] for g in groups], per_group).astype(np.int8),
                              seniority=np.repeat([g[1] for g in groups],
                                                  per_group).astype(np.int8))
    m.bigtech_pull = np.repeat([g[2] for g in groups], per_group)
    cand, req = draw_applications(m, np.arange(8), np.arange(n), np.full(n, looks))
    for g in range(len(groups)):
        mine = (cand >= g * per_group) & (cand < (g + 1) * per_group)
        got = np.bincount(req[mine], minlength=8) / per_group
        want = _expected_applications(m, g * per_group, looks)
        # Binomial counts over 30,000 seekers: a standard error below 0.02 per seat.
        np.testing.assert_allclose(got, want, atol=0.05, err_msg=f"group {groups[g]}")
    assert len(cand) > 0.5 * n  # the test exercises the draw, not an empty one


def _mean_age_at_application(cfg: SimConfig, seed: int) -> tuple[float, float]:
    """Mean age of a seat's posting when a process for it started, by employer kind.

    The age since the seat was posted (opened, or last reposted: a stale-seat response,
    M14), which is the age freshness acts on.
    """
    m = Market(cfg, seed=seed)
    ages: dict[bool, list[np.ndarray]] = {True: [], False: []}
    for _ in range(cfg.market.weeks):
        m.step()
        p, r = m.procs, m.reqs
        new = p["live"] & (p["started"] == m.week)
        req = p["req"][new]
        is_su = r["firm_kind"][req] == STARTUP
        for kind in (True, False):
            ages[kind].append((m.week - r["posted"][req[is_su == kind]]).astype(float))
    return tuple(float(np.concatenate(ages[k]).mean()) for k in (True, False))


def test_applications_go_to_younger_seats_than_without_freshness() -> None:
    """Same seed, freshness on and off: the postings applied to are much younger with it on.

    Measured at seeds 1 and 4 (on ÷ off): startups 0.45 (e.g. 2.4 against 5.3 weeks),
    big tech 0.57. Sourced processes, which freshness leaves alone, are included.
    """
    cfg = SimConfig(**SMALL)
    with_fresh = _mean_age_at_application(cfg, seed=4)
    without = _mean_age_at_application(cfg.with_overrides(
        {"candidates.stale_posting_weight": 1.0}), seed=4)
    for on, off in zip(with_fresh, without, strict=True):
        assert on < 0.8 * off, (with_fresh, without)


def test_freshness_shortens_the_time_to_fill_of_filled_seats() -> None:
    """The direction the calibration relies on, paired over three seeds."""
    base = SimConfig(**SMALL)
    off = sim.run(base.with_overrides({"candidates.stale_posting_weight": 1.0}),
                  replications=3, base_seed=7).runs["weeks_to_fill.median"].to_numpy()
    on = sim.run(base, replications=3, base_seed=7).runs["weeks_to_fill.median"].to_numpy()
    assert (on < off).all(), (on, off)


@pytest.mark.parametrize("n_rows", [1, 2, 24, 33])
def test_one_search_over_all_rows_counts_as_a_search_per_row(n_rows: int) -> None:
    """Exact, also for values equal to an entry or an ulp from it, and on flat rows."""
    rng = np.random.default_rng(n_rows)
    width = 50
    steps = rng.exponential(1.0, (n_rows, width)) * (rng.random((n_rows, width)) < 0.7)
    rows = np.concatenate([np.zeros((n_rows, 1)), np.cumsum(steps, axis=1)], axis=1)
    rows[0] = 0.0  # a row of zeros: every value ties
    row = rng.integers(0, n_rows, 4_000)
    entry = rows[row, rng.integers(0, width + 1, len(row))]
    value = np.select(
        [np.arange(len(row)) % 5 == k for k in range(4)],
        [entry, np.nextafter(entry, np.inf), np.nextafter(entry, 0.0), entry * 1.5 + 1.0],
        rng.uniform(0.0, rows[row, -1] + 1.0))
    expected = [rows[r].searchsorted(v, side="right") for r, v in zip(row, value, strict=True)]
    assert count_at_or_below(rows, row, value).tolist() == expected

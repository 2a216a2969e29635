"""Keyed draws: every weekly random number is a function of (seed, purpose, week, entity).

The property the strategy lab needs (common random numbers): changing one agent, such as
the founder's startup, changes what other agents draw only through the market itself,
never by shifting where their numbers fall in a shared stream
(``sim/model/keyed_draws.py``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.config import SimConfig
from sim.model.count_quantiles import binomial_terms_below, count_true_per_column, scalar_quantile
from sim.model.keyed_draws import KeyedDraws, pair_draw_key, seat_key
from sim.model.market import Market


def _draws(seed: int = 7, week: int = 3) -> KeyedDraws:
    d = KeyedDraws(seed)
    d.at_week(week)
    return d


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(st.integers(0, 2**40), min_size=1, max_size=60, unique=True),
       data=st.data())
def test_an_entitys_draw_does_not_depend_on_who_else_draws(keys: list[int], data) -> None:
    keys = np.array(keys, dtype=np.int64)
    subset = data.draw(st.lists(st.sampled_from(range(len(keys))), unique=True))
    d = _draws()
    every = d.uniform("screen", keys)
    some = d.uniform("screen", keys[subset])
    np.testing.assert_array_equal(some, every[subset])
    shuffled = data.draw(st.permutations(range(len(keys))))
    np.testing.assert_array_equal(d.uniform("screen", keys[shuffled]), every[shuffled])
    assert ((every > 0.0) & (every < 1.0)).all()


@settings(max_examples=40, deadline=None)
@given(keys=st.lists(st.integers(0, 2**31 - 1), min_size=1, max_size=40),
       seed=st.integers(0, 2**32), week=st.integers(0, 600))
def test_a_keys_draw_does_not_depend_on_its_integer_type(keys: list[int], seed: int,
                                                          week: int) -> None:
    """64-bit keys are read in place, other integer types cast: the same numbers."""
    d = _draws(seed, week)
    as_int64 = d.uniform("screen", np.array(keys, dtype=np.int64))
    for other in (np.array(keys, dtype=np.uint64), np.array(keys, dtype=np.int32),
                  np.array(keys, dtype=np.int64)[::-1][::-1], keys):
        np.testing.assert_array_equal(d.uniform("screen", other), as_int64)
    second = np.arange(len(keys))
    paired = d.uniform("screen", np.array(keys, dtype=np.int32), second.astype(np.int16))
    np.testing.assert_array_equal(paired, d.uniform("screen", np.array(keys, dtype=np.int64),
                                                    second.astype(np.uint64)))


@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(st.tuples(st.integers(0, 2**31 - 1), st.integers(0, 2**20)), max_size=40),
       seed=st.integers(0, 2**32))
def test_a_pair_draws_as_its_pair_key(pairs: list[tuple[int, int]], seed: int) -> None:
    """Drawing by (a, b) is drawing by pair_draw_key(a, b): one key serves several draws."""
    a, b = np.array(pairs, dtype=np.int64).reshape(-1, 2).T
    d = _draws(seed)
    np.testing.assert_array_equal(d.uniform("source.who", a, b),
                                  d.uniform("source.who", pair_draw_key(a, b)))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), week=st.integers(0, 600), lam=st.floats(0.1, 40.0),
       n=st.integers(0, 150), p=st.floats(0.0, 1.0))
def test_a_market_level_count_inverts_the_uniform_of_key_zero(seed: int, week: int, lam: float,
                                                              n: int, p: float) -> None:
    """``count`` hashes in plain Python: the same uniform as the array path for key 0."""
    d = _draws(seed, week)
    for purpose, dist, params in (("entrants", "poisson", (lam,)),
                                  ("backfill", "binomial", (n, p))):
        u = float(d.uniform(purpose, np.zeros(1, dtype=np.int64))[0])
        assert d.count(purpose, dist, *params) == scalar_quantile(u, dist, *params)


def test_draws_differ_by_seed_purpose_week_and_key() -> None:
    keys = np.arange(50_000)
    base = _draws(seed=7, week=3).uniform("screen", keys)
    others = {
        "seed": _draws(seed=8, week=3).uniform("screen", keys),
        "week": _draws(seed=7, week=4).uniform("screen", keys),
        "purpose": _draws(seed=7, week=3).uniform("taste", keys),
        "key": _draws(seed=7, week=3).uniform("screen", keys + 1),
    }
    for name, other in others.items():
        assert not np.any(other == base), name
        # Independent uniforms: correlation within a few standard errors (1/√n = 0.0045).
        assert abs(np.corrcoef(base, other)[0, 1]) < 0.02, name


def test_uniforms_are_uniform_over_consecutive_and_paired_keys() -> None:
    d = _draws()
    single = d.uniform("screen", np.arange(200_000))
    pairs = d.uniform("screen", np.repeat(np.arange(400), 500), np.tile(np.arange(500), 400))
    for u in (single, pairs):
        assert stats.kstest(u, "uniform").pvalue > 0.001
        assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01  # neighbours: no serial pattern


@pytest.mark.parametrize(("n", "p"), [(45, 0.36), (12, 0.05), (300, 0.4)])
def test_binomial_counts_follow_the_binomial(n: int, p: float) -> None:
    """Both ways of inverting: the whole CDF at once (n ≤ 100) and scipy's quantile."""
    d = _draws()
    counts = d.binomial("apply.count", np.full(40_000, n), np.full(40_000, p),
                        np.arange(40_000))
    _check_discrete(counts, stats.binom(n, p))


def _terms_below_whole_table(u, n, odds, p0, most):
    """The binomial CDF as one terms × rows table: what ``binomial_terms_below`` must equal."""
    t = np.arange(most, dtype=np.float64)[:, None]
    terms = np.cumprod(np.maximum(n - t, 0.0) * odds / (t + 1.0), axis=0)
    terms *= p0
    cdf = np.cumsum(terms, axis=0)
    cdf += p0
    return np.count_nonzero(cdf < u, axis=0)


@pytest.mark.parametrize("first", [1, 5, 24, 60])
def test_binomial_rows_that_go_on_alone_count_as_the_whole_table(first: int) -> None:
    """Bit for bit, including rows that need every term, n = 0, p = 0 and p = 1 rows."""
    rng = np.random.default_rng(first)
    rows = 3_000
    n = rng.integers(0, 61, rows).astype(np.float64)
    p = rng.uniform(0.0, 1.0, rows) ** rng.choice([0.3, 1.0, 3.0], rows)
    u = rng.uniform(0.0, 1.0, rows)
    n[:10], p[10:20], p[20:30] = 0.0, 0.0, 1.0
    u[30:60] = 1.0 - 2.0**-53  # the largest uniform: the CDF stays below it longest
    certain = p >= 1.0  # as ``KeyedDraws.binomial`` prepares its inputs
    q = np.where(certain, 1.0, 1.0 - p)
    odds = np.where(certain, 0.0, p / q)
    p0 = q**n
    most = int(n.max())
    expected = _terms_below_whole_table(u, n, odds, p0, most)
    assert np.array_equal(binomial_terms_below(u, n, odds, p0, most, first), expected)
    assert expected[30:60].max() == most  # some rows did need every term


@settings(max_examples=40, deadline=None)
@given(terms=st.sampled_from([0, 1, 8, 24, 101, 255, 256, 300]), rows=st.integers(0, 40),
       share=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
def test_counting_a_cdf_blocks_true_terms_matches_count_nonzero(terms: int, rows: int,
                                                               share: float, seed: int) -> None:
    mask = np.random.default_rng(seed).random((terms, rows)) < share
    counted = count_true_per_column(mask)
    expected = np.count_nonzero(mask, axis=0)
    assert counted.dtype == expected.dtype
    np.testing.assert_array_equal(counted, expected)


def test_a_weeks_draws_do_not_depend_on_earlier_weeks_draws() -> None:
    keys = np.arange(100)
    d = _draws(week=2)
    d.uniform("screen", keys)
    d.at_week(3)
    assert np.array_equal(d.uniform("screen", keys), _draws(week=3).uniform("screen", keys))


@pytest.mark.parametrize("lam", [0.3, 4.0, 80.0])
def test_poisson_counts_follow_the_poisson(lam: float) -> None:
    d = _draws()
    counts = d.poisson("source.count", np.full(40_000, lam), np.arange(40_000))
    _check_discrete(counts, stats.poisson(lam))


def test_market_level_counts_follow_their_distributions() -> None:
    d = KeyedDraws(3)
    entrants, backfills = [], []
    for week in range(4_000):  # one number a week: weeks are the samples
        d.at_week(week)
        entrants.append(d.count("entrants", "poisson", 6.0))
        backfills.append(d.count("backfill", "binomial", 20, 0.3))
    _check_discrete(np.array(entrants), stats.poisson(6.0))
    _check_discrete(np.array(backfills), stats.binom(20, 0.3))


def _check_discrete(counts: np.ndarray, dist) -> None:
    """Chi-square of the counts against the distribution, cells with ≥ 5 expected."""
    k = np.arange(counts.max() + 1)
    expected = dist.pmf(k) * len(counts)
    observed = np.bincount(counts, minlength=len(k))
    big = expected >= 5
    obs = np.append(observed[big], observed[~big].sum())
    exp = np.append(expected[big], len(counts) - expected[big].sum())
    assert stats.chisquare(obs, exp).pvalue > 0.001
    assert abs(counts.mean() - dist.mean()) < 5 * dist.std() / np.sqrt(len(counts))


def test_continuous_transforms_follow_their_distributions() -> None:
    d, keys = _draws(), np.arange(100_000)
    assert stats.kstest(d.normal("read", keys), "norm").pvalue > 0.001
    assert stats.kstest(d.logistic("taste", 0.3, keys), stats.logistic(scale=0.3).cdf
                        ).pvalue > 0.001
    geo = d.geometric("search_weeks", 1 / 12, keys)
    _check_discrete(geo - 1, stats.geom(1 / 12, loc=-1))


@settings(max_examples=40, deadline=None)
@given(p=st.floats(0.01, 0.9), dp=st.floats(0.001, 0.09), lam=st.floats(0.05, 20.0),
       dlam=st.floats(0.01, 5.0))
def test_a_higher_rate_never_lowers_an_entitys_count(p: float, dp: float, lam: float,
                                                     dlam: float) -> None:
    """Inverse transforms couple: a small change of a rate moves few entities' counts."""
    d, keys, n = _draws(), np.arange(2_000), np.full(2_000, 40)
    low = d.binomial("c", n, np.full(2_000, p), keys)
    high = d.binomial("c", n, np.full(2_000, min(p + dp, 1.0)), keys)
    assert (high >= low).all()
    low = d.poisson("c", np.full(2_000, lam), keys)
    assert (d.poisson("c", np.full(2_000, lam + dlam), keys) >= low).all()


def test_keys_for_pairs_and_seats_are_distinct() -> None:
    cand, seat = np.repeat(np.arange(300), 300), np.tile(np.arange(300), 300)
    assert len(np.unique(pair_draw_key(cand, seat))) == len(cand)
    firms, nth = np.repeat(np.arange(500), 40), np.tile(np.arange(40), 500)
    assert len(np.unique(seat_key(firms, nth))) == len(firms)


def test_a_mechanism_switched_off_draws_nothing() -> None:
    m = Market(SimConfig().with_overrides({
        "candidates.n_ml": 600, "startups.n": 60, "market.weeks": 10,
        "pricing.counter_offer_rate_startup": 0.0, "pricing.counter_offer_rate_bigtech": 0.0,
    }), seed=2).run()
    assert "counter_offer" not in m.draws.drawn
    assert m.draws.drawn["interview_read"] > 0


# ---- the market: a founder's levers and everyone else's luck -------------------------

SMALL = {"candidates.n_ml": 1500, "startups.n": 150, "market.weeks": 52}
FOCAL = {"stage": "seed", "ml_team_target": 3, "initial_team": 1}
FIXED = {**FOCAL, "precise_titles": True, "focused_jd": True, "explained_pay": True,
         "pay_mult": 1.15}


def test_the_weekly_phases_draw_only_keyed_numbers() -> None:
    """The streams that build the market are not drawn from once the weeks begin."""
    m = Market(SimConfig().with_overrides({**SMALL, "focal": FOCAL}), seed=1)
    before = {name: s.bit_generator.state for name, s in m.streams.items()}
    for _ in range(8):
        m.step()
    assert {name: s.bit_generator.state for name, s in m.streams.items()} == before


def _week_one_processes(focal: dict, seed: int) -> dict[int, set[tuple[int, int]]]:
    """Each candidate's processes started in week 1: (firm, the firm's n-th seat)."""
    m = Market(SimConfig().with_overrides({**SMALL, "focal": focal}), seed=seed)
    m.step()
    p, n = m.procs, len(m.procs)
    out: dict[int, set[tuple[int, int]]] = {}
    for cand, key in zip(p["cand"][:n], m.reqs["key"][p["req"][:n]], strict=True):
        out.setdefault(int(cand), set()).add((int(key) >> 24, int(key) & 0xFFFFFF))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_seekers_who_never_meet_the_focal_startup_draw_the_same(seed: int) -> None:
    """A founder's levers leave the week's applications of everyone else almost as they were.

    Two markets on one seed, whose focal startups differ in title, JD, explained pay and
    pay (+15%). In the first week the market is otherwise the same, so a seeker who
    applies to the focal startup in neither is changed only through the focal seats'
    share of their search: with keyed draws 90–93% of them (seeds 1–3) send exactly the
    same applications. Drawn from shared streams, as before, 0–0.5% did: the focal
    startup's seats shifted every later seat draw.
    """
    a, b = _week_one_processes(FOCAL, seed), _week_one_processes(FIXED, seed)
    met = {c for arm in (a, b) for c, pairs in arm.items() if any(f == 0 for f, _ in pairs)}
    others = (a.keys() | b.keys()) - met
    same = sum(a.get(c) == b.get(c) for c in others)
    assert len(others) > 100
    assert same / len(others) > 0.8, (same, len(others))

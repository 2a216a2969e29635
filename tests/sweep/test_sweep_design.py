"""Designs: sizes, bounds, value types, determinism, and seeds that depend only on run_id."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim.model.rng import derive_seed
from sim.sweep.design import UNIT_PREFIX, build_design, run_table, unit_sample
from sim.sweep.spec import load_spec

HEAD = '[sweep]\nname = "d"\nbase = "baseline"\nsampler = "{s}"\nseed = {seed}\n{extra}\n'
DSR = '[parameters."market.demand_supply_ratio"]\n'
GAP = '[parameters."bigtech.pay_gap_mult"]\n'
WEEKS = '[parameters."market.weeks"]\n'
NML = '[parameters."candidates.n_ml"]\n'
CONT = (DSR + "low = 1.0\nhigh = 4.0\n" + GAP + "low = 0.5\nhigh = 2.0\n"
        "distribution = \"loguniform\"\n" + WEEKS + "low = 6\nhigh = 9\n"
        + NML + "values = [100, 200, 300]\n")


def load(write_spec, sampler, extra="", params=CONT, seed=5):
    return load_spec(write_spec(HEAD.format(s=sampler, seed=seed, extra=extra) + params))


def test_grid_is_the_cartesian_product(write_spec):
    s = load(write_spec, "grid", params=DSR + "values = [1.0, 2.0, 3.0]\n" + GAP
             + "values = [0.8, 1.2]\n" + WEEKS + "values = [8, 10]\n")
    d = build_design(s)
    assert list(d.columns) == ["point_id", *s.param_names]
    assert list(d["point_id"]) == list(range(12))
    combos = set(itertools.product([1.0, 2.0, 3.0], [0.8, 1.2], [8, 10]))
    assert set(map(tuple, d[s.param_names].itertuples(index=False))) == combos
    assert d["market.weeks"].dtype == np.int64
    assert d["market.demand_supply_ratio"].dtype == np.float64


@pytest.mark.parametrize(("sampler", "extra", "rows"), [
    ("random", "samples = 50", 50),
    ("lhs", "samples = 40", 40),
    ("sobol", "samples = 16", 16 * 6),
    ("sobol", "samples = 16\ncalc_second_order = true", 16 * 10),
    ("morris", "samples = 6\nlevels = 4", 6 * 5),
])
def test_sampled_designs_stay_within_bounds(write_spec, sampler, extra, rows):
    s = load(write_spec, sampler, extra)
    d = build_design(s, unit=True)
    assert len(d) == rows == s.n_points
    assert d["market.demand_supply_ratio"].between(1.0, 4.0).all()
    assert d["bigtech.pay_gap_mult"].between(0.5, 2.0).all()
    assert d["market.weeks"].between(6, 9).all() and d["market.weeks"].dtype == np.int64
    assert set(d["candidates.n_ml"]) <= {100, 200, 300}
    units = d[[UNIT_PREFIX + p for p in s.param_names]].to_numpy()
    assert ((units >= 0) & (units <= 1)).all()
    for p in s.param_names:  # every value is a config the engine accepts
        s.base_config.with_overrides({p: d[p].iloc[0].item()})


def test_lhs_puts_one_point_in_each_stratum(write_spec):
    s = load(write_spec, "lhs", "samples = 20")
    units = build_design(s, unit=True)[[UNIT_PREFIX + p for p in s.param_names]].to_numpy()
    for column in units.T:
        assert sorted((column * 20).astype(int)) == list(range(20))


def test_loguniform_spreads_evenly_in_log_space(write_spec):
    s = load(write_spec, "random", "samples = 4000")
    logs = np.log(build_design(s)["bigtech.pay_gap_mult"])
    mid = (np.log(0.5) + np.log(2.0)) / 2
    assert abs((logs < mid).mean() - 0.5) < 0.03


def test_int_distribution_reaches_both_ends(write_spec):
    s = load(write_spec, "random", "samples = 400")
    counts = build_design(s)["market.weeks"].value_counts()
    assert set(counts.index) == {6, 7, 8, 9} and counts.min() > 60


def test_morris_points_lie_on_the_levels(write_spec):
    s = load(write_spec, "morris", "samples = 4\nlevels = 4")
    units = build_design(s, unit=True)[UNIT_PREFIX + "market.demand_supply_ratio"]
    assert set(np.round(units, 9)) <= {0.0, round(1 / 3, 9), round(2 / 3, 9), 1.0}


def test_designs_are_deterministic_in_the_seed(write_spec):
    a = build_design(load(write_spec, "lhs", "samples = 10", seed=1))
    b = build_design(load(write_spec, "lhs", "samples = 10", seed=1))
    c = build_design(load(write_spec, "lhs", "samples = 10", seed=2))
    assert a.equals(b) and not a.equals(c)


def test_unit_sample_shapes():
    assert unit_sample("sobol", 3, 8, 0).shape == (8 * 5, 3)
    assert unit_sample("morris", 3, 4, 0, levels=6).shape == (4 * 4, 3)
    with pytest.raises(ValueError, match="sampler"):
        unit_sample("halton", 2, 4, 0)


def test_run_ids_and_seeds_depend_only_on_the_spec(write_spec):
    s = load(write_spec, "random", "samples = 5\nreplications = 3")
    runs = run_table(s, build_design(s))
    assert list(runs["run_id"]) == list(range(15))
    assert list(runs["run_id"]) == list(runs["point_id"] * 3 + runs["replication"])
    assert list(runs["seed"]) == [derive_seed(5, i) for i in range(15)]
    assert runs["seed"].is_unique


def test_common_seeds_repeat_across_points(write_spec):
    s = load(write_spec, "random", "samples = 4\nreplications = 2\ncommon_seeds = true")
    runs = run_table(s, build_design(s))
    assert list(runs["seed"]) == [derive_seed(5, 0), derive_seed(5, 1)] * 4

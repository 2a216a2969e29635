"""Issue 14, item 4: the strategy lab where founders stumbled.

Pay and equity as strategy levers, a seat plan named by its file, one week numbering,
unset levers as the market's practice, the round beside the milestone, seats counted
once, and an honest word on how many replications a question needs.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import FocalConfig, SimConfig
from sim.config.codes import REQ_CLOSED, REQ_FILLED, REQ_OPEN
from sim.config.practice import LEVERS, market_practice, resolved_levers
from sim.experiments.runs import run_metrics, run_one
from sim.experiments.scenarios import ScenarioError
from sim.experiments.strategy_lab import (
    Strategy,
    apply_strategy,
    compare_strategies,
    count_noun,
    load_strategy,
    pairwise_table,
    seeds_needed,
)
from sim.model.market import Market
from sim.outputs.focal import seat_ids

SMALL = {"market.weeks": 30, "candidates.n_ml": 500, "startups.n": 40,
         "bigtech.n_bigtech": 3, "bigtech.n_labs": 2}


def small(**focal) -> SimConfig:
    return SimConfig().with_overrides({**SMALL, "focal": {"cash_musd": 5.0, **focal}})


def test_a_strategy_may_set_pay_and_equity_and_pay_moves_the_focal_offer(tmp_path):
    path = tmp_path / "pay_above_band.toml"
    path.write_text('name = "pay_above_band"\n[focal]\nstrategy = "stage_aligned"\n'
                    "pay_mult = 1.15\nequity_mult = 2.0\n")
    strategy = load_strategy(path)
    assert strategy.levers["pay_mult"] == 1.15
    base = small(initial_team=0)
    cfg = apply_strategy(base, strategy)
    assert (cfg.focal.pay_mult, cfg.focal.equity_mult) == (1.15, 2.0)
    a, b = Market(base, 3), Market(cfg, 3)
    a.step()
    b.step()
    pa = a.reqs["posted_base"][a.reqs["firm"] == 0]
    pb = b.reqs["posted_base"][b.reqs["firm"] == 0]
    assert len(pa) and len(pa) == len(pb)
    assert np.allclose(pb / pa, 1.15)  # the same first seats, advertised 15% higher
    res = compare_strategies(base, ["stage_aligned", strategy], replications=2)
    assert res.strategies == ["stage_aligned", "pay_above_band"]
    assert np.isfinite(res.runs["focal.hires"]).all()


@pytest.mark.parametrize(("text", "field"), [("pay_mult = 9.0", "focal.pay_mult"),
                                             ("equity_mult = -1.0", "focal.equity_mult")])
def test_pay_and_equity_in_a_strategy_are_checked_with_the_focal_ranges(tmp_path, text, field):
    path = tmp_path / "bad.toml"
    path.write_text(f'name = "bad"\n[focal]\n{text}\n')
    with pytest.raises(ScenarioError, match=field):
        load_strategy(path)


def test_a_seat_plan_file_is_labelled_by_its_file_not_the_base_strategy(tmp_path):
    path = tmp_path / "two_seniors_first.toml"
    path.write_text('name = "stage_aligned"\n[focal]\nstrategy = "stage_aligned"\n'
                    '[[focal.seats]]\nrole = "ml_engineer"\nweek = 0\n')
    assert load_strategy(path).name == "two_seniors_first"
    assert load_strategy("stage_aligned").name == "stage_aligned"  # presets keep theirs
    plain = tmp_path / "plain.toml"
    plain.write_text('name = "mine"\n[focal]\nlean_process = true\n')
    assert load_strategy(plain).name == "mine"  # no plan: the name it gives


def test_plan_week_zero_means_the_start_which_is_week_one():
    seats = [{"role": "ml_engineer", "week": 0}, {"role": "mlops", "week": 1},
             {"role": "ml_infra", "week": 5}, {"role": "ai_engineer"}]
    res = run_one(small(seats=seats, other_burn=1.0), 0)
    req = res.requisitions[res.requisitions["firm"] == 0]
    first = req.groupby(req["role"].astype(str))["opened_week"].min().to_dict()
    assert first == {"ml_engineer": 1, "mlops": 1, "ml_infra": 5, "ai_engineer": 1}


def test_unset_levers_take_the_market_majority_practice():
    cfg = SimConfig()
    practice = market_practice(cfg.startups)
    # lean: 15% deliberate + 85% × 40% = 49% of startups: a minority practice, so off.
    assert practice["lean_process"] == (False, pytest.approx(0.49))
    assert resolved_levers(FocalConfig(), cfg.startups) == {k: v[0] for k, v in practice.items()}
    mostly_lean = cfg.with_overrides({"startups.share_lean_process": 0.9})
    assert resolved_levers(FocalConfig(), mostly_lean.startups)["lean_process"] is True
    assert resolved_levers(FocalConfig(lean_process=False),
                           mostly_lean.startups)["lean_process"] is False  # set: kept
    m = Market(mostly_lean.with_overrides({**SMALL, "focal": {}}), 0)
    assert bool(m.firms.lean[0]) is True
    assert bool(m.firms.builder_screen[0]) is practice["builder_screen"][0]


def test_the_lab_reports_which_levers_took_the_market_practice():
    res = compare_strategies(small(), ["stage_aligned", "lean_and_explained"], replications=1)
    assert set(res.unset["stage_aligned"]) == set(LEVERS)
    assert set(res.unset["lean_and_explained"]) == {"managed_infra"}


def test_the_round_is_reported_beside_the_milestone():
    cfg = small(progress=0.95).with_overrides({"market.weeks": 40})
    runs = [run_metrics(cfg, s) for s in range(4)]
    for r in runs:
        assert r["focal.raised_round"] in (0.0, 1.0)
        if r["focal.raised_round"]:
            assert r["focal.weeks_to_milestone"] <= r["focal.weeks_to_round"] <= 40
        else:
            assert r["focal.weeks_to_round"] == 41
    assert any(r["focal.raised_round"] for r in runs)


def test_seats_chain_reposts_and_count_once():
    # Seat A: posted, closed unfilled in week 5, reposted in week 5 and filled.
    # Seat B: same role, opened in week 2 while A's first posting was still open.
    role = np.array([0, 0, 0, 1])
    sen = np.array([2, 2, 2, 2])
    opened = np.array([1, 2, 5, 3])
    closed = np.array([5, 20, 9, -1])
    status = np.array([REQ_CLOSED, REQ_CLOSED, REQ_FILLED, REQ_OPEN])
    seat = seat_ids(role, sen, opened, closed, status)
    assert seat.tolist() == [0, 1, 0, 2]
    filled = len(set(seat[status == REQ_FILLED]))
    assert filled / len(set(seat)) == pytest.approx(1 / 3)  # postings: 1 / 4


def test_the_lab_counts_each_seat_once_with_its_weeks_to_fill():
    res = compare_strategies(small(ml_team_target=4), ["lean_and_explained"], replications=3)
    planned, postings = res.planned, res.seats
    assert planned["postings"].sum() == len(postings)
    assert (planned.loc[planned["filled"], "weeks_to_fill"] >= 0).all()
    assert planned.loc[~planned["filled"], "weeks_to_fill"].isna().all()
    out = res.outcomes.iloc[0]
    assert out["seats"] == len(planned) and out["filled"] + out["not_filled"] == out["seats"]
    share = res.runs["focal.seats_filled_share"].to_numpy()
    per_run = planned.groupby("replication")["filled"].mean().to_numpy()
    assert np.allclose(share, per_run)  # the metric and the seat frame agree
    assert (res.runs["focal.seats_filled_share"] >= res.runs["focal.fill_rate"] - 1e-12).all()


def test_every_pair_is_compared_on_the_same_seeds():
    res = compare_strategies(small(), ["stage_aligned", "lean_and_explained",
                                       "bigtech_clone"], replications=3)
    t = res.pairs[res.pairs["metric"] == "focal.hires"]
    assert len(t) == 3
    pair = t[(t["reference"] == "lean_and_explained") & (t["strategy"] == "bigtech_clone")]
    runs = res.runs.set_index(["strategy", "replication"])["focal.hires"]
    direct = (runs["bigtech_clone"] - runs["lean_and_explained"]).mean()
    assert pair["diff"].iloc[0] == pytest.approx(direct)
    assert pairwise_table(res.runs, ["stage_aligned"], ["focal.hires"]).empty


def test_the_note_says_how_many_seeds_the_tolerance_needs():
    assert seeds_needed(20, 18.1, 2.0) == 1639  # 20 · (18.1 / 2)² = 1638.05 → 1639
    assert seeds_needed(10, 1.0, 2.0) == 3
    res = compare_strategies(small(), ["stage_aligned", "lean_and_explained"], replications=3)
    assert "at 3 seeds; ±2 would need about 3·(" in res.note
    assert res.note.startswith("3 replications per strategy (as requested)")
    assert (count_noun(1, "strategy"), count_noun(2, "strategy"), count_noun(1, "seed"),
            count_noun(3, "seed")) == ("1 strategy", "2 strategies", "1 seed", "3 seeds")


def test_a_strategy_object_without_a_file_still_runs():
    res = compare_strategies(small(), [Strategy("mine", "", {"pay_mult": 1.2})],
                             replications=1)
    assert res.strategies == ["mine"] and len(res.outcomes) == 1

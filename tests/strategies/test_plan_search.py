"""Plan search (issue 14, item 3): it finds what is known by construction, respects the
budget, ranks honestly, and a plan it writes is a strategy the lab accepts."""

from __future__ import annotations

import numpy as np
import pytest
from plan_files import HORIZON, KNOWN, SEARCH, SMALL_FOUNDER, write

from sim.experiments.plan_eval import evaluate_serial
from sim.experiments.plan_search import CURRENT, _p_best, search_plans
from sim.experiments.plan_space import NEVER_WEEK, build_space, current_plan
from sim.experiments.plan_words import describe_plan, strategy_toml
from sim.experiments.scenarios import load_scenario
from sim.experiments.strategy_lab import compare_strategies, load_strategy


def _opens_a_seat_in_time(plan: dict) -> bool:
    return any(s.get("week", NEVER_WEEK) <= HORIZON for s in plan.get("seats", []))


def test_search_finds_the_plan_that_hires_when_only_a_hire_moves_the_product(tmp_path):
    scenario = load_scenario(write(tmp_path, KNOWN))
    space = build_space(scenario.config, scenario.search)
    res = search_plans(scenario.config, space, trials=10, seeds=3, final_seeds=8,
                       finalists=2, base_seed=1)
    trials = res.trials
    assert len(trials) == 10 and trials["feasible"].all()
    # By construction: no seat within the horizon, no hire, no progress, no milestone.
    never = (trials["param.seat0.trigger"] == "omit") | (trials["param.seat0.week"] > HORIZON)
    assert never.any() and (trials.loc[never, "p_milestone"] == 0).all()
    assert res.current_search["p_milestone"] == 0
    # The search found a plan that opens the seat in time, and it ranks first.
    assert trials.loc[~never, "p_milestone"].max() > 0
    assert res.best != CURRENT and _opens_a_seat_in_time(res.plans[res.best])
    table = res.finalists.set_index("label")
    assert table.loc[CURRENT, "objective"] == 0 and table.loc[CURRENT, "p_best"] == 0
    assert table.loc[res.best, "objective"] > 0
    assert table["p_best"].sum() == pytest.approx(1.0)
    assert list(res.finalists["rank"]) == list(range(1, len(res.finalists) + 1))


def test_a_pay_budget_keeps_every_reported_plan_within_it(tmp_path):
    search = SEARCH + "\n[search.budget]\nmax_pay_mult = 1.0\n"
    scenario = load_scenario(write(tmp_path, SMALL_FOUNDER + search))
    space = build_space(scenario.config, scenario.search)
    res = search_plans(scenario.config, space, trials=8, seeds=2, final_seeds=3,
                       finalists=2)
    t = res.trials
    # Pay above the band, or a raise-offer response that may lift it above: out of budget,
    # and such a plan is not even run.
    over = t["max_pay_mult"] > 1.0 + 1e-9
    assert (~t.loc[over, "feasible"]).all() and (~t.loc[over, "ran"]).all()
    assert (t.loc[~over, "feasible"]).all()
    for label, plan in res.plans.items():
        if label != CURRENT:
            assert space.max_pay(plan) <= 1.0 + 1e-9


def test_the_search_is_reproducible_from_its_seed(tmp_path):
    scenario = load_scenario(write(tmp_path, SMALL_FOUNDER + SEARCH))
    space = build_space(scenario.config, scenario.search)
    kwargs = dict(trials=4, seeds=2, final_seeds=3, finalists=1, base_seed=5)
    a = search_plans(scenario.config, space, **kwargs)
    b = search_plans(scenario.config, space, **kwargs)
    assert a.trials.equals(b.trials)
    assert a.finalists.equals(b.finalists) and a.final_runs.equals(b.final_runs)
    c = search_plans(scenario.config, space, **{**kwargs, "base_seed": 6})
    assert not a.trials["plan"].equals(c.trials["plan"])  # another seed, other plans


def test_the_finalists_run_on_fresh_seeds(tmp_path):
    scenario = load_scenario(write(tmp_path, SMALL_FOUNDER + SEARCH))
    space = build_space(scenario.config, scenario.search)
    runs = []

    def recording(cfg, plans, seeds, on_runs=None):
        runs.append(list(seeds))
        return evaluate_serial(cfg, plans, seeds, on_runs)

    res = search_plans(scenario.config, space, trials=3, seeds=2, final_seeds=4,
                       finalists=1, evaluate=recording)
    search_seeds, final = set(runs[0]), runs[-1]
    assert all(set(r) == search_seeds for r in runs[:-1])
    assert len(final) == 4 and not search_seeds & set(final)
    assert set(res.final_runs["seed"]) == set(final)
    assert (res.final_runs.groupby("label").size() == 4).all()


def test_p_best_shares_ties_and_favours_the_plan_that_wins_every_seed():
    scores = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 1.0],
                       [-1.0, -1.0, -1.0, -1.0]])
    p = _p_best(scores, seed=0)
    assert p.sum() == pytest.approx(1.0)
    assert p[1] == pytest.approx(p[2]) and p[1] > 0.45 and p[3] == 0


def test_the_best_plan_as_a_strategy_file_runs_in_the_lab(tmp_path):
    scenario = load_scenario(write(tmp_path, KNOWN))
    space = build_space(scenario.config, scenario.search)
    params = {"seat0.trigger": "week", "seat0.week": 3}
    plan = space.plan(params)
    assert plan["seats"] == [{"role": "ml_engineer", "seniority": "mid", "week": 3}]
    path = tmp_path / "best_plan.toml"
    path.write_text(strategy_toml(plan, "best_plan", describe_plan(plan)))
    strategy = load_strategy(path)
    assert strategy.levers["seats"] == plan["seats"]
    assert strategy.levers["stale_response"] == plan["stale_response"]
    res = compare_strategies(scenario.config, [strategy], replications=1)
    assert res.strategies == ["best_plan"]
    # Leaving every seat out keeps one planned past any horizon: no hire, not the rule.
    none = space.plan({"seat0.trigger": "omit", "seat0.week": 3})
    assert none["seats"][0]["week"] == NEVER_WEEK and describe_plan(none).startswith("open no")


def test_the_default_space_searches_the_files_seats_or_its_hiring_rule(tmp_path):
    rule = load_scenario(write(tmp_path, SMALL_FOUNDER))
    space = build_space(rule.config, None)
    assert not space.seats and "strategy" in space.distributions()
    assert {"pay_mult", "equity_mult", "stale_response"} <= set(space.distributions())
    assert current_plan(rule.config)["lean_process"] in (True, False)  # resolved, not None
    seats = SMALL_FOUNDER + ('\n[[focal.seats]]\nrole = "ml_inference"\nprogress = 0.5\n'
                             '\n[[focal.seats]]\nrole = "mlops"\nweek = 4\n')
    planned = load_scenario(write(tmp_path, seats, "seats.toml"))
    space = build_space(planned.config, None)
    assert "strategy" not in space.distributions()
    assert [s.triggers for s in space.seats] == [("progress",), ("week",)]
    assert space.seats[0].progress == (0.3, 0.9) and space.seats[1].week == (1, 10)


def test_beating_the_current_plan_is_judged_for_all_finalists_together():
    """A difference significant alone at 95% is not, once three finalists share the 5%."""
    from scipy import stats as sps

    from sim.experiments.plan_search import _beats

    rng = np.random.default_rng(0)
    d = rng.normal(0.0, 1.0, 40)
    d = d - d.mean()
    se = d.std(ddof=1) / np.sqrt(len(d))
    # A mean between the single 95% and the three-way Bonferroni critical values.
    single, joint = sps.t.ppf(0.975, 39), sps.t.ppf(1 - 0.025 / 3, 39)
    shifted = d + 0.5 * (single + joint) * se
    assert _beats(shifted, higher=True, comparisons=1)
    assert not _beats(shifted, higher=True, comparisons=3)
    assert _beats(-shifted, higher=False, comparisons=1)
    assert not _beats(-shifted, higher=False, comparisons=3)
    assert not _beats(d, higher=True, comparisons=1)  # no difference at all

"""The Python API as the README shows it."""

from __future__ import annotations

import sim
from sim.experiments.runs import Results, run_metrics
from tests.conftest import small_config


def test_sim_run_is_callable_and_returns_tidy_frames():
    cfg = small_config(**{"market.weeks": 6})
    res = sim.run(cfg, replications=2)
    assert isinstance(res, Results)
    assert len(res.runs) == 2 and len(res.weekly) == 12
    assert {"metric", "mean", "ci95_low", "ci95_high", "n"} <= set(res.summary().columns)
    assert set(res.weekly["replication"]) == {0, 1}
    one = run_metrics(cfg, int(res.runs["seed"][0]))
    assert one["fill_rate"] == res.runs["fill_rate"][0]
    again = sim.run(cfg, seeds=list(res.runs["seed"]))
    assert again.runs.equals(res.runs)


def test_every_design_metric_is_registered():
    design = [
        "demand_supply_ratio", "fill_rate", "fill_rate.startup", "fill_rate.bigtech",
        "weeks_to_fill.median", "weeks_to_fill.startup", "weeks_to_fill.bigtech",
        "offer_acceptance.startup", "offer_acceptance.bigtech", "startup_loss_to_bigtech",
        "weeks_lost_to_misalignment", "offers_declined_unexplained_equity",
        "startup.survival", "startup.advanced_stage", "startup.milestone_progress",
        "startup.early_attrition", "startup.mis_sequenced_hires",
        "startup_join_share.security_low", "startup_join_share.security_high",
        "focal.hires", "focal.weeks_to_first_hire", "focal.weeks_to_milestone",
        "focal.survived", "focal.runway_weeks",
        *[f"fill_rate.role.{r}" for r in ("ml_engineer", "mlops", "ml_infra", "ml_inference",
                                          "ai_engineer")],
        *[f"weeks_to_fill.role.{r}" for r in ("ml_engineer", "mlops", "ml_infra",
                                              "ml_inference", "ai_engineer")],
        *[f"fill_rate.stage.{s}" for s in ("pre_seed", "seed", "series_a", "series_b")],
        *[f"stall_share.{c}" for c in ("screened_out", "role_misalignment",
                                       "lost_to_faster_offer", "offer_declined", "req_closed")],
    ]
    missing = [m for m in design if m not in sim.REGISTRY]
    assert not missing
    for m in sim.REGISTRY.values():
        assert m.description and m.unit


SATURATING = ("focal.survived", "focal.raised_round", "focal.seat_filled_by.", "focal.fill_rate",
              "focal.seats_filled_share")
"""0/1 outcomes and shares of a well-run focal startup: at a bound (0 or 1) in every run."""


def test_a_default_run_produces_every_metric_and_they_vary_across_seeds():
    # A seed focal startup that fixes three hiring practices, so it hires in most runs.
    # Its process stays the default one: with a lean process too its first hire comes in
    # the earliest week a process allows, in every run.
    cfg = sim.SimConfig().with_overrides({"focal": {
        "stage": "seed", "initial_team": 1, "precise_titles": True, "focused_jd": True,
        "lean_process": False, "explained_pay": True}})
    runs = [run_metrics(cfg, seed) for seed in (1, 2, 3, 4, 5)]
    assert set(runs[0]) == set(sim.REGISTRY)
    # The mechanisms on by default act in every run: the closing call (M9), background
    # firms' stale-seat responses (M14), counter-offers and matching (M15).
    for r in runs:
        assert 0 < r["finalist_acceptance.startup"] < 1
        assert 0 < r["finalist_acceptance.bigtech"] < 1
        assert r["counter_offers.made"] > r["counter_offers.accepted"] > 0
        assert r["offer_matches.made"] > 0
        assert min(r[f"seat_responses.{x}"] for x in ("repost", "source", "raise_offer")) > 0
    # Every other metric must vary with the seed, except: a response whose default share
    # is 0 (re-scoping), a role's pay index resting at its floor or ceiling (M15: the
    # index drifts with that role's tightness and is clipped), and the focal startup's
    # 0/1 outcomes and fill shares, which a well-run seed startup may reach in every run.
    pc = cfg.pricing
    constant = {k: runs[0][k] for k in runs[0]
                if len({round(r[k], 12) for r in runs}) == 1}
    assert constant.pop("seat_responses.rescope", 0.0) == 0.0
    for k, value in constant.items():
        if k.startswith("pay_index.role."):
            assert value in (pc.pay_index_min, pc.pay_index_max), (k, value)
        else:
            assert k.startswith(SATURATING) and value in (0.0, 1.0), (k, value)
    assert any(k.startswith("pay_index.role.") for k in runs[0].keys() - constant.keys())

"""Configuration sections for startups and their product progress (M2–M9, M11).

Money is in thousands of US dollars (kUSD) unless a name ends in ``_musd`` (millions).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from sim.params import ByRole, BySeniority, ByStage, ByStrategy, Frozen, param, vector

A = "ASSUMPTION"


class StartupsConfig(Frozen):
    """Background startups: stages, pay, equity, levers and strategy mix (M2–M9, M11)."""

    n: int = param(
        300,
        ge=0,
        le=200_000,
        unit="startups",
        source="DESIGN §3.1",
        doc="Background startups in the market.",
    )
    stage_share: ByStage = vector(
        ByStage(pre_seed=0.30, seed=0.35, series_a=0.20, series_b=0.15),
        unit="share",
        source="ASSUMPTION",
        doc="Share of startups by stage at the start (normalised). ASSUMPTION.",
    )
    share_deliberate: float = param(
        0.15,
        ge=0.0,
        le=1.0,
        unit="share",
        source="article ('most don't'); " + A,
        doc="Share of startups that fix all four mistakes (explain pay, precise titles, "
        "focused JDs, lean process).",
    )
    share_explained: float = param(
        0.25,
        ge=0.0,
        le=1.0,
        unit="share",
        source=A,
        doc="Other startups: share that explain the full package.",
    )
    share_precise_titles: float = param(
        0.30,
        ge=0.0,
        le=1.0,
        unit="share",
        source=A,
        doc="Other startups: share that post precise role titles.",
    )
    share_focused_jd: float = param(
        0.30,
        ge=0.0,
        le=1.0,
        unit="share",
        source=A,
        doc="Other startups: share with focused job descriptions.",
    )
    share_lean_process: float = param(
        0.40,
        ge=0.0,
        le=1.0,
        unit="share",
        source=A,
        doc="Other startups: share with a lean interview process.",
    )
    share_builder_screen: float = param(
        0.30,
        ge=0.0,
        le=1.0,
        unit="share",
        source=A,
        doc="Share of startups that screen for builders (M7).",
    )
    share_managed_infra: float = param(
        0.50,
        ge=0.0,
        le=1.0,
        unit="share",
        source="article; " + A,
        doc="Share that buy managed ML infrastructure (M11).",
    )
    strategy_mix: ByStrategy = vector(
        ByStrategy(stage_aligned=0.4, ahead_of_stage=0.3, generalists_only=0.3),
        unit="share",
        source="ASSUMPTION",
        doc="Share of startups by hiring strategy (normalised; M6). ASSUMPTION.",
    )
    base_pay: ByStage = vector(
        ByStage(pre_seed=175, seed=190, series_a=200, series_b=215),
        unit="kUSD/yr",
        source="cal §8 #17 (Pave, Carta)",
        doc="Senior ML base salary by stage, kUSD/yr (cal §8 #17: Pave, Carta).",
    )
    pay_by_seniority: BySeniority = vector(
        BySeniority(junior=0.65, mid=0.82, senior=1.0, staff=1.2),
        unit="×",
        source="ASSUMPTION",
        doc="Base-pay multiplier by seniority. ASSUMPTION.",
    )
    equity_pct: ByStage = vector(
        ByStage(pre_seed=1.0, seed=0.6, series_a=0.3, series_b=0.12),
        unit="% fully diluted",
        source="cal §8 #20 (Recruiting From Scratch, HyperNest, Pave, Carta)",
        doc="Senior grant, % of fully diluted shares (cal §8 #20).",
    )
    equity_by_seniority: BySeniority = vector(
        BySeniority(junior=0.3, mid=0.6, senior=1.0, staff=1.5),
        unit="×",
        source="cal §8 #21 (mid 0.6); others ASSUMPTION",
        doc="Grant multiplier by seniority (cal §8 #21: mid 0.6; others ASSUMPTION).",
    )
    ai_equity_mult: float = param(
        1.5,
        ge=0.0,
        le=5.0,
        unit="×",
        source="cal §8 #22 (Carta +59%)",
        doc="Grant multiplier for ML roles over ordinary engineers.",
    )
    post_money_musd: ByStage = vector(
        ByStage(pre_seed=8, seed=20, series_a=60, series_b=200),
        unit="USD millions",
        source="cal §2d (seed $20M, AI Series A >$50M); pre-seed and B ASSUMPTION",
        doc="Post-money valuation, USD millions (cal §2d: seed $20M, AI A >$50M; "
        "pre-seed and B ASSUMPTION).",
    )
    round_size_musd: ByStage = vector(
        ByStage(pre_seed=1.5, seed=3.5, series_a=9.3, series_b=21.0),
        unit="USD millions",
        source="cal §2d (Carta Q1 2024); pre-seed ASSUMPTION",
        doc="Cash raised by the round that starts each stage, USD millions "
        "(cal §2d Carta Q1 2024; pre-seed ASSUMPTION).",
    )
    next_round_musd: float = param(
        23.0,
        ge=0.0,
        le=10_000.0,
        unit="USD millions",
        source="cal §2d (Series C median $23M)",
        doc="Cash raised when a Series B startup reaches its milestone.",
    )
    other_burn: ByStage = vector(
        ByStage(pre_seed=12, seed=25, series_a=70, series_b=160),
        unit="kUSD/week",
        source="ASSUMPTION",
        doc="Weekly burn other than ML payroll, kUSD/week. ASSUMPTION "
        "(gives ~18–24 months of runway per round).",
    )
    ml_team_target: ByStage = vector(
        ByStage(pre_seed=1, seed=3, series_a=6, series_b=12),
        unit="ML hires",
        source="article (one generalist early); ASSUMPTION",
        doc="ML headcount a startup hires toward at each stage. ASSUMPTION "
        "(article: one generalist at pre-seed/seed).",
    )
    max_open_reqs: ByStage = vector(
        ByStage(pre_seed=1, seed=1, series_a=2, series_b=3),
        unit="requisitions",
        source="ASSUMPTION",
        doc="Requisitions a startup keeps open at once. ASSUMPTION.",
    )
    min_runway_weeks: float = param(
        13.0,
        ge=0.0,
        le=520.0,
        unit="weeks",
        source=A,
        doc="A startup stops opening requisitions below this runway.",
    )
    p_raise_weekly: float = param(
        0.06,
        ge=0.0,
        le=1.0,
        unit="per week",
        source="cal §7.1 (Carta graduation rates); " + A,
        doc="Weekly chance of closing the next round once the milestone is reached.",
    )
    attrition_annual: float = param(
        0.22,
        ge=0.0,
        le=1.0,
        unit="per year",
        source="cal §8 #50",
        doc="Baseline annual attrition of startup ML staff.",
    )
    operator_attrition_mult: float = param(
        2.0,
        ge=1.0,
        le=10.0,
        unit="×",
        source="article (M7); " + A,
        doc="Attrition multiplier for an operator (builder trait < 0.4) at pre-seed/seed.",
    )
    misfit_attrition_mult: float = param(
        2.0,
        ge=1.0,
        le=10.0,
        unit="×",
        source="article (M6); " + A,
        doc="Attrition multiplier for a hire whose role the current stage barely needs.",
    )
    lean_stages: int = param(
        3,
        ge=1,
        le=12,
        unit="stages",
        source="cal §3b (Rule of Four); " + A,
        doc="Interview stages in a lean startup process.",
    )
    lean_weeks_per_stage: float = param(
        1.0,
        gt=0.0,
        le=8.0,
        unit="weeks",
        source="cal §8 #36 (4 days between steps)",
        doc="Weeks per stage in a lean process.",
    )
    clone_stages: int = param(
        5,
        ge=1,
        le=12,
        unit="stages",
        source="cal §3b (4–5 rounds)",
        doc="Interview stages in a big-tech-style startup process.",
    )
    clone_weeks_per_stage: float = param(
        1.4,
        gt=0.0,
        le=8.0,
        unit="weeks",
        source="cal §8 #36 (10 days between steps)",
        doc="Weeks per stage in a big-tech-style process.",
    )
    offer_deadline_weeks: int = param(
        1,
        ge=1,
        le=8,
        unit="weeks",
        source="cal §8 #41 (5 days)",
        doc="Weeks a startup offer stays open.",
    )
    managed_infra_cost: float = param(
        2.0,
        ge=0.0,
        le=1000.0,
        unit="kUSD/week",
        source=A,
        doc="Weekly price of managed ML infrastructure (M11).",
    )
    managed_infra_capacity: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="FTE of MLOps and infra",
        source=A,
        doc="Infra and MLOps capacity that managed infrastructure supplies before Series B.",
    )
    ownership: ByStage = vector(
        ByStage(pre_seed=0.9, seed=0.85, series_a=0.7, series_b=0.55),
        unit="0–1",
        source="article; ASSUMPTION",
        doc="Ownership of systems a hire gets, 0–1 (article; ASSUMPTION).",
    )
    impact: ByStage = vector(
        ByStage(pre_seed=0.9, seed=0.85, series_a=0.75, series_b=0.6),
        unit="0–1",
        source="article; ASSUMPTION",
        doc="Visibility of impact, 0–1 (article; ASSUMPTION).",
    )
    speed_lean: float = param(
        0.9,
        ge=0.0,
        le=1.0,
        unit="0–1",
        source=A,
        doc="Decision speed of a startup with a lean process.",
    )
    speed_clone: float = param(
        0.4,
        ge=0.0,
        le=1.0,
        unit="0–1",
        source=A,
        doc="Decision speed of a startup that copies big tech.",
    )
    fail_risk_annual: ByStage = vector(
        ByStage(pre_seed=0.25, seed=0.18, series_a=0.14, series_b=0.10),
        unit="per year",
        source="cal §7.1 (λ_stop ≈ 18%/yr at seed); others ASSUMPTION",
        doc="Annual failure risk a candidate prices in, by stage "
        "(cal §7.1: λ_stop ≈ 18%/yr at seed; others ASSUMPTION).",
    )


class ProgressConfig(Frozen):
    """Product progress toward the next milestone (§3.5; M6, M7, M11)."""

    need_pre_seed: ByRole = vector(
        ByRole(ml_engineer=0.55, mlops=0.1, ml_infra=0.05, ml_inference=0.0, ai_engineer=0.3),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Pre-seed need profile over roles (article: end-to-end generalist).",
    )
    need_seed: ByRole = vector(
        ByRole(ml_engineer=0.5, mlops=0.1, ml_infra=0.05, ml_inference=0.05, ai_engineer=0.3),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Seed need profile over roles.",
    )
    need_series_a: ByRole = vector(
        ByRole(ml_engineer=0.5, mlops=0.15, ml_infra=0.05, ml_inference=0.1, ai_engineer=0.2),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Series A need profile (article: applied ML engineers).",
    )
    need_series_b: ByRole = vector(
        ByRole(ml_engineer=0.15, mlops=0.25, ml_infra=0.2, ml_inference=0.3, ai_engineer=0.1),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Series B need profile (article: inference, MLOps, platform).",
    )
    weeks_to_milestone: ByStage = vector(
        ByStage(pre_seed=40, seed=52, series_a=60, series_b=70),
        unit="weeks",
        source="cal §2e (~2 years between rounds); ASSUMPTION",
        doc="Weeks to the next milestone with a fully fitted team "
        "(cal §2e: ~2 years between rounds incl. fundraising; ASSUMPTION).",
    )
    returns_exponent: float = param(
        0.6,
        gt=0.0,
        le=1.0,
        unit="exponent",
        source=A,
        doc="Diminishing returns of capacity within a role.",
    )
    founder_fit: float = param(
        0.15,
        ge=0.0,
        le=1.0,
        unit="share of full pace",
        source=A,
        doc="Progress the founders make with no ML team.",
    )
    operator_penalty: float = param(
        0.5,
        ge=0.0,
        le=1.0,
        unit="productivity lost",
        source="article (M7); " + A,
        doc="Productivity a pure operator loses in a pre-seed or seed team.",
    )
    generalist_reach: float = param(
        0.6,
        ge=0.0,
        le=1.0,
        unit="fit",
        source=A,
        doc="A broad ML generalist's fit to other roles' needs.",
    )
    specialist_reach: float = param(
        0.15,
        ge=0.0,
        le=1.0,
        unit="fit",
        source=A,
        doc="A specialist's contribution to another role's needs.",
    )
    generalist_scaling_penalty: float = param(
        0.75,
        ge=0.0,
        le=1.0,
        unit="share of reach lost",
        source="article (M6); " + A,
        doc="Share of a generalist's reach lost on Series B scaling work.",
    )

    @cached_property
    def need(self) -> np.ndarray:
        """Stage × role need profile with rows normalised to 1 (computed once)."""
        m = np.array(
            [
                self.need_pre_seed.arr,
                self.need_seed.arr,
                self.need_series_a.arr,
                self.need_series_b.arr,
            ]
        )
        m = m / np.maximum(m.sum(axis=1, keepdims=True), 1e-12)
        m.flags.writeable = False
        return m

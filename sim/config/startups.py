"""Configuration section for startups: stages, money, hiring levers (M2–M9, M11).

Product progress has its own section, :mod:`sim.config.progress`.

Money is in thousands of US dollars (kUSD) unless a name ends in ``_musd`` (millions).
"""

from __future__ import annotations

from sim.config.params import ASSUMPTION as A
from sim.config.params import BySeniority, ByStage, ByStrategy, Frozen, param, vector


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
        # cal §8 #50's 22% (15–30%) is observed over all startup hires, misfits and
        # operators included; the model multiplies their hazard on top of this base
        # (×2 each), so the base for well-placed staff is set where the realised rate
        # lands near that figure: 0.17 gives 0.234 (0.218–0.25) in
        # scripts/calibration_check.py -r 4 (0.22 gave 0.318, above the range).
        0.17,
        ge=0.0,
        le=1.0,
        unit="per year",
        source="calibrated to cal §8 #50 (realised 22%, range 15–30%)",
        doc="Annual attrition of well-placed startup ML staff (operators and misfits "
            "leave at a multiple of it).",
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

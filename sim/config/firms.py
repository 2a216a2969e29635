"""Configuration sections for big tech and AI labs, shocks, and the focal startup.

Money is in thousands of US dollars (kUSD) unless a name ends in ``_musd`` (millions).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.config.params import ASSUMPTION as A
from sim.config.params import ByRole, BySeniority, Frozen, param, table_list, vector
from sim.config.stale_seats import StaleResponse

Stage = Literal["pre_seed", "seed", "series_a", "series_b"]
Strategy = Literal["stage_aligned", "ahead_of_stage", "generalists_only"]
Role = Literal["ml_engineer", "mlops", "ml_infra", "ml_inference", "ai_engineer"]
Seniority = Literal["junior", "mid", "senior", "staff"]


class BigTechConfig(Frozen):
    """Big tech and AI labs: pay, process and preferences (M2, M9, M12)."""

    n_bigtech: int = param(
        8, ge=0, le=1000, unit="firms", source="DESIGN §3.1", doc="Big-tech firms."
    )
    n_labs: int = param(4, ge=0, le=1000, unit="firms", source="DESIGN §3.1", doc="AI labs.")
    total_comp: BySeniority = vector(
        BySeniority(junior=220, mid=320, senior=450, staff=650),
        unit="kUSD/yr",
        source="cal §8 #6–8 (Levels.fyi)",
        doc="Big-tech total compensation, kUSD/yr (cal §8 #6–8, Levels.fyi).",
    )
    base_share: float = param(
        0.52,
        ge=0.0,
        le=1.0,
        unit="share",
        source="cal §8 #9",
        doc="Base salary's share of big-tech total compensation.",
    )
    bonus_share: float = param(
        0.08,
        ge=0.0,
        le=1.0,
        unit="share",
        source="cal §8 #9",
        doc="Bonus share of total compensation (rest is stock).",
    )
    lab_pay_mult: float = param(
        1.6,
        ge=0.0,
        le=10.0,
        unit="×",
        source="cal §8 #12 ($800K vs $450K senior); " + A,
        doc="AI-lab pay relative to big tech.",
    )
    lab_stock_factor: float = param(
        0.7,
        ge=0.0,
        le=1.5,
        unit="× face",
        source="cal §8 #14 (tender odds 0.5); " + A,
        doc="Subjective value of a lab's private stock.",
    )
    pay_gap_mult: float = param(
        1.0,
        ge=0.1,
        le=5.0,
        unit="×",
        source=A,
        doc="Scales all big-tech and lab pay (pay-gap scenarios).",
    )
    move_premium: float = param(
        0.10,
        ge=0.0,
        le=2.0,
        unit="× current pay",
        source="article (pay gap, M2); " + A,
        doc="Big tech and labs pay at least this much over a hire's current cash pay.",
    )
    stages: int = param(
        5,
        ge=1,
        le=12,
        unit="stages",
        source="cal §3b",
        doc="Interview stages at big tech and labs.",
    )
    weeks_per_stage: float = param(
        1.2,
        gt=0.0,
        le=8.0,
        unit="weeks",
        source="cal §8 #34 (42 days over 5 stages)",
        doc="Weeks per big-tech stage.",
    )
    lab_weeks_per_stage: float = param(
        1.0, gt=0.0, le=8.0, unit="weeks", source="cal §8 #34 (28 days)", doc="Weeks per lab stage."
    )
    offer_deadline_weeks: int = param(
        2,
        ge=1,
        le=8,
        unit="weeks",
        source="cal §8 #41 (14 days)",
        doc="Weeks a big-tech or lab offer stays open.",
    )
    experience_bar: BySeniority = vector(
        BySeniority(junior=1.0, mid=0.3, senior=0.0, staff=0.0),
        unit="score",
        source="article (M12); ASSUMPTION",
        doc="Extra pass bar by seniority: big tech prefers experienced hires (M12). ASSUMPTION.",
    )
    role_demand: ByRole = vector(
        ByRole(ml_engineer=0.25, mlops=0.15, ml_infra=0.2, ml_inference=0.15, ai_engineer=0.25),
        unit="share",
        source="ASSUMPTION",
        doc="Big-tech requisitions by role (normalised). ASSUMPTION.",
    )
    seniority_demand: BySeniority = vector(
        BySeniority(junior=0.1, mid=0.3, senior=0.4, staff=0.2),
        unit="share",
        source="article (M12: experienced hires); ASSUMPTION",
        doc="Big-tech requisitions by seniority (M12: experienced hires). ASSUMPTION.",
    )
    ownership: float = param(0.2, ge=0.0, le=1.0, unit="0–1", source=A, doc="Big-tech ownership.")
    impact: float = param(0.3, ge=0.0, le=1.0, unit="0–1", source=A, doc="Big-tech impact.")
    speed: float = param(0.3, ge=0.0, le=1.0, unit="0–1", source=A, doc="Big-tech speed.")
    lab_impact: float = param(0.6, ge=0.0, le=1.0, unit="0–1", source=A, doc="AI-lab impact.")
    attrition_annual: float = param(
        0.15,
        ge=0.0,
        le=1.0,
        unit="per year",
        source="cal §8 #50",
        doc="Annual attrition at big tech.",
    )
    lab_attrition_annual: float = param(
        0.13,
        ge=0.0,
        le=1.0,
        unit="per year",
        source="cal §8 #50 (SignalFire)",
        doc="Annual attrition at AI labs.",
    )
    brand_weight: float = param(
        2.0,
        ge=0.0,
        le=100.0,
        unit="× a startup",
        source=A,
        doc="How much likelier a candidate is to apply to a big-tech req.",
    )


class ShockConfig(Frozen):
    """A dated shock to the market (phase 1 of the week)."""

    kind: Literal["layoff_wave", "funding_freeze", "pay_gap_change"]
    week: int = param(
        10, ge=0, le=1040, unit="week", source="scenario", doc="Week the shock starts."
    )
    size: float = param(
        0.3,
        ge=-0.9,
        le=10.0,
        unit="share",
        source="scenario",
        doc="Layoffs: share of the general pool laid off; freeze: drop in "
        "raise odds; pay gap: change in big-tech pay.",
    )
    ml_share: float = param(
        0.02,
        ge=0.0,
        le=1.0,
        unit="share",
        source="cal §8 #3",
        doc="Layoff waves: share of big-tech ML staff laid off too.",
    )
    duration: int = param(
        26,
        ge=1,
        le=1040,
        unit="weeks",
        source="scenario",
        doc="Funding freezes: how long raise odds stay low.",
    )


class SeatPlan(Frozen):
    """One seat in a founder's custom hiring plan, opened when its trigger is met.

    Give at most one trigger: ``week`` (open in that week), ``stage`` (open once the
    startup reaches that stage) or ``progress`` (open once product progress toward the
    current milestone reaches that share). With none, the seat opens at once.

    Weeks are numbered 1..``market.weeks``, as the engine steps them (``Market.week`` is
    1 in the first week). ``week = 0`` means "at the start" and, like ``week = 1``,
    opens the seat in week 1; ``week = w`` opens it in week ``w``.
    """

    role: Role = Field(description="Role of the seat.")
    seniority: Seniority = Field("senior", description="Seniority of the seat.")
    week: int | None = Field(
        None, ge=0, le=1040,
        description="Open in this week (weeks run 1..market.weeks; 0 means at the start, "
        "i.e. week 1).",
    )
    stage: Stage | None = Field(None, description="Open on reaching this stage.")
    progress: float | None = Field(
        None, ge=0.0, le=1.0, description="Open at this share of milestone progress."
    )

    @model_validator(mode="after")
    def _one_trigger(self) -> SeatPlan:
        given = [k for k in ("week", "stage", "progress") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(
                f"give at most one trigger (week, stage or progress), got {' and '.join(given)}"
            )
        return self


class FocalConfig(Frozen):
    """The founder's own startup (reported as ``focal.*``).

    Hiring levers left unset (None) take the market's typical practice: on when at
    least half of the background startups use the lever (see
    :func:`sim.config.practice.market_practice`). Weeks are numbered 1..``market.weeks``.
    """

    name: str = Field("my_startup", description="Label of the focal startup.")
    stage: Stage = Field("seed", description="Stage: pre_seed, seed, series_a or series_b.")
    cash_musd: float = param(
        3.0, ge=0.0, le=10_000.0, unit="USD millions", source="founder", doc="Cash in the bank."
    )
    other_burn: float = param(
        25.0,
        ge=0.0,
        le=100_000.0,
        unit="kUSD/week",
        source="founder",
        doc="Weekly burn other than ML payroll.",
    )
    pay_mult: float = param(
        1.0,
        ge=0.1,
        le=5.0,
        unit="× stage band",
        source="founder",
        doc="Pay band relative to the stage's market band.",
    )
    equity_mult: float = param(
        1.0,
        ge=0.0,
        le=20.0,
        unit="× stage grant",
        source="founder",
        doc="Option grants relative to the stage's market grants.",
    )
    post_money_musd: float = param(
        20.0,
        ge=0.1,
        le=100_000.0,
        unit="USD millions",
        source="founder",
        doc="Post-money valuation.",
    )
    progress: float = param(
        0.0,
        ge=0.0,
        le=0.999,
        unit="share of milestone",
        source="founder",
        doc="Product progress toward the next milestone.",
    )
    ml_team_target: int = param(
        3,
        ge=0,
        le=200,
        unit="ML hires",
        source="founder",
        doc="ML headcount to hire toward at this stage.",
    )
    initial_team: int = param(
        0,
        ge=0,
        le=200,
        unit="ML staff",
        source="founder",
        doc="ML staff already on the team at the start, hired by the strategy's rule.",
    )
    strategy: Strategy = Field("stage_aligned", description="Hiring strategy (M6).")
    # Levers: None (the default) means the market's typical practice for that lever, the
    # majority practice of the background startups (sim.config.practice); a founder who
    # says nothing should not get a big-tech clone.
    precise_titles: bool | None = Field(
        None, description="Post precise role titles (M4); unset: the market's practice."
    )
    focused_jd: bool | None = Field(
        None, description="Keep job descriptions focused (M8); unset: the market's practice."
    )
    lean_process: bool | None = Field(
        None, description="Run a lean interview process (M9); unset: the market's practice."
    )
    explained_pay: bool | None = Field(
        None, description="Explain the full package (M3); unset: the market's practice."
    )
    builder_screen: bool | None = Field(
        None, description="Screen for builders (M7); unset: the market's practice."
    )
    managed_infra: bool | None = Field(
        None, description="Buy managed ML infrastructure (M11); unset: the market's practice."
    )
    seats: tuple[SeatPlan, ...] = table_list(
        doc="A custom hiring plan; when given it replaces the strategy's rule."
    )
    stale_response: tuple[StaleResponse, ...] = Field(
        ("repost", "source", "raise_offer"),
        description="What the startup does at each review of a seat that will not fill "
        "(stale_seats): one response, or an ordered list whose k-th entry answers the "
        "k-th review (the last repeats); 'none' lets seats stand (M14). Default: repost, "
        "then source harder, then raise the offer (ASSUMPTION: cheapest first).",
        min_length=1,
    )

    @field_validator("stale_response", mode="before")
    @classmethod
    def _one_or_list(cls, value: object) -> object:
        if isinstance(value, str):
            return (value,)
        return tuple(value) if isinstance(value, list) else value  # TOML gives a list

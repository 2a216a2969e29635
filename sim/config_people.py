"""Configuration sections for the market and its people: candidates, hiring, valuation.

Money is in thousands of US dollars (kUSD) so that figures read like offer letters;
time is in weeks unless a name says otherwise. Sources refer to ``calibration.md``
(section and row number, e.g. "cal §8 #17"); ``ASSUMPTION`` marks values to sweep.
"""

from __future__ import annotations

from sim.params import (
    ByRole,
    BySeniority,
    ByStage,
    Frozen,
    param,
    vector,
)

A = "ASSUMPTION"


class MarketConfig(Frozen):
    """Market-wide settings: horizon, size and the demand/supply balance (M1)."""

    weeks: int = param(
        104,
        ge=1,
        le=1040,
        unit="weeks",
        source="DESIGN §3.1",
        doc="Simulated horizon; one step is one week.",
    )
    demand_supply_ratio: float = param(
        3.0,
        ge=0.05,
        le=50.0,
        unit="reqs per active candidate",
        source="cal §8 #1 (DeepRec 3:1, L; Bain ≈2:1, M)",
        doc="Target open ML requisitions ÷ ML-qualified candidates actively looking.",
    )
    bigtech_req_response: float = param(
        0.5,
        ge=0.0,
        le=1.0,
        unit="share of gap per week",
        source=A,
        doc="Share of the gap to the target ratio that big tech opens or closes each week.",
    )
    req_max_open_weeks: int = param(
        39,
        ge=1,
        le=520,
        unit="weeks",
        source=A,
        doc="A requisition still unfilled after this many weeks is closed.",
    )


class CandidatesConfig(Frozen):
    """The supply side: ML candidates, the general-engineer pool and their traits."""

    n_ml: int = param(
        3000,
        ge=0,
        le=2_000_000,
        unit="candidates",
        source="DESIGN §3.1",
        doc="ML-qualified candidates (all five roles).",
    )
    general_per_ml: float = param(
        0.5,
        ge=0.0,
        le=20.0,
        unit="general engineers per ML candidate",
        source=A,
        doc="Size of the general software-engineer pool relative to the ML pool.",
    )
    role_share: ByRole = vector(
        ByRole(ml_engineer=0.30, mlops=0.13, ml_infra=0.15, ml_inference=0.105, ai_engineer=0.315),
        unit="share",
        source="DERIVED: big-tech role demand ÷ cal §8 #2 scarcity multipliers; ASSUMPTION",
        doc="Share of ML supply by role (normalised). DERIVED: big-tech role demand "
        "÷ cal §8 #2 scarcity multipliers (0.9/1.3/1.5/1.6/0.9), which are "
        "ASSUMPTION in size (M5).",
    )
    adjacent_share: float = param(
        0.3,
        ge=0.0,
        le=1.0,
        unit="share",
        source="article (HPC, autonomous systems); size " + A,
        doc="Share of inference candidates who come from adjacent fields with partial fit.",
    )
    adjacent_fit: float = param(
        0.7,
        ge=0.0,
        le=1.0,
        unit="fit multiplier",
        source=A,
        doc="Role fit of an adjacent-field inference candidate.",
    )
    seniority_share: BySeniority = vector(
        BySeniority(junior=0.20, mid=0.35, senior=0.33, staff=0.12),
        unit="share",
        source="ASSUMPTION",
        doc="Share of candidates by seniority (normalised). ASSUMPTION.",
    )
    employed_bigtech_share: float = param(
        0.35,
        ge=0.0,
        le=1.0,
        unit="share",
        source=A,
        doc="Share of ML candidates employed at big tech or labs at the start.",
    )
    active_share: float = param(
        0.10,
        ge=0.0,
        le=1.0,
        unit="share",
        source="cal §8 #4 (2.5% unemployment) + job-to-job; " + A,
        doc="Share of ML candidates actively looking at the start.",
    )
    open_hazard: float = param(
        0.0035,
        ge=0.0,
        le=1.0,
        unit="per week",
        source="cal §8 #50 (13–25%/yr attrition)",
        doc="Weekly chance that a content employed candidate starts looking.",
    )
    frustration_hazard: float = param(
        0.004,
        ge=0.0,
        le=1.0,
        unit="per week per unit frustration",
        source=A,
        doc="Extra weekly chance of looking per unit of progression frustration (M10).",
    )
    frustration_per_year: float = param(
        0.25,
        ge=0.0,
        le=5.0,
        unit="per year of big-tech tenure",
        source="article; size " + A,
        doc="Growth of progression frustration with big-tech tenure (M10).",
    )
    operator_drift_per_year: float = param(
        0.06,
        ge=0.0,
        le=1.0,
        unit="builder trait per year",
        source="article; size " + A,
        doc="How much each year of big-tech tenure moves a candidate toward 'operator' (M7).",
    )
    search_weeks: float = param(
        12.0,
        ge=1.0,
        le=520.0,
        unit="weeks",
        source=A,
        doc="Mean weeks an employed candidate keeps looking before giving up.",
    )
    gamma_median: float = param(
        2.0,
        ge=0.0,
        le=20.0,
        unit="CRRA γ",
        source="cal §8 #44 (Chetty ≈1; Hall–Woodward 2)",
        doc="Median relative risk aversion (lognormal).",
    )
    gamma_sigma: float = param(
        0.5,
        ge=0.0,
        le=3.0,
        unit="log-sd",
        source=A,
        doc="Spread of risk aversion across candidates.",
    )
    security_median: float = param(
        1.0,
        ge=0.0,
        le=50.0,
        unit="years of pay",
        source=A,
        doc="Median financial security (savings in years of pay; lognormal).",
    )
    security_sigma: float = param(
        0.9, ge=0.0, le=3.0, unit="log-sd", source=A, doc="Spread of financial security."
    )
    max_processes: float = param(
        3.0,
        ge=1.0,
        le=20.0,
        unit="processes",
        source="cal §8 #42 (" + A + ")",
        doc="Mean number of hiring processes a candidate runs at once.",
    )
    senior_extra_processes: float = param(
        1.0,
        ge=0.0,
        le=10.0,
        unit="processes",
        source="article (M12); size " + A,
        doc="Extra concurrent processes for senior and staff candidates.",
    )
    patience_weeks: float = param(
        2.0,
        ge=0.0,
        le=52.0,
        unit="weeks",
        source="cal §3b (Hired: 16 vs 23 days)",
        doc="Weeks a candidate holding an offer waits for pending processes.",
    )
    entry_rate: float = param(
        0.04,
        ge=0.0,
        le=1.0,
        unit="share of ML pool per year",
        source=A,
        doc="New ML entrants (graduates, switchers) per year.",
    )


class HiringConfig(Frozen):
    """How applications, screening and processes work (M4, M8, M9)."""

    signal_noise: float = param(
        1.0,
        ge=0.0,
        le=10.0,
        unit="sd of fit",
        source="cal §7.4 (corr ≈ 0.5 per stage)",
        doc="Noise of one interview stage's read of true fit.",
    )
    pass_bar: float = param(
        -0.5,
        ge=-5.0,
        le=5.0,
        unit="score",
        source=A,
        doc="Score a candidate must exceed to pass a stage.",
    )
    jd_noise_per_requirement: float = param(
        0.04,
        ge=0.0,
        le=1.0,
        unit="sd per listed requirement",
        source="article (M8); " + A,
        doc="Extra screening noise for each requirement listed in a JD.",
    )
    jd_relevant_decay: float = param(
        0.08,
        ge=0.0,
        le=1.0,
        unit="per requirement above focused",
        source="article (M8); " + A,
        doc="Drop in a relevant candidate's chance of applying per extra listed requirement.",
    )
    jd_focused_requirements: int = param(
        5, ge=1, le=50, unit="requirements", source=A, doc="Requirements listed by a focused JD."
    )
    jd_overloaded_requirements: int = param(
        15,
        ge=1,
        le=50,
        unit="requirements",
        source=A,
        doc="Requirements listed by an overloaded JD.",
    )
    offrole_apply_blanket: float = param(
        0.5,
        ge=0.0,
        le=1.0,
        unit="probability",
        source="article (M4); " + A,
        doc="Chance an ML candidate of another role applies to a blanket 'ML Engineer' title.",
    )
    offrole_apply_precise: float = param(
        0.05,
        ge=0.0,
        le=1.0,
        unit="probability",
        source=A,
        doc="Chance an ML candidate of another role applies to a precise title.",
    )
    general_apply_blanket: float = param(
        0.3,
        ge=0.0,
        le=1.0,
        unit="probability",
        source="article (M12); " + A,
        doc="Chance a general software engineer applies to a blanket title.",
    )
    sourcing_rate_startup: float = param(
        0.05,
        ge=0.0,
        le=5.0,
        unit="approaches per open seat per week",
        source=A,
        doc="Passive candidates a startup's open seat approaches each week (DESIGN §3.3 "
        "phase 4: applied or sourced).",
    )
    sourcing_rate_bigtech: float = param(
        0.05,
        ge=0.0,
        le=5.0,
        unit="approaches per open seat per week",
        source=A,
        doc="Passive candidates a big-tech or lab seat approaches each week (recruiting teams).",
    )
    sourced_response: float = param(
        0.3,
        ge=0.0,
        le=1.0,
        unit="probability",
        source=A,
        doc="Chance an approached passive candidate engages and starts a process.",
    )
    pay_floor_share: float = param(
        0.6,
        ge=0.0,
        le=2.0,
        unit="× current cash pay",
        source="article (pay gap, M2); " + A,
        doc="Candidates seldom apply to a seat whose posted base is below this share of "
        "their current pay.",
    )
    mismatch_catch_precise: float = param(
        0.85,
        ge=0.0,
        le=1.0,
        unit="probability",
        source=A,
        doc="Chance a role mismatch is caught at the first screen under a precise title.",
    )
    mismatch_catch_late: float = param(
        0.6,
        ge=0.0,
        le=1.0,
        unit="probability per stage",
        source="article (M4); " + A,
        doc="Chance a hidden mismatch surfaces at each later, technical stage.",
    )
    offrole_fit: float = param(
        0.35,
        ge=0.0,
        le=1.0,
        unit="fit",
        source=A,
        doc="Fit of a candidate to a role other than their own.",
    )
    general_fit: float = param(
        0.15,
        ge=0.0,
        le=1.0,
        unit="fit",
        source=A,
        doc="Fit of a general software engineer to any ML role.",
    )
    builder_screen_bar: float = param(
        0.4,
        ge=0.0,
        le=1.0,
        unit="builder trait",
        source=A,
        doc="Startups that screen for builders reject candidates below this trait.",
    )
    builder_screen_accuracy: float = param(
        0.8,
        ge=0.0,
        le=1.0,
        unit="probability",
        source=A,
        doc="Chance a builder screen catches an operator.",
    )


class ValuationConfig(Frozen):
    """How a candidate values an offer (§3.4; M2, M3, M10)."""

    rsu_factor: float = param(
        0.9,
        ge=0.0,
        le=1.5,
        unit="× face",
        source="cal §8 #47 (" + A + ")",
        doc="Subjective value of liquid public stock.",
    )
    option_factor_explained: float = param(
        0.70,
        ge=0.0,
        le=2.0,
        unit="× fair value",
        source="cal §8 #46 + #48 (0.55 + 0.15)",
        doc="Subjective factor on startup equity when the package is explained.",
    )
    option_factor_base_only: float = param(
        0.20,
        ge=0.0,
        le=2.0,
        unit="× fair value",
        source="cal §5b (Farrell: 30% anchor on 0); " + A,
        doc="Subjective factor on equity when only base salary is shown (ambiguity).",
    )
    p_common_zero: float = param(
        0.75,
        ge=0.0,
        le=0.999,
        unit="probability",
        source="cal §8 #30 (Hall & Woodward)",
        doc="Chance common stock pays nothing at exit.",
    )
    common_haircut: float = param(
        0.64,
        ge=0.0,
        le=1.0,
        unit="× paper",
        source="cal §8 #31 (Gornall & Strebulaev)",
        doc="Fair value of common relative to the post-money price.",
    )
    retained_after_dilution: ByStage = vector(
        ByStage(pre_seed=0.46, seed=0.58, series_a=0.73, series_b=0.87),
        unit="share of grant kept",
        source="cal §2c DERIVED (Carta dilution per round)",
        doc="Share of a grant's percentage kept through later rounds "
        "(cal §2c DERIVED; pre-seed adds one more 20% round).",
    )
    years_to_liquidity: float = param(
        10.0,
        ge=0.0,
        le=30.0,
        unit="years",
        source="cal §8 #32 (Ritter; Ward)",
        doc="Years until equity can pay out.",
    )
    discount_rate: float = param(
        0.0,
        ge=0.0,
        le=0.5,
        unit="per year",
        source="cal §7.2 worked example (no discounting); " + A,
        doc="Annual discount rate applied to the equity payout.",
    )
    vesting_years: float = param(
        4.0,
        gt=0.0,
        le=10.0,
        unit="years",
        source="cal §8 #23",
        doc="Vesting period of an option grant.",
    )
    failure_unemployment_weeks: float = param(
        12.0,
        ge=0.0,
        le=104.0,
        unit="weeks",
        source="cal §1b (Sorenson et al.); " + A,
        doc="Pay lost when a startup fails under the hire.",
    )
    nonpay_scale: float = param(
        60.0,
        ge=0.0,
        le=1000.0,
        unit="kUSD/yr per unit weight",
        source=A,
        doc="Cash equivalent of ownership, impact and decision speed (M10).",
    )
    frustration_scale: float = param(
        30.0,
        ge=0.0,
        le=1000.0,
        unit="kUSD/yr per unit frustration",
        source=A,
        doc="Cost of staying put for a candidate frustrated with progression.",
    )
    switching_cost: float = param(
        0.08,
        ge=0.0,
        le=1.0,
        unit="× current pay",
        source=A,
        doc="Cost of moving jobs, as a share of current pay.",
    )
    unemployed_reservation: float = param(
        0.45,
        ge=0.0,
        le=2.0,
        unit="× market pay",
        source=A,
        doc="Value of staying unemployed relative to market pay.",
    )
    decision_noise: float = param(
        20.0,
        ge=0.0,
        le=1000.0,
        unit="kUSD/yr (logistic scale)",
        source="set so offer acceptance falls in cal §8 #39 (0.55–0.90); " + A,
        doc="Idiosyncratic taste in each offer decision.",
    )
    delay_penalty: float = param(
        8.0,
        ge=0.0,
        le=200.0,
        unit="kUSD/yr per week past 3",
        source="cal §7.3 (Hired 83%→63%)",
        doc="Cooling of a candidate's interest per week the process runs past three weeks.",
    )

"""Configuration sections for the market and its people: horizon, demand/supply, candidates.

Money is in thousands of US dollars (kUSD) so that figures read like offer letters;
time is in weeks unless a name says otherwise. Sources refer to ``calibration.md``
(section and row number, e.g. "cal §8 #17"); ``ASSUMPTION`` marks values to sweep.
"""

from __future__ import annotations

from pydantic import Field

from sim.config.params import ASSUMPTION as A
from sim.config.params import (
    ByRole,
    BySeniority,
    Frozen,
    param,
    vector,
)


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
        1.0,
        ge=0.0,
        le=1.0,
        unit="share of gap per week",
        source="the whole gap: no seat is closed to hold the ratio, so opening at once "
        "cannot overshoot; " + A,
        doc="Share of the gap below the target ratio that big tech opens each week.",
    )
    bigtech_backfill_share: float = param(
        1.0,
        ge=0.0,
        le=1.0,
        unit="share of departures",
        source="replacement demand: big tech backfills the ML staff who leave; " + A,
        doc="Share of big tech's and labs' ML departures (attrition, hired away) that "
        "they replace with a new seat the next week, at any ratio.",
    )
    supply_response: float = param(
        0.5,
        ge=0.0,
        le=1.0,
        unit="share of gap per week",
        source=A,
        doc="When open seats exceed the target ratio × active seekers, this share of the "
        "missing seekers starts looking each week, drawn from ML people employed outside "
        "the simulated firms (a looser market has more people looking).",
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
        ByRole(ml_engineer=0.474, mlops=0.116, ml_infra=0.108, ml_inference=0.098,
               ai_engineer=0.203),
        unit="share",
        source="DERIVED: baseline requisitions by role ÷ cal §8 #2 scarcity; ASSUMPTION",
        doc="Share of ML supply by role (normalised). DERIVED: the share of requisitions "
        "each role gets in baseline runs (0.392/0.131/0.141/0.178/0.159; 4 runs) ÷ the scarcity "
        "multipliers of cal §8 #2 (0.95/1.3/1.5/2.1/0.9; inference at 1.6 × 1.3, inside the "
        "±50% sweep range, so it is scarcest as the article says), ASSUMPTION in size (M5).",
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
        6.0,
        ge=1.0,
        le=520.0,
        unit="weeks",
        source="one to two months of search (DESIGN §8 flows); set with the search "
        "defaults for the market's pace: " + A,
        doc="Mean weeks an employed candidate keeps looking before giving up.",
    )
    posting_half_life_weeks: float = param(
        2.0,
        gt=0.0,
        le=520.0,
        unit="weeks",
        source="cal §3a (AI job ads stay online 42.5 days); shape and size " + A,
        doc=("Seekers look at newer postings first: within an employer kind, a seat's "
             "chance of being seen halves with each this many weeks since it opened."),
    )
    stale_posting_weight: float = param(
        0.05,
        gt=0.0,
        le=1.0,
        unit="× a new posting's chance",
        source=A,
        doc=("The least chance an old posting keeps of being seen, relative to a new one "
             "(search tools, alerts and referrals still surface it)."),
    )
    # How hard seekers search (DESIGN §8 "Flows"; docs/validity-appendix.md, "Where the
    # matching funnel loses time"): real seekers send many cheap applications, mostly to
    # seats of their own role, and a screen culls them before the scarce interview loops.
    offrole_look_share: float = param(
        0.3,
        ge=0.0,
        le=1.0,
        unit="share of looks",
        source="job searches are by title and skill (M4); browsing and referrals: " + A,
        doc=("Share of a seeker's looks at any open seat; the rest go to what a search for "
             "their own role finds: seats titled for it and blanket-titled seats (M4). "
             "1 = every look is at any open seat."),
    )
    screen_holds_slot: bool = Field(
        False,
        description=("An application waiting on its first screen holds one of the "
                     "candidate's process slots (false: only processes past the screen do, "
                     "so a seeker can have more applications out than interview loops)."),
    )
    applications_per_week: int = param(
        15,
        ge=0,
        le=50,
        unit="applications per week",
        source="article (senior candidates run several processes at once); the budget, "
        "of which about half are sent after the apply chances: " + A,
        doc=("Most new applications a seeker with a free interview loop sends in a week "
             "(three looks per application); 0 = as many as they have free loops (three "
             "looks per free loop, at most 8)."),
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
        5.0,
        ge=1.0,
        le=20.0,
        unit="interview loops",
        source="cal §8 #42 (" + A + "); the upper end, with applications that wait on a "
        "screen outside it (screen_holds_slot false)",
        doc="Mean number of interview loops (processes past their screen) a candidate runs "
        "at once.",
    )
    senior_extra_processes: float = param(
        1.0,
        ge=0.0,
        le=10.0,
        unit="interview loops",
        source="article (M12); size " + A,
        doc="Extra interview loops senior and staff candidates run at once.",
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

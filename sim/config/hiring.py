"""Configuration section for hiring processes: screening, titles, JDs, sourcing (M4, M8, M9).

How candidates value offers has its own section, :mod:`sim.config.valuation`.

Money is in thousands of US dollars (kUSD); time is in weeks. Sources refer to
``calibration.md``; ``ASSUMPTION`` marks values to sweep.
"""

from __future__ import annotations

from pydantic import Field

from sim.config.params import ASSUMPTION as A
from sim.config.params import (
    Frozen,
    param,
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
        0.1,
        ge=-5.0,
        le=5.0,
        unit="mean interview read",
        source="between a matching candidate's quality (1) and an off-role one's (-0.3); "
        "set with the search defaults for the market's pace: " + A,
        doc="Mean of the interview reads so far that a candidate must exceed to pass a stage.",
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
    blanket_relevant_apply: float = param(
        0.4,
        ge=0.0,
        le=1.0,
        unit="× apply chance",
        source="article (unclear role definitions weaken a pipeline, M4); " + A,
        doc="A matching candidate's apply chance under a blanket title, relative to a "
        "precise one (the title does not tell them the seat is theirs).",
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
        0.13,
        ge=0.0,
        le=5.0,
        unit="approaches per open seat per week",
        source="set with the search defaults for the market's pace; " + A,
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
    preference_search: float = param(
        1.0,
        ge=0.0,
        le=10.0,
        unit="log-odds per log-unit of lean",
        source="article (the financially secure are most open to startups, M10); " + A,
        doc="How strongly candidates who value ownership and impact, or who are financially "
        "secure, look at startup seats rather than big-tech ones.",
    )
    pay_floor_share: float = param(
        0.8,
        ge=0.0,
        le=2.0,
        unit="× current cash pay",
        source="article (pay gap, M2); set so startup offer acceptance falls in cal §8 #39; "
        + A,
        doc="Candidates seldom apply to a seat whose posted base is below this share of "
        "their current pay.",
    )
    one_process_per_firm: bool = Field(
        True,
        description="A firm interviews a candidate in one process at a time, however many "
        "of its seats they apply to (false: one process per seat).",
    )
    closing_check: float = param(
        0.9,
        ge=0.0,
        le=1.0,
        unit="probability",
        source="recruiters close before they offer (cal §8 #39: big-tech acceptance 84% "
        "although candidates run several processes); " + A,
        doc="Chance a big-tech or lab closing call finds that its offer would lose (to "
        "staying put, to an offer the candidate holds, or to one they get the same week) "
        "before it is made: the candidate declines at the call and the seat calls its "
        "next finalist. 0 = every offer is made.",
    )
    closing_check_startup: float = param(
        0.8,
        ge=0.0,
        le=1.0,
        unit="probability",
        source="set for cal §8 #39: small companies' written offers are declined more "
        "often (Lever 69%, engineers 59%) than large employers' (Saratoga 84%), as "
        "founders close their own hires without a recruiting team; " + A,
        doc="The closing call's chance at a startup (as ``closing_check``).",
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

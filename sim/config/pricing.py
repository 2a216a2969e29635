"""Configuration section for offers that compete on price (M15).

Three mechanisms: counter-offers from the current employer, a runner-up firm matching
the best offer, and a per-role market pay index. Each is switched off by setting its
rates to zero (then it draws no random number). The counter-offer figures come from
recruiter surveys of LOW confidence (cal §3e, "Counter-offers" row).

Money is in thousands of US dollars (kUSD); time is in weeks. ``ASSUMPTION`` marks
values to sweep.
"""

from __future__ import annotations

from sim.config.params import ASSUMPTION as A
from sim.config.params import Frozen, param


class PricingConfig(Frozen):
    """Counter-offers, matching and the market pay index (M15); zero rates switch them off."""

    counter_offer_rate_startup: float = param(
        0.35, ge=0.0, le=1.0, unit="probability per resignation",
        source="sourced figure ≈0.5 across employers, cal §3e (L); lower at startups: "
               "ASSUMPTION",
        doc="Chance a startup counters when an employee resigns for another offer "
            "(0 = off).",
    )
    counter_offer_rate_bigtech: float = param(
        0.6, ge=0.0, le=1.0, unit="probability per resignation",
        source="sourced figure ≈0.5 across employers, cal §3e (L); higher at big tech: "
               "ASSUMPTION",
        doc="Chance big tech or a lab counters when an employee resigns for another offer "
            "(0 = off).",
    )
    counter_raise_low: float = param(
        0.10, ge=0.0, le=2.0, unit="share of current pay",
        source="cal §3e (L): counters typically 10–30% more pay",
        doc="Smallest raise a counter-offer gives (uniform between this and the cap).",
    )
    counter_raise_high_startup: float = param(
        0.20, ge=0.0, le=2.0, unit="share of current pay",
        source="cal §3e (L) gives 10–30%; startups' lower cap: ASSUMPTION",
        doc="Largest raise a startup's counter-offer gives.",
    )
    counter_raise_high_bigtech: float = param(
        0.30, ge=0.0, le=2.0, unit="share of current pay",
        source="cal §3e (L): counters typically 10–30% more pay",
        doc="Largest raise a big-tech or lab counter-offer gives.",
    )
    match_cap_share_startup: float = param(
        0.05, ge=0.0, le=1.0, unit="share of offered base",
        source="startups' thin budgets: " + A,
        doc="Most a startup adds in cash to match a better offer its candidate holds.",
    )
    match_cap_share_bigtech: float = param(
        0.15, ge=0.0, le=1.0, unit="share of offered base",
        source="big tech outbids when it wants to (article, M2); size " + A,
        doc="Most big tech or a lab adds in cash to match a better offer its candidate holds.",
    )
    startup_match_equity_mult: float = param(
        1.5, ge=1.0, le=5.0, unit="× the offer's equity value",
        source="1 = no equity top-up; " + A,
        doc="A matching startup may also scale its equity grant up to this multiple "
            "(valued linearly at the offer's certainty equivalent).",
    )
    pay_index_drift: float = param(
        0.005, ge=0.0, le=0.1, unit="share per week",
        source="a shortage pushes offers up (issue M15); size " + A,
        doc="Most a role's market pay index moves in one week, toward unmet demand "
            "(0 = off: posted pay stays at the bands).",
    )
    pay_index_neutral_ratio: float = param(
        3.0, ge=0.05, le=50.0, unit="open seats per active seeker",
        source="the default market.demand_supply_ratio, at which the pay bands are "
               "calibrated; " + A,
        doc="Open seats per active seeker of a role at which its pay index holds still.",
    )
    pay_index_min: float = param(
        0.9, ge=0.1, le=1.0, unit="× posted pay", source=A,
        doc="Floor of the market pay index.",
    )
    pay_index_max: float = param(
        1.3, ge=1.0, le=5.0, unit="× posted pay", source=A,
        doc="Ceiling of the market pay index.",
    )

    @property
    def counters_on(self) -> bool:
        """True when any employer can counter (else no counter draws are made)."""
        return self.counter_offer_rate_startup > 0 or self.counter_offer_rate_bigtech > 0

    @property
    def matching_on(self) -> bool:
        """True when any firm can match a better offer."""
        return (self.match_cap_share_startup > 0 or self.match_cap_share_bigtech > 0
                or self.startup_match_equity_mult > 1)

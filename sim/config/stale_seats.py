"""Configuration of how firms respond to a seat that will not fill (M14; ``[stale_seats]``).

A requisition is a need, not an advert: when a seat has gone ``stale_after_weeks``
without a hire, its firm reviews it every ``review_every_weeks`` and may repost it,
source for it, relax its bar, raise its pay, re-scope it or cancel it
(``sim/model/rules/stale_seats.py``). Background firms pick a response at random by
the shares of their kind; the focal startup follows ``focal.stale_response``. With
every share zero no background firm responds and no random number is drawn.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.config.params import ASSUMPTION as A
from sim.config.params import Frozen, _Vector, param, vector

RESPONSES: tuple[str, ...] = ("repost", "source", "relax", "raise_offer", "rescope", "cancel")
"""The responses to a stale seat, in the order of their cause codes (sim.config.codes)."""

StaleResponse = Literal["none", "repost", "source", "relax", "raise_offer", "rescope", "cancel"]
"""A response a firm may take at a review of a stale seat ("none": let it stand).

``raise_offer``, not ``raise``: a keyword in Python, and the name of the salary-raise event."""


class ByResponse(_Vector):
    """One share per response to a stale seat; the rest of the reviews take none."""

    repost: float = Field(ge=0, le=1)
    source: float = Field(ge=0, le=1)
    relax: float = Field(ge=0, le=1)
    raise_offer: float = Field(ge=0, le=1)
    rescope: float = Field(ge=0, le=1)
    cancel: float = Field(ge=0, le=1)


# Background firms' mix of responses at a review (ASSUMPTION, to sweep): mostly repost
# and source harder (cheap); startups raise pay or cancel more often than big tech, whose
# budgets and headcount plans are firmer, and big tech seldom lowers its bar (M12).
def _startup_mix() -> ByResponse:
    return ByResponse(repost=0.3, source=0.2, relax=0.1, raise_offer=0.2, rescope=0.0,
                      cancel=0.05)


def _bigtech_mix() -> ByResponse:
    return ByResponse(repost=0.3, source=0.3, relax=0.05, raise_offer=0.1, rescope=0.0,
                      cancel=0.0)


class StaleSeatsConfig(Frozen):
    """When a seat counts as stale, how often its firm reviews it, and each response's step."""

    stale_after_weeks: int = param(
        6,
        ge=1,
        le=520,
        unit="weeks",
        source="cal §3a (an AI job ad stays online 42.5 days ≈ 6 weeks); " + A,
        doc="Weeks open without a hire after which a seat counts as stale.",
    )
    review_every_weeks: int = param(
        4, ge=1, le=52, unit="weeks", source=A,
        doc="A stale seat is reviewed when it turns stale and every this many weeks after.",
    )
    startup_response: ByResponse = vector(
        _startup_mix(), unit="share of reviews", source=A,
        doc="Background startups: share of stale-seat reviews taking each response "
            "(the rest take none; all zero: off).",
    )
    bigtech_response: ByResponse = vector(
        _bigtech_mix(), unit="share of reviews", source=A,
        doc="Big tech and labs: share of stale-seat reviews taking each response "
            "(the rest take none; all zero: off).",
    )
    source_step: float = param(
        1.0, ge=0.0, le=10.0, unit="× base sourcing rate", source=A,
        doc="Source: added to the seat's sourcing-intensity multiplier (starts at 1).",
    )
    source_max_mult: float = param(
        4.0, ge=1.0, le=50.0, unit="× base sourcing rate", source=A,
        doc="Source: the highest sourcing-intensity multiplier a seat reaches.",
    )
    relax_step: float = param(
        0.15, ge=0.0, le=2.0, unit="mean interview read", source=A,
        doc="Relax: one notch off the seat's pass bar (hiring.pass_bar is 0.3).",
    )
    relax_max_notches: int = param(
        2, ge=0, le=20, unit="notches", source=A,
        doc="Relax: the most notches a seat's bar drops.",
    )
    raise_step: float = param(
        0.05, ge=0.0, le=1.0, unit="share of posted base", source=A,
        doc="Raise offer: the posted base and the offer rise by this share per step.",
    )
    raise_max_steps: int = param(
        3, ge=0, le=20, unit="steps", source=A,
        doc="Raise offer: the most steps per seat (the band's budget; startups also need runway).",
    )
    rescope_to: Literal["generalist", "adjacent"] = Field(
        "generalist",
        description="Re-scope: a precise seat becomes a blanket 'ML Engineer' title "
        "(generalist), or moves to the adjacent role (adjacent).",
    )

"""The ``[search]`` table of a founder's file: what ``hiresim plan`` may vary, and the budget.

A founder's file describes the company and its current plan (``[focal]``); ``[search]``
says which other plans to try. Every key has a default, so a file without ``[search]``
searches the default space below; a key narrows its dimension: a range ``[lo, hi]``
with ``lo == hi``, or an empty list, keeps the file's own value for that dimension.

- ``pay_mult``, ``equity_mult``: ranges of the offer, × the stage's market band and grant.
- ``levers``: the on/off hiring levers the search may switch (the others keep the file's
  value, or the market's practice when the file leaves them unset).
- ``stale_response``: the responses to a stale seat to try (one per plan).
- ``strategy``: the hiring rules to try when the plan has no seats of its own.
- ``[[search.seats]]``: seats whose opening the search chooses: a week range, a
  progress range and/or a list of stages (with more than one, the search also chooses
  which trigger), and ``optional = true`` to let it leave the seat out. Without any,
  the file's ``[[focal.seats]]`` are searched over default ranges.
- ``objective`` and ``[search.budget]``: what a plan is judged by, and the limits it must
  respect.

Checks that need the market (a budget no plan can meet, a grant above 100% of the
company, an empty space) are made where the space is built,
:func:`sim.experiments.plan_space.build_space`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from sim.config.firms import Role, Seniority, Stage, Strategy
from sim.config.params import ASSUMPTION as A
from sim.config.params import Frozen, param, table_list, vector
from sim.config.practice import LEVERS
from sim.config.stale_seats import StaleResponse

Lever = Literal["precise_titles", "focused_jd", "lean_process", "explained_pay",
                "builder_screen", "managed_infra"]
Objective = Literal["milestone", "weeks_to_milestone", "cash_per_progress"]

OBJECTIVES: dict[str, str] = {
    "milestone": "P(reach the milestone before cash runs out)",
    "weeks_to_milestone": "weeks to the milestone",
    "cash_per_progress": "cash spent per milestone of progress",
}
"""The objectives a search can take, in words."""

PAY_LIMITS = (0.1, 5.0)
"""Pay multipliers a plan may take (× the stage's band): ``focal.pay_mult``'s range."""
EQUITY_LIMITS = (0.0, 20.0)
"""Equity multipliers a plan may take (× the stage's grant): ``focal.equity_mult``'s range."""
MAX_WEEK = 1040
"""The latest week a seat may be planned for (``focal.seats.week``'s limit)."""


def _listed(value: object) -> object:
    """TOML gives arrays as lists; the (frozen) config keeps tuples."""
    return tuple(value) if isinstance(value, list) else value


def _range(value: tuple[float, float], lo: float, hi: float, what: str) -> tuple[float, float]:
    if len(value) != 2:
        raise ValueError(f"give [lowest, highest] ({what})")
    a, b = value
    if not (lo <= a <= hi and lo <= b <= hi):
        raise ValueError(f"must lie within {lo:g} to {hi:g} ({what})")
    if a > b:
        raise ValueError(f"the lowest ({a:g}) is above the highest ({b:g})")
    return value


def _no_repeats(value: tuple[Any, ...]) -> tuple[Any, ...]:
    repeated = sorted({v for v in value if value.count(v) > 1})
    if repeated:
        raise ValueError(f"{repeated[0]} is listed twice")
    return value


class SeatSearch(Frozen):
    """One seat whose opening the search chooses (a ``[[search.seats]]`` table).

    Weeks are numbered 1..``market.weeks`` as in ``[[focal.seats]]``; a week past the
    horizon means the seat never opens within the run.
    """

    role: Role = Field(description="Role of the seat.")
    seniority: Seniority = Field("senior", description="Seniority of the seat.")
    week: tuple[int, int] | None = Field(
        None, description="Search the opening week within [lowest, highest] (weeks 0–1040).")
    progress: tuple[float, float] | None = Field(
        None, description="Search the milestone progress that opens it within [lowest, "
        "highest] (0–1).")
    stage: tuple[Stage, ...] | None = Field(
        None, description="Search the stage on reaching which it opens, among these.")
    optional: bool = Field(False, description="The search may leave this seat out.")

    @field_validator("week", "progress", "stage", mode="before")
    @classmethod
    def _lists(cls, value: object) -> object:
        return _listed(value)

    @field_validator("week")
    @classmethod
    def _week_range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if value is None else _range(value, 0, MAX_WEEK, "weeks")

    @field_validator("progress")
    @classmethod
    def _progress_range(cls, value: tuple[float, float] | None
                        ) -> tuple[float, float] | None:
        return None if value is None else _range(value, 0.0, 1.0, "share of the milestone")

    @field_validator("stage")
    @classmethod
    def _stages(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and not value:
            raise ValueError("give at least one stage, or leave stage out")
        return None if value is None else _no_repeats(value)

    def triggers(self) -> tuple[str, ...]:
        """The triggers given (``week``, ``progress``, ``stage``), in that order."""
        return tuple(k for k in ("week", "progress", "stage") if getattr(self, k) is not None)


class SearchBudget(Frozen):
    """Limits every plan the search reports must respect (``[search.budget]``)."""

    min_cash_musd: float | None = param(
        None, ge=0.0, le=10_000.0, unit="USD millions", source="founder",
        doc="Cash left in the week the milestone is reached, averaged over the runs that "
            "reach it, must be at least this (unset: no limit).")
    max_pay_mult: float | None = param(
        None, ge=PAY_LIMITS[0], le=PAY_LIMITS[1], unit="× stage band", source="founder",
        doc="The highest base a plan may offer, × the stage's band, counting the raises a "
            "'raise_offer' response to a stale seat adds (unset: no limit).")


class PlanSearchConfig(Frozen):
    """What ``hiresim plan`` searches over, what it optimises, and the budget (``[search]``)."""

    objective: Objective = Field(
        "milestone", description="What a plan is judged by: milestone (P(reach the next "
        "milestone before cash runs out), the default), weeks_to_milestone or "
        "cash_per_progress.")
    pay_mult: tuple[float, float] = vector(
        (0.9, 1.3), unit="× stage band", source=A + " (from 10% below to 30% above the band)",
        doc="Pay range to search, in steps of 0.05.")
    equity_mult: tuple[float, float] = vector(
        (0.5, 2.0), unit="× stage grant", source=A + " (half to twice the market's grant)",
        doc="Equity range to search, in steps of 0.1.")
    levers: tuple[Lever, ...] = vector(
        LEVERS, unit="levers", source="founder",
        doc="Levers the search may switch on or off; the rest keep the file's value.")
    stale_response: tuple[StaleResponse, ...] = vector(
        ("none", "repost", "source", "relax", "raise_offer", "rescope", "cancel"),
        unit="responses", source="founder",
        doc="Responses to a stale seat to try, one per plan (empty: keep the file's).")
    strategy: tuple[Strategy, ...] = vector(
        ("stage_aligned", "ahead_of_stage", "generalists_only"), unit="strategies",
        source="founder", doc="Hiring rules to try when the plan has no seats of its own.")
    seats: tuple[SeatSearch, ...] = table_list(
        doc="Seats whose opening the search chooses; without any, the file's "
            "[[focal.seats]] are searched over default ranges.")
    budget: SearchBudget = Field(default_factory=SearchBudget,
                                 description="Limits every plan must respect.")

    @field_validator("pay_mult", "equity_mult", "levers", "stale_response", "strategy",
                     mode="before")
    @classmethod
    def _lists(cls, value: object) -> object:
        return _listed(value)

    @field_validator("pay_mult")
    @classmethod
    def _pay(cls, value: tuple[float, float]) -> tuple[float, float]:
        return _range(value, *PAY_LIMITS, "× the stage's band; a base of 0 or less is "
                      "impossible")

    @field_validator("equity_mult")
    @classmethod
    def _equity(cls, value: tuple[float, float]) -> tuple[float, float]:
        return _range(value, *EQUITY_LIMITS, "× the stage's grant")

    @field_validator("levers", "stale_response", "strategy")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _no_repeats(value)

    @model_validator(mode="after")
    def _pay_budget(self) -> PlanSearchConfig:
        cap = self.budget.max_pay_mult
        if cap is not None and cap < self.pay_mult[0]:
            raise ValueError(
                f"budget.max_pay_mult: {cap:g} is below the lowest pay searched "
                f"(pay_mult from {self.pay_mult[0]:g}), so no plan can meet it")
        return self


__all__ = ["EQUITY_LIMITS", "MAX_WEEK", "OBJECTIVES", "PAY_LIMITS", "Lever", "Objective",
           "PlanSearchConfig", "SearchBudget", "SeatSearch"]

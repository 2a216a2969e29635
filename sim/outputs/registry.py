"""The metric registry (DESIGN §4): every summary metric's name, meaning, unit and bounds.

Metric names are a public contract: tests, sweeps and users key on them. Every name
a run produces is registered here with a description and a unit; ``hiresim metrics``
prints this registry. The unit also fixes what a metric's 95% interval may say: its
bounds (a share lies in [0, 1], a count is never negative) and the interval method
(:mod:`sim.experiments.stats`), derived by :func:`unit_bounds` and :func:`default_method`
so that a new entry gets them without edits; an entry may override them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from sim.config.codes import STALL_CAUSES
from sim.config.params import ROLES, STAGES
from sim.config.stale_seats import RESPONSES


class _Derive(enum.Enum):
    TOKEN = "derive"


DERIVE: Final = _Derive.TOKEN
"""Default of :class:`Metric` fields that are derived from the unit or the name."""

SHARE_UNITS = ("share", "0/1")
"""Units bounded to [0, 1]."""

NONNEGATIVE_UNITS = ("ratio", "hires", "applications", "weeks", "kUSD", "milestones",
                     "counter-offers", "matches", "per", "responses", "×")
"""First words of units that are counts, times, money or ratios: bounded to [0, ∞)."""

METHODS = ("t", "wilson", "bootstrap", "rmst-bootstrap")
"""Interval methods :func:`sim.experiments.stats.interval` knows."""

MISSING_REASONS: tuple[tuple[str, str], ...] = (
    ("fill_rate", "no seat of this kind was opened in the run"),
    ("seat_filled_by", "no seat of this kind was open long enough before the end"),
    ("focal.seat_filled_by", "no focal seat was open long enough before the end"),
    ("weeks_to_fill_rmst", "no seat of this kind was opened in the run"),
    ("weeks_to_fill", "no seat of this kind was filled in the run"),
    ("weeks_on_market", "no hire of this kind began their search during the run"),
    ("posting_weeks", "no seat of this kind was opened early enough to have ended"),
    ("offer_acceptance", "no offer of this kind was made in the run"),
    ("startup_loss_to_bigtech", "no startup offer was declined in the run"),
    ("offers_declined_unexplained_equity", "no startup offer was declined in the run"),
    ("startup_join_share", "nobody in this group accepted an offer in the run"),
    ("applicant_relevance", "no startup seat received an applicant"),
    ("vacancy_yield", "no seat of this kind was open after the first quarter"),
    ("stall_share", "no process ended without a hire"),
    ("startup.early_attrition", "no startup hire was observed for 26 weeks"),
    ("startup.mis_sequenced_hires", "no startup made a hire"),
    ("focal.fill_rate", "the focal startup opened no seat"),
    ("focal.cash_per_progress", "the focal startup made no progress"),
    ("focal.", "the scenario has no focal startup"),
)
"""(name prefix, why a run has no value): the first matching prefix explains a metric."""


def unit_bounds(unit: str) -> tuple[float | None, float | None]:
    """The bounds a unit implies: [0, 1] for shares, [0, ∞) for counts, else unbounded."""
    if unit in SHARE_UNITS:
        return (0.0, 1.0)
    if unit.split(" ")[0].split("/")[0] in NONNEGATIVE_UNITS:
        return (0.0, None)
    return (None, None)


def default_method(unit: str, low: float | None, high: float | None, censored: bool) -> str:
    """The interval a metric needs: Wilson for 0/1 outcomes, a bootstrap if bounded.

    A t-interval can cross a bound (a share's interval below 0), so it is left for
    unbounded metrics; censored times get a restricted mean (:mod:`sim.experiments.stats`).
    """
    if censored:
        return "rmst-bootstrap"
    if unit == "0/1":
        return "wilson"
    return "t" if low is None and high is None else "bootstrap"


def _reason(name: str) -> str:
    return next((why for prefix, why in MISSING_REASONS if name.startswith(prefix)), "")


@dataclass(frozen=True)
class Metric:
    """One summary metric: its name, meaning, unit, bounds and interval method.

    Attributes:
        name: Dotted public name.
        description: One line for ``hiresim metrics`` and the docs.
        unit: Unit of a run's value.
        low: Least possible value (None: unbounded); derived from the unit by default.
        high: Greatest possible value (None: unbounded); derived from the unit by default.
        method: Interval method, one of :data:`METHODS`; derived by default.
        censored: True for a time to an event that may not happen within the run,
            recorded as horizon + 1 ("never within the horizon").
        missing_reason: Why a run can have no value (NaN); derived from the name's
            family (:data:`MISSING_REASONS`) by default.

    """

    name: str
    description: str
    unit: str
    low: float | None | _Derive = DERIVE
    high: float | None | _Derive = DERIVE
    method: str | _Derive = DERIVE
    censored: bool = False
    missing_reason: str | _Derive = DERIVE

    def __post_init__(self) -> None:
        # Frozen: derived defaults are filled in once, here, so every reader sees values.
        low, high = unit_bounds(self.unit)
        if self.low is DERIVE:
            object.__setattr__(self, "low", low)
        if self.high is DERIVE:
            object.__setattr__(self, "high", high)
        if self.method is DERIVE:
            object.__setattr__(self, "method", default_method(
                self.unit, self.low, self.high, self.censored))  # type: ignore[arg-type]
        if self.method not in METHODS:
            raise ValueError(f"{self.name}: unknown interval method {self.method!r}")
        if self.missing_reason is DERIVE:
            object.__setattr__(self, "missing_reason", _reason(self.name))


def _build_registry() -> dict[str, Metric]:
    items: list[Metric] = [
        Metric("demand_supply_ratio", "Realised mean of open ML requisitions ÷ active "
               "ML-qualified candidates, over the weeks", "ratio"),
        Metric("demand_supply_ratio.experienced", "Realised mean of open ML requisitions "
               "for mid-level and above ÷ active ML candidates at those levels, over the "
               "weeks (juniors are many of the seekers and few of the seats)", "ratio"),
        Metric("fill_rate", "Share of requisitions opened during the run filled by its end",
               "share"),
        Metric("fill_rate.startup", "Fill rate of startup requisitions", "share"),
        Metric("fill_rate.bigtech", "Fill rate of big-tech and AI-lab requisitions", "share"),
        Metric("weeks_to_fill.median", "Median weeks from opening to accepted offer, over "
               "filled requisitions (all firms; interpolated within the median week)",
               "weeks"),
        Metric("weeks_to_fill.startup", "Median weeks to fill, startups", "weeks"),
        Metric("weeks_to_fill.bigtech", "Median weeks to fill, big tech and labs", "weeks"),
        Metric("offer_acceptance.startup", "Accepted ÷ offers made, startups", "share"),
        Metric("offer_acceptance.bigtech", "Accepted ÷ offers made, big tech and labs", "share"),
        Metric("startup_loss_to_bigtech", "Share of declined startup offers whose candidate "
               "took a big-tech or lab offer instead", "share"),
        Metric("weeks_lost_to_misalignment", "Process-weeks spent before a role mismatch "
               "surfaced, per startup", "weeks per startup"),
        Metric("offers_declined_unexplained_equity", "Share of declined startup offers the "
               "candidate would have accepted had the package been explained", "share"),
        Metric("startup.survival", "Share of startups still operating at the end", "share"),
        Metric("startup.advanced_stage", "Share of startups that raised at least one round",
               "share"),
        Metric("startup.milestone_progress", "Milestones reached plus progress toward the "
               "next, mean per startup", "milestones"),
        Metric("startup.early_attrition", "Share of startup hires (with 26 weeks observed) "
               "who left within 26 weeks", "share"),
        Metric("startup.mis_sequenced_hires", "Share of startup hires into a role their "
               "stage barely needs (need share < 0.1)", "share"),
        Metric("startup.hires_per_startup", "Hires per startup over the run", "hires"),
        Metric("startup_join_share.security_low", "Among accepted offers by candidates below "
               "median financial security, the share that went to startups", "share"),
        Metric("startup_join_share.security_high", "Among accepted offers by candidates "
               "above median financial security, the share that went to startups", "share"),
        Metric("startup_join_share.ownership_low", "Among accepted offers by candidates below "
               "median ownership weight, the share that went to startups", "share"),
        Metric("startup_join_share.ownership_high", "Among accepted offers by candidates "
               "above median ownership weight, the share that went to startups", "share"),
        Metric("applicant_relevance.startup", "Share of applicants to startup requisitions "
               "whose role matches the seat", "share"),
        Metric("applications_per_week", "Mean applications per week", "applications/week"),
        Metric("offer_acceptance.fast", "Acceptance of offers made within 3 weeks of first "
               "contact", "share"),
        Metric("offer_acceptance.slow", "Acceptance of offers made after more than 3 weeks",
               "share"),
        # Big-tech and lab processes take more than 3 weeks by default, so only the
        # startup split is informative (the Hired 83% vs 63% comparison, cal §3b).
        Metric("offer_acceptance.startup.fast", "Acceptance of startup offers made within 3 "
               "weeks of first contact", "share"),
        Metric("offer_acceptance.startup.slow", "Acceptance of startup offers made more than "
               "3 weeks after first contact", "share"),
    ]
    items += [Metric(f"fill_rate.role.{r}", f"Fill rate of {r} requisitions", "share")
              for r in ROLES]
    items += [Metric(f"fill_rate.stage.{s}", f"Fill rate of requisitions opened at {s}",
                     "share") for s in STAGES]
    items += [Metric(f"weeks_to_fill.role.{r}", f"Median weeks to fill {r} requisitions",
                     "weeks") for r in ROLES]
    items += [Metric(f"weeks_to_fill_rmst.{k}", f"Restricted mean weeks to fill{d}, counting "
                     "unfilled seats: the area under the Kaplan–Meier curve of seats still "
                     "unfilled, up to market.req_max_open_weeks (a seat closed unfilled or "
                     "still open at the end is censored when last seen open)", "weeks")
              for k, d in (("all", " (all firms)"), ("startup", ", startups"),
                           ("bigtech", ", big tech and labs"),
                           *((f"role.{r}", f" of {r} requisitions") for r in ROLES))]
    items += [Metric(f"weeks_on_market.{k}", f"Median weeks from the week the hired person last "
                     f"began looking to the accepted offer, over ML hires{d} whose search "
                     "began during the run (employed people who turned open, sourced "
                     "passive candidates, entrants and the newly unemployed; interpolated "
                     "within the median week)", "weeks")
              for k, d in (("median", ""), ("startup", " into startups"),
                           ("bigtech", " into big tech and labs"))]
    # Flows (sim.outputs.flows): rates over the last three quarters of the run; shares
    # and lives over the seats observed for their whole window.
    items += [Metric(f"vacancy_yield.{k}", f"Hires per open requisition per month{d}: hires "
                     "÷ open requisition-weeks × 52/12, after the first quarter of the run",
                     "hires per requisition-month")
              for k, d in (("all", " (all firms)"), ("startup", ", startups"),
                           ("bigtech", ", big tech and labs"))]
    items += [Metric("matches_per_seeker_month", "ML hires per active ML seeker per month: "
                     "ML hires ÷ active ML seeker-weeks × 52/12, after the first quarter of "
                     "the run", "hires per seeker-month")]
    items += [Metric(f"posting_weeks.{k}", f"Mean weeks a requisition{d} stays open, filled "
                     "or not (seats opened at least market.req_max_open_weeks before the end, "
                     "which have all ended)", "weeks")
              for k, d in (("startup", " of a startup"), ("bigtech", " of big tech or a lab"))]
    items += [Metric(f"seat_filled_by.{w}w.{k}", f"Share of {d} requisitions filled within "
                     f"{w} weeks of opening (seats opened at least {w} weeks before the end)",
                     "share")
              for w in (13, 26) for k, d in (("startup", "startup"),
                                             ("bigtech", "big-tech and lab"))]
    items += [Metric(f"seat_filled_by.life.{k}", f"Share of {d} requisitions filled before "
                     "they close (within market.req_max_open_weeks of opening; seats opened "
                     "at least that long before the end, whose fate is known)", "share")
              for k, d in (("startup", "startup"), ("bigtech", "big-tech and lab"))]
    # Per-kind process outcomes (sim.outputs.process_outcomes): the claims' own rates.
    items += [Metric(f"lost_to_faster_offer_rate.{k}", f"Of the processes that ended at {d}, "
                     "the share lost to a faster offer elsewhere", "share")
              for k, d in (("startup", "startups"), ("bigtech", "big tech and labs"),
                           ("startup.lean", "startups running a lean process"),
                           ("startup.bigtech_style", "startups copying big tech's process"))]
    items += [Metric(f"offer_acceptance.startup.{k}", f"Accepted ÷ offers made by {d}", "share")
              for k, d in (("lean", "startups running a lean process"),
                           ("bigtech_style", "startups copying big tech's process"))]
    items += [Metric(f"stall_share.{c}", f"Among processes that ended without a hire, the "
                     f"share that ended as {c}", "share") for c in STALL_CAUSES]
    # Offers that compete on price (M15; sim.outputs.pricing): off by default, when these
    # sit at 0 and 1.0.
    items += [
        Metric("counter_offers.made", "Counter-offers employers made to people resigning "
               "for another offer, over the run (0 while pricing.counter_offer_rate_* are 0)",
               "counter-offers per run"),
        Metric("counter_offers.accepted", "Counter-offers accepted: the person stayed at the "
               "raised pay and the outside seat stayed open, over the run",
               "counter-offers per run"),
        Metric("offer_matches.made", "Offers a runner-up firm raised to beat a candidate's "
               "best offer, over the run (0 while pricing.match_* are off)", "matches per run"),
    ]
    items += [Metric(f"pay_index.role.{r}", f"Market pay index of {r} at the end of the run "
                     "(× the pay band of new offers; 1.0 while pricing.pay_index_drift is 0)",
                     "× pay band") for r in ROLES]
    items += [
        Metric("focal.hires", "Hires the focal startup made", "hires"),
        Metric("focal.weeks_to_first_hire", "Weeks until the focal startup's first hire "
               "(horizon + 1 if none)", "weeks", censored=True),
        Metric("focal.weeks_to_milestone", "Weeks until the focal startup reached its "
               "milestone (horizon + 1 if not reached)", "weeks", censored=True),
        Metric("focal.survived", "1 if the focal startup is operating at the end", "0/1"),
        Metric("focal.runway_weeks", "Focal startup's cash ÷ weekly burn at the end",
               "weeks"),
        Metric("focal.fill_rate", "Share of the focal startup's postings filled (a seat "
               "posted again after closing unfilled counts once per posting)", "share"),
        Metric("focal.seats_filled_share", "Share of the focal startup's seats filled, each "
               "seat counted once however often it was posted (filled on any posting)",
               "share"),
        Metric("focal.raised_round", "1 if the focal startup raised a round during the run "
               "(reaching the milestone is not raising)", "0/1"),
        Metric("focal.weeks_to_round", "Week the focal startup raised its first round "
               "(horizon + 1 if none)", "weeks"),
        Metric("focal.seat_filled_by.13w", "Share of the focal startup's seats filled within "
               "13 weeks of opening (seats opened at least 13 weeks before the end)", "share"),
        Metric("focal.seat_filled_by.26w", "Share of the focal startup's seats filled within "
               "26 weeks of opening (seats opened at least 26 weeks before the end)", "share"),
        Metric("focal.progress", "Milestones the focal startup gained over the run (rounds "
               "raised plus progress, minus where it started)", "milestones"),
        Metric("focal.cash_per_progress", "Focal spend per milestone of progress",
               "kUSD per milestone"),
    ]
    # Firms' responses to stale seats (M14): zero unless [stale_seats] or
    # focal.stale_response turns them on.
    items += [Metric(f"seat_responses.{x}", f"Reviews of stale seats that background firms "
                     f"answered with {x} (seat_response events), per 100 requisitions they "
                     "opened (0 while stale-seat responses are off)", "per 100 requisitions")
              for x in RESPONSES]
    items += [Metric("focal.seat_responses", "Responses the focal startup took to its stale "
                     "seats (seat_response events; 0 while focal.stale_response is none)",
                     "responses")]
    return {m.name: m for m in items}


REGISTRY: dict[str, Metric] = _build_registry()
"""Every metric a run can produce, by name."""

FOCAL_PREFIX = "focal."


def metric_names(focal: bool = True) -> list[str]:
    """Registered metric names, optionally without the ``focal.*`` ones."""
    return [n for n in REGISTRY if focal or not n.startswith(FOCAL_PREFIX)]

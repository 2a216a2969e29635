"""The metric registry (DESIGN §4): every summary metric's name, meaning and unit.

Metric names are a public contract: tests, sweeps and users key on them. Every name
a run produces is registered here with a description and a unit; ``hiresim metrics``
prints this registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.codes import STALL_CAUSES
from sim.config.params import ROLES, STAGES


@dataclass(frozen=True)
class Metric:
    """One summary metric: its name, what it means and its unit."""

    name: str
    description: str
    unit: str


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
               "(horizon + 1 if none)", "weeks"),
        Metric("focal.weeks_to_milestone", "Weeks until the focal startup reached its "
               "milestone (horizon + 1 if not reached)", "weeks"),
        Metric("focal.survived", "1 if the focal startup is operating at the end", "0/1"),
        Metric("focal.runway_weeks", "Focal startup's cash ÷ weekly burn at the end",
               "weeks"),
        Metric("focal.fill_rate", "Share of the focal startup's seats filled", "share"),
        Metric("focal.seat_filled_by.13w", "Share of the focal startup's seats filled within "
               "13 weeks of opening (seats opened at least 13 weeks before the end)", "share"),
        Metric("focal.seat_filled_by.26w", "Share of the focal startup's seats filled within "
               "26 weeks of opening (seats opened at least 26 weeks before the end)", "share"),
        Metric("focal.progress", "Milestones the focal startup gained over the run (rounds "
               "raised plus progress, minus where it started)", "milestones"),
        Metric("focal.cash_per_progress", "Focal spend per milestone of progress",
               "kUSD per milestone"),
    ]
    return {m.name: m for m in items}


REGISTRY: dict[str, Metric] = _build_registry()
"""Every metric a run can produce, by name."""

FOCAL_PREFIX = "focal."


def metric_names(focal: bool = True) -> list[str]:
    """Registered metric names, optionally without the ``focal.*`` ones."""
    return [n for n in REGISTRY if focal or not n.startswith(FOCAL_PREFIX)]

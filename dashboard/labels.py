"""Display names and colours shared by the pages and the charts (no Streamlit here)."""

from __future__ import annotations

import math

STARTUP_COLOR = "#D1495B"
BIGTECH_COLOR = "#2E86AB"
CANDIDATE_COLOR = "#5B9E6F"
NEUTRAL_COLOR = "#5C6B7A"
FIRM_COLORS = {"startup": STARTUP_COLOR, "bigtech": BIGTECH_COLOR}
SERIES_COLORS = ("#3A5BA0", "#E07A1F", "#5B9E6F", "#8E5EA2", "#C0392B", "#7F8C8D")
"""Colours for arms and strategies, in order (first = reference)."""

ROLE_LABELS = {
    "ml_engineer": "ML engineer",
    "mlops": "MLOps",
    "ml_infra": "ML infrastructure",
    "ml_inference": "Inference",
    "ai_engineer": "AI engineer",
}
STAGE_LABELS = {"pre_seed": "Pre-seed", "seed": "Seed", "series_a": "Series A",
                "series_b": "Series B"}
CAUSE_LABELS = {
    "screened_out": "Screened out",
    "role_misalignment": "Role mismatch found late",
    "lost_to_faster_offer": "Lost to a faster offer",
    "offer_declined": "Offer declined",
    "req_closed": "Requisition closed",
    "withdrew": "Withdrew (loops full)",
}
STRATEGY_LABELS = {
    "stage_aligned": "Stage-aligned",
    "ahead_of_stage": "Ahead of stage",
    "generalists_only": "Generalists only",
    "lean_and_explained": "Lean & explained",
    "bigtech_clone": "Big-tech clone",
}
METRIC_LABELS = {
    "fill_rate.startup": "Startup fill rate",
    "fill_rate.bigtech": "Big-tech fill rate",
    "weeks_to_fill.startup": "Startup weeks to fill (filled seats)",
    "weeks_to_fill.bigtech": "Big-tech weeks to fill (filled seats)",
    # The cards' time to fill: counts the seats that never fill (a card fits ~22 letters).
    "weeks_to_fill_rmst.startup": "Startup weeks to fill",
    "weeks_to_fill_rmst.bigtech": "Big-tech weeks to fill",
    "offer_acceptance.startup": "Startup offer acceptance",
    "offer_acceptance.bigtech": "Big-tech offer acceptance",
    "startup_loss_to_bigtech": "Startup offers lost to big tech",
    "demand_supply_ratio": "Realised demand / supply",
    "startup.survival": "Startup survival",
    "startup.milestone_progress": "Startup milestone progress",
    "offers_declined_unexplained_equity": "Declines fixable by explaining equity",
    "focal.hires": "Hires made",
    "focal.weeks_to_first_hire": "Weeks to first hire",
    "focal.weeks_to_milestone": "Weeks to milestone",
    "focal.survived": "Survived",
    "focal.runway_weeks": "Runway left",
    "focal.fill_rate": "Postings filled",
    "focal.seats_filled_share": "Seats filled",
    "focal.raised_round": "Raised a round",
    "focal.weeks_to_round": "Weeks to round",
}


def metric_label(name: str) -> str:
    """A readable label for a metric name, e.g. ``fill_rate.role.mlops`` → "Fill rate: MLOps".

    Args:
        name: Registered metric name.

    Returns:
        The display label.

    """
    if name in METRIC_LABELS:
        return METRIC_LABELS[name]
    for prefix, text in (("fill_rate.role.", "Fill rate"), ("weeks_to_fill.role.", "Weeks to fill"),
                         ("fill_rate.stage.", "Fill rate")):
        if name.startswith(prefix):
            key = name.removeprefix(prefix)
            return f"{text}: {ROLE_LABELS.get(key, STAGE_LABELS.get(key, key))}"
    if name.startswith("stall_share."):
        cause = name.removeprefix("stall_share.")
        return f"Stalled: {CAUSE_LABELS.get(cause, cause).lower()}"
    return name.replace("_", " ").replace(".", ": ").capitalize()


def is_share(unit: str) -> bool:
    """Whether a metric unit is a 0–1 share (shown as a percentage)."""
    return unit in {"share", "0/1"}


def fmt_value(value: float, unit: str, digits: int = 1) -> str:
    """Format a metric value for display: shares as percent, others with their unit.

    Args:
        value: The number (NaN shows as an en dash).
        unit: The metric's unit from the registry.
        digits: Decimal places.

    Returns:
        The formatted text.

    """
    if value is None or not math.isfinite(value):
        return "–"
    if is_share(unit):
        return f"{100 * value:.{digits}f}%"
    if unit == "weeks":
        return f"{value:.{digits}f} wk"
    return f"{value:.{digits if abs(value) < 100 else 0}f}"


def fmt_interval(low: float, high: float, unit: str, digits: int = 1) -> str:
    """Format a 95% interval, e.g. "95% CI 10.2–12.9%", or a note when it is missing."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return "95% CI: needs ≥ 2 runs with a value"
    lo = fmt_value(low, unit, digits)
    hi = fmt_value(high, unit, digits)
    for tail in ("%", " wk"):
        if lo.endswith(tail) and hi.endswith(tail):
            lo = lo.removesuffix(tail)
    return f"95% CI {lo}–{hi}"

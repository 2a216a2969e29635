"""The market's typical hiring practice: what a focal lever left unset means.

A founder who sets no levers should get the market's usual startup, not a big-tech
clone. The rule is deterministic, so it draws nothing and changes no random stream:
for each lever, the share of background startups that use it (as
:func:`sim.model.state.firms.create_firm_table` draws them: the deliberate startups
use the first four levers, the others each lever with its own share), and the lever is
on when that share is at least one half (the majority practice; a tie counts as on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.config.firms import FocalConfig
    from sim.config.startups import StartupsConfig

LEVERS = ("precise_titles", "focused_jd", "lean_process", "explained_pay", "builder_screen",
          "managed_infra")
"""The focal startup's on/off hiring levers."""

_SHARE_FIELD = {"precise_titles": "share_precise_titles", "focused_jd": "share_focused_jd",
                "lean_process": "share_lean_process", "explained_pay": "share_explained",
                "builder_screen": "share_builder_screen",
                "managed_infra": "share_managed_infra"}
_DELIBERATE = ("precise_titles", "focused_jd", "lean_process", "explained_pay")
"""Levers every deliberate startup uses (``startups.share_deliberate``)."""

MAJORITY = 0.5


def lever_share(startups: StartupsConfig, lever: str) -> float:
    """Expected share of background startups that use ``lever`` (0–1)."""
    share = float(getattr(startups, _SHARE_FIELD[lever]))
    if lever in _DELIBERATE:
        d = float(startups.share_deliberate)
        return d + (1.0 - d) * share
    return share


def market_practice(startups: StartupsConfig) -> dict[str, tuple[bool, float]]:
    """Lever → (the majority practice, the share of startups using the lever)."""
    out = {}
    for lever in LEVERS:
        share = lever_share(startups, lever)
        out[lever] = (share >= MAJORITY, share)
    return out


def resolved_levers(focal: FocalConfig, startups: StartupsConfig) -> dict[str, bool]:
    """Every lever of the focal startup, unset ones filled with the market's practice."""
    practice = market_practice(startups)
    return {lever: practice[lever][0] if getattr(focal, lever) is None
            else bool(getattr(focal, lever)) for lever in LEVERS}


def unset_levers(focal: FocalConfig, startups: StartupsConfig) -> dict[str, tuple[bool, float]]:
    """The levers the focal startup leaves unset, with the practice each one takes."""
    practice = market_practice(startups)
    return {lever: practice[lever] for lever in LEVERS if getattr(focal, lever) is None}


def describe_unset(focal: FocalConfig, startups: StartupsConfig) -> str:
    """One line for people, e.g. ``lean_process=off (market practice: 49% of startups)``."""
    parts = [f"{lever}={'on' if on else 'off'} (market practice: {100 * share:.0f}% of "
             "startups)" for lever, (on, share) in unset_levers(focal, startups).items()]
    return ", ".join(parts)

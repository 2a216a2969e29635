"""Helpers shared by the dashboard tests."""

from __future__ import annotations

import math


def number(text: str) -> float:
    """The number in a metric card's text ("26.1%", "16.5 wk", "2.9"; "–" is NaN)."""
    text = text.strip()
    if text in {"–", "-", ""}:
        return math.nan
    scale = 0.01 if text.endswith("%") else 1.0
    return float(text.removesuffix("%").removesuffix(" wk").replace(",", "")) * scale


def no_exception(at) -> None:
    """Fail with the traceback text if the script raised."""
    assert not at.exception, [e.value for e in at.exception]

"""The one ratio every measure uses: a share or rate that is NaN when nothing was counted.

A run with no startup seat, no offer or no seeker-week has no fill rate, acceptance or
hire rate; NaN (not 0) keeps it out of means across runs and shows as "missing".
"""

from __future__ import annotations


def share(num: float, den: float) -> float:
    """``num / den`` as a float, or NaN when ``den`` is 0 (counts are never negative)."""
    return float(num) / float(den) if den else float("nan")

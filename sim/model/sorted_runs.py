"""Runs of equal keys in a sorted array: where each starts, and each row's best other row.

Offers sorted by candidate, then by value descending, form one run per candidate; the
decision phase and the closing call both ask, for each offer, which of the same
candidate's other offers is best (the first of the run, or for the first row itself,
the second).
"""

from __future__ import annotations

import numpy as np


def first_per_group(groups: np.ndarray) -> np.ndarray:
    """Positions of the first row of each run of equal values in a sorted array."""
    if len(groups) == 0:
        return np.empty(0, dtype=np.int64)
    first = np.ones(len(groups), dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    return first.nonzero()[0]


def group_of_rows(first: np.ndarray, n: int) -> np.ndarray:
    """Each of ``n`` rows' run number, given the runs' first positions."""
    starts = np.zeros(n, dtype=np.int64)
    starts[first] = 1
    return starts.cumsum() - 1


def best_other_position(first: np.ndarray, group: np.ndarray,
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Per row of runs sorted best first, the position of the best other row of its run.

    Returns the positions and whether the row has another row in its run at all (a run
    of one has none; its position is then meaningless).
    """
    n = len(group)
    start = first[group]
    nxt = np.minimum(start + 1, n - 1)
    is_first = np.arange(n) == start
    has = ~is_first | ((start + 1 < n) & (group[nxt] == group))
    return np.where(is_first, nxt, start), has

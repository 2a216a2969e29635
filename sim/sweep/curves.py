"""Estimators on response curves, vectorised over bootstrap resamples (numpy only).

A curve is a metric's mean at increasing input values ``x``; ``y`` holds one curve
per row, so the observed curve and thousands of resampled ones go through the same code:
:func:`crossings` (first crossing of a threshold, linearly interpolated),
:func:`hinge_fits` (the knot of a one-breakpoint piecewise-linear fit) and
:func:`resampled_means` (the resampled curves themselves). Used by
:mod:`sim.sweep.tipping`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

KNOTS = 400
"""Candidate breakpoints searched between the second and the second-to-last input value."""


def crossings(x: np.ndarray, y: np.ndarray, threshold: float) -> np.ndarray:
    """First crossing of ``threshold`` by each row of ``y`` over ``x``, linearly interpolated.

    Args:
        x: Increasing input values, shape ``(P,)``.
        y: Curves, shape ``(B, P)`` (or ``(P,)``).
        threshold: The level to cross.

    Returns:
        Shape ``(B,)``: the input value of each row's first crossing; NaN where a row
        stays on one side. A point exactly on the threshold is a crossing there.

    """
    y2 = np.atleast_2d(np.asarray(y, dtype=float))
    d = y2 - threshold
    left, right = d[:, :-1], d[:, 1:]
    hit = (left * right <= 0) & ~((left == 0) & (right == 0))
    has = hit.any(axis=1)
    i = np.argmax(hit, axis=1)
    rows = np.arange(len(d))
    dl, dr = left[rows, i], right[rows, i]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(dl == dr, 0.0, dl / (dl - dr))
    out = x[i] + frac * (x[i + 1] - x[i])
    return np.where(has, out, np.nan)


def count_crossings(y: np.ndarray, threshold: float) -> int:
    """How many times a curve changes side of ``threshold`` (touching it does not count)."""
    side = np.sign(np.asarray(y, dtype=float) - threshold)
    side = side[side != 0]
    return int(np.count_nonzero(np.diff(side)))


def hinge_fits(x: np.ndarray, y: np.ndarray, knots: int = KNOTS
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The best knot of a one-breakpoint piecewise-linear fit, for each row of ``y``.

    Args:
        x: Increasing input values, shape ``(P,)``, ``P ≥ 4``.
        y: Curves, shape ``(B, P)`` (or ``(P,)``).
        knots: Candidate knots, evenly spaced from ``x[1]`` to ``x[-2]`` (two points at
            least on either side), plus the inner input values themselves (a kink at a
            design point is found exactly).

    Returns:
        ``(knot, slope_before, slope_after)``, each of shape ``(B,)``.

    """
    y2 = np.atleast_2d(np.asarray(y, dtype=float))
    grid = np.union1d(np.linspace(x[1], x[-2], knots), x[1:-1])
    best_sse = np.full(len(y2), np.inf)
    best = np.zeros((len(y2), 3))
    best_k = np.full(len(y2), np.nan)
    for k in grid:
        design = np.column_stack([np.ones_like(x), x, np.maximum(0.0, x - k)])
        pinv = np.linalg.pinv(design)  # (3, P): one projection for every resample at once
        coef = y2 @ pinv.T
        sse = ((y2 - coef @ design.T) ** 2).sum(axis=1)
        better = sse < best_sse - 1e-15  # ties keep the smaller knot
        best_sse[better], best[better], best_k[better] = sse[better], coef[better], k
    return best_k, best[:, 1], best[:, 1] + best[:, 2]


def resampled_means(groups: Sequence[np.ndarray], resamples: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Means of each group's values resampled with replacement: shape ``(resamples, P)``."""
    out = np.empty((resamples, len(groups)))
    for j, values in enumerate(groups):
        idx = rng.integers(0, len(values), size=(resamples, len(values)))
        out[:, j] = values[idx].mean(axis=1)
    return out

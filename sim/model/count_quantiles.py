"""Counts from one uniform each: the quantile functions of the binomial and the Poisson.

:class:`~sim.model.keyed_draws.KeyedDraws` turns a keyed uniform into a count by its
distribution's quantile (the inverse CDF), so that a small change of a rate changes a
count only where the uniform lies near a boundary. numpy's own samplers would consume
a varying number of uniforms per count; scipy's quantiles are exact but cost about a
microsecond a value, so short rows are summed term by term here and scipy serves the
long ones.
"""

from __future__ import annotations

import math

import numpy as np


def binomial_quantile(u: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The smallest Binomial(n, p) count whose CDF reaches ``u``, per row.

    Args:
        u: Uniforms in (0, 1).
        n: Trials per row.
        p: Success chance per row, in [0, 1].

    """
    n = np.asarray(n, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    certain = p >= 1.0
    q = np.where(certain, 1.0, 1.0 - p)
    odds = np.where(certain, 0.0, p / q)
    p0 = q ** n  # P(0)
    most = int(n.max()) if len(n) else 0
    if most <= 100 and (p0[~certain] > 0.0).all():
        out = binomial_terms_below(u, n, odds, p0, most) + (p0 < u)
        np.minimum(out, n.astype(np.int64), out=out)
    else:  # long rows, or P(0) below the smallest float: scipy's exact quantile
        from scipy.stats import binom

        out = binom.ppf(u, n, p).astype(np.int64)
    out[certain] = n[certain]
    return out


def poisson_quantile(u: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """The smallest Poisson(lam) count whose CDF reaches ``u``, per row."""
    lam = np.asarray(lam, dtype=np.float64)
    large = lam > POISSON_TERMWISE
    if not large.any():
        return _invert(u, np.exp(-lam), lam)
    from scipy.stats import poisson

    out = poisson.ppf(u, lam).astype(np.int64)
    small = ~large
    out[small] = _invert(u[small], np.exp(-lam[small]), lam[small])
    return out


def scalar_quantile(u: float, dist: str, *params: float) -> int:
    """One count from one uniform (``"poisson"``: λ; ``"binomial"``: n, p), in plain Python."""
    if dist == "poisson":
        lam = float(params[0])
        if lam > POISSON_TERMWISE:
            from scipy.stats import poisson

            return int(poisson.ppf(u, lam))
        n, pmf = math.inf, math.exp(-lam)
        ratio = lambda j: lam / (j + 1)  # noqa: E731
    else:
        n, p = int(params[0]), float(params[1])
        if p >= 1.0 or n > 100:
            from scipy.stats import binom

            return n if p >= 1.0 else int(binom.ppf(u, n, p))
        pmf, odds = (1.0 - p) ** n, p / (1.0 - p)
        ratio = lambda j: (n - j) / (j + 1) * odds  # noqa: E731
    k, cdf = 0, pmf
    while u > cdf and k < n and k < 1000:
        pmf *= ratio(k)
        k += 1
        cdf += pmf
    return k


POISSON_TERMWISE = 30.0
"""Above this mean a Poisson count comes from scipy's quantile (P(0) = e^-λ stays far
above the smallest float below it, and the sum converges within a few blocks)."""

_TERMS = np.arange(8, dtype=np.float64)[:, None]
"""Terms of the CDF added per block (one 2-D step costs what one term's calls cost)."""


_FIRST_TERMS = 24
"""Binomial CDF terms computed for every row before the rows still short of their
uniform go on alone (at the defaults' 45 looks, five in six rows stop within 24)."""


def count_true_per_column(mask: np.ndarray) -> np.ndarray:
    """``np.count_nonzero(mask, axis=0)`` (as intp) for a terms × rows mask.

    Fewer than 256 terms (the CDF blocks here have at most 101) sum as bytes with no
    cast, about a third of the cost of count_nonzero's bool → intp reduction.
    """
    if mask.shape[0] > 255:
        return np.count_nonzero(mask, axis=0)
    return np.add.reduce(mask.view(np.uint8), axis=0, dtype=np.uint8).astype(np.intp)


def binomial_terms_below(u: np.ndarray, n: np.ndarray, odds: np.ndarray, p0: np.ndarray, most: int,
                 first: int = _FIRST_TERMS) -> np.ndarray:
    """Per row, how many of the binomial CDF's terms 1..``most`` stay below ``u``.

    Terms × rows: P(t+1)/P(t) = (n − t)/(t + 1) × odds, zero past n; P(t) is P(0) times
    the cumulative product of these ratios, and the CDF is P(0) plus the cumulative sum
    of P(1)..P(t). The first ``first`` terms are computed for every row; rows whose CDF
    is still below ``u`` continue from their last cumulative product and sum (each
    carried as the first row of the continued accumulation), so every number is the
    one that the whole table computes, in the same order.
    """
    t = np.arange(min(most, first), dtype=np.float64)[:, None]
    prod = np.cumprod(np.maximum(n - t, 0.0) * odds / (t + 1.0), axis=0)
    csum = np.cumsum(prod * p0, axis=0)  # P(1) + … + P(t + 1)
    count = count_true_per_column(csum + p0 < u)
    if most <= first:
        return count
    short = (csum[-1] + p0 < u).nonzero()[0]
    if len(short) == 0:
        return count
    n, odds, p0, u = n[short], odds[short], p0[short], u[short]
    t = np.arange(first - 1, most, dtype=np.float64)[:, None]  # row 0: the carry
    ratio = np.maximum(n - t, 0.0) * odds / (t + 1.0)
    ratio[0] = prod[-1, short]
    terms = np.cumprod(ratio, axis=0)
    terms *= p0
    terms[0] = csum[-1, short]
    cdf = np.cumsum(terms, axis=0)[1:]
    cdf += p0
    count[short] += count_true_per_column(cdf < u)
    return count


def _invert(u: np.ndarray, p0: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """The smallest Poisson count whose CDF reaches ``u``: P(0) = p0, P(j+1)/P(j) = λ/(j+1).

    The count is one plus the number of terms whose CDF stays below ``u``; the CDF
    only grows, so each block adds eight terms to every row still short, and rows drop
    out between blocks (on a few hundred rows a call costs its overhead, not its work).
    """
    out = np.zeros(len(u), dtype=np.int64)
    idx = (u > p0).nonzero()[0]
    pmf, cdf, uu, lam = p0[idx], p0[idx], u[idx], lam[idx]
    count = np.zeros(len(idx), dtype=np.int64)
    j = 0
    while len(idx):
        # Terms × rows: the cumulative product and sum then run along rows, vectorised.
        terms = np.cumprod(lam / (j + 1 + _TERMS), axis=0)
        terms *= pmf
        cum = np.cumsum(terms, axis=0)
        cum += cdf
        count += count_true_per_column(cum < uu)
        pmf, cdf = terms[-1], cum[-1]
        j += len(_TERMS)
        # Past 200 terms the float sum may stop short of 1 (λ ≤ 30 never gets there).
        more = (uu > cdf) & (j < 200)
        done = ~more
        out[idx[done]] = count[done] + 1
        idx, pmf, cdf, uu, lam, count = (idx[more], pmf[more], cdf[more], uu[more], lam[more],
                                         count[more])
    return out

"""Statistics across runs: means with honest 95% intervals, and per-metric summaries.

Every metric declares its bounds and interval method in the registry
(:class:`sim.outputs.registry.Metric`); :func:`interval` applies it, so no interval
leaves what the metric can be:

- ``t``: a t-interval, only for unbounded, roughly normal quantities (paired
  differences between arms use :func:`mean_ci` directly).
- ``wilson``: a Wilson score interval for the share of runs with a 0/1 outcome.
- ``bootstrap``: a seeded, expanded percentile bootstrap of the mean
  (:func:`expanded_level`), for bounded means (shares averaged over runs, counts,
  times). A percentile bootstrap never leaves the range of the data, so it respects the
  bounds; it is clipped to them against rounding. The price: an interval inside the
  data's range covers the mean at most 1 − 2^(1−n) of the time (75% with 3 runs, 94%
  with 5), so use 10 or more runs for an interval you rely on.
- ``rmst-bootstrap``: for a time that may not happen within the run, recorded as
  horizon + 1. The mean of those values is the restricted mean time up to horizon + 1
  (every run is followed to the horizon, so the Kaplan–Meier curve is the empirical
  one and its area is this mean); its interval is the bootstrap above, and the runs
  where the event never happened are counted (``never``).

A time that may be *censored* part-way (a seat still open at the end, a startup that
failed first) gets a whole curve instead of a mean: :func:`product_limit` is the
Kaplan–Meier estimate of P(event by week w) with pointwise 95% intervals, and
:func:`curve_quantile` reads its median (with an interval) off that curve.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

BOOTSTRAP_RESAMPLES = 9999


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float, int]:
    """Mean and a t-interval (95% unless ``level`` says) of finite values: (mean, low, high, n).

    Unbounded: use it for quantities that can take any sign (paired differences),
    and :func:`interval` for a registered metric.
    """
    from scipy import stats

    x = _finite(values)
    n = len(x)
    if n == 0:
        return (math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n == 1:
        return (mean, math.nan, math.nan, 1)
    half = float(stats.t.ppf(1 - (1 - level) / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return (mean, mean - half, mean + half, n)


@dataclass(frozen=True)
class Interval:
    """A mean over runs with its 95% interval, and how it was computed.

    Attributes:
        mean: Mean of the runs' finite values (NaN if none).
        low: Lower limit (NaN with fewer than two values).
        high: Upper limit (NaN with fewer than two values).
        n: Runs with a value.
        missing: Runs without one (the metric was undefined there: NaN).
        method: The method used (:data:`sim.outputs.registry.METHODS`).
        never: For a censored time, runs where the event did not happen within the
            horizon (None if the horizon is unknown or the metric is not censored).

    """

    mean: float
    low: float
    high: float
    n: int
    missing: int
    method: str
    never: int | None = None


def _finite(values: np.ndarray | Sequence[float]) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[np.isfinite(x)]


def _seed(x: np.ndarray) -> int:
    """A seed from the values themselves: the same runs always give the same interval."""
    return zlib.crc32(np.ascontiguousarray(x, dtype=np.float64).tobytes())


def bootstrap_ci(x: np.ndarray) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean of ``x`` (at least two values)."""
    from scipy import stats

    if np.ptp(x) == 0:  # every resample has the same mean; scipy would warn and give NaN
        return (float(x.mean()), float(x.mean()))  # the mean itself, not x[0]: rounding
    res = stats.bootstrap((x,), np.mean, n_resamples=BOOTSTRAP_RESAMPLES, method="percentile",
                          confidence_level=expanded_level(len(x)), vectorized=True,
                          rng=np.random.default_rng(_seed(x)))
    return (float(res.confidence_interval.low), float(res.confidence_interval.high))


def expanded_level(n: int, level: float = 0.95) -> float:
    """The percentile level that makes a bootstrap of ``n`` values a ``level`` interval.

    A plain percentile bootstrap of the mean is too narrow for few runs (it uses the
    data's spread divided by n, not n - 1, and normal, not t, quantiles). Hesterberg's
    expanded percentile interval ("What teachers should know about the bootstrap",
    2015) takes the percentiles at α' = 2Φ(−√(n/(n−1))·t(1−α/2, n−1)) instead, which
    tends to α as n grows.
    """
    from scipy import stats

    q = math.sqrt(n / (n - 1)) * stats.t.ppf(1 - (1 - level) / 2, n - 1)
    return min(1.0 - 2.0 * float(stats.norm.cdf(-q)), 1.0 - 1e-12)


def wilson_ci(successes: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval for ``successes`` of ``n`` 0/1 outcomes."""
    from scipy import stats

    ci = stats.binomtest(successes, n).proportion_ci(confidence_level=0.95, method="wilson")
    return (float(ci.low), float(ci.high))


def interval(values: np.ndarray | Sequence[float], method: str = "t",
             low: float | None = None, high: float | None = None,
             horizon: float | None = None) -> Interval:
    """Mean and 95% interval of one metric's run values, by ``method``, within bounds.

    Args:
        values: One value per run; NaN marks a run where the metric is undefined.
        method: One of :data:`sim.outputs.registry.METHODS`.
        low: Least possible value (None: unbounded).
        high: Greatest possible value (None: unbounded).
        horizon: Weeks simulated, for ``rmst-bootstrap``: a value above it means
            "never within the horizon" (the metric records horizon + 1).

    Returns:
        The :class:`Interval`; its limits lie within [``low``, ``high``].

    """
    raw = np.asarray(values, dtype=float)
    x = _finite(raw)
    n, missing = len(x), int(len(raw) - len(x))
    never = None
    if method == "rmst-bootstrap" and horizon is not None and len(x):
        never = int((x > horizon).sum())
        high = horizon + 1 if high is None else min(high, horizon + 1)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0, missing, method, never)
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, math.nan, math.nan, 1, missing, method, never)
    if method == "t":
        _, lo, hi, _ = mean_ci(x)
    elif method == "wilson" and np.isin(x, (0.0, 1.0)).all():
        lo, hi = wilson_ci(int(x.sum()), n)
    elif method in ("wilson", "bootstrap", "rmst-bootstrap"):
        # "wilson" on values that are not 0/1 (a misdeclared metric) still needs a bound.
        lo, hi = bootstrap_ci(x)
    else:
        raise ValueError(f"unknown interval method {method!r}")
    lo = max(lo, low) if low is not None else lo
    hi = min(hi, high) if high is not None else hi
    return Interval(mean, lo, hi, n, missing, method, never)


def metric_interval(name: str, values: np.ndarray | Sequence[float],
                    horizon: float | None = None) -> Interval:
    """:func:`interval` with the method and bounds the registry declares for ``name``.

    A name not in the registry gets an unbounded t-interval.
    """
    from sim.outputs.registry import REGISTRY

    m = REGISTRY.get(name)
    if m is None:
        return interval(values, "t", horizon=horizon)
    return interval(values, m.method, m.low, m.high, horizon)  # type: ignore[arg-type]


CURVE_COLUMNS = ("week", "at_risk", "events", "censored", "p", "low", "high")
"""Columns of :func:`product_limit`: one row per week 1..horizon."""


def product_limit(times: np.ndarray | Sequence[float], events: np.ndarray | Sequence[bool],
                  horizon: int) -> pd.DataFrame:
    """Kaplan–Meier estimate of P(event by week w), w = 1..``horizon``, with 95% intervals.

    Each subject is followed to ``times``: the week its event happened (``events``
    True) or the last week it was seen without it (censored). A subject censored in
    week w is still at risk in week w (it was seen through that week). Times after
    ``horizon`` are censored at the horizon.

    The pointwise interval is Rothman's (1978): a Wilson score interval at the
    estimate, with the effective number of subjects n' = S(1 − S) / Var(S) taken from
    Greenwood's variance. Without censoring n' is the number of subjects, so the curve
    is the empirical CDF and each interval is exactly :func:`wilson_ci` of the share
    with the event by week w. Unlike Greenwood's normal interval it stays within
    [0, 1] and is not degenerate at 0 or 1: before the first event n' is the number
    still observed, and once everyone left has had the event n' keeps its last value.

    Args:
        times: Week of the event or of censoring, per subject (whole weeks ≥ 1).
        events: True where the event happened at ``times``.
        horizon: Last week of the curve.

    Returns:
        A frame with :data:`CURVE_COLUMNS`: subjects at risk at the start of the week,
        events and censorings in it, the estimate ``p`` and its interval.

    """
    from scipy import stats

    t = np.asarray(times, dtype=float)
    e = np.asarray(events, dtype=bool)
    if t.shape != e.shape:
        raise ValueError("times and events differ in length")
    e = e & (t <= horizon)
    week = np.clip(np.ceil(t), 1, horizon).astype(np.int64) - 1
    d = np.bincount(week[e], minlength=horizon)
    c = np.bincount(week[~e], minlength=horizon)
    at_risk = len(t) - np.concatenate(([0], np.cumsum(d + c)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(1.0 - np.where(at_risk > 0, d / at_risk, 0.0))
        greenwood = np.cumsum(np.where(at_risk > d, d / (at_risk * (at_risk - d)), 0.0))
        n_eff = np.where(greenwood > 0, (1.0 - surv) / (surv * greenwood), at_risk)
    done = np.flatnonzero(surv <= 0)  # from here on the estimate is 1 and n' undefined:
    if len(done):  # keep the value of the week before (all subjects if that is week 1)
        n_eff[done[0]:] = n_eff[done[0] - 1] if done[0] > 0 else at_risk[0]
    p = 1.0 - surv
    z = float(stats.norm.ppf(0.975))
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = 1.0 + z * z / n_eff
        centre = (p + z * z / (2 * n_eff)) / denom
        half = z * np.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    low = np.where(n_eff > 0, np.clip(centre - half, 0.0, p), 0.0)
    high = np.where(n_eff > 0, np.clip(centre + half, p, 1.0), 1.0)
    return pd.DataFrame({"week": np.arange(1, horizon + 1), "at_risk": at_risk, "events": d,
                         "censored": c, "p": p, "low": low, "high": high})


def curve_quantile(curve: pd.DataFrame, q: float = 0.5) -> tuple[float, float, float]:
    """The first week by which P(event) reaches ``q``, with its 95% interval.

    The interval is read off the pointwise band (as R's ``survfit`` does): from the
    first week the band's upper limit reaches ``q`` to the first week its lower limit
    does. NaN means "not within the horizon".

    Returns:
        ``(week, low, high)``.

    """
    def first(column: str) -> float:
        hit = curve["week"].to_numpy()[curve[column].to_numpy() >= q - 1e-12]
        return float(hit[0]) if len(hit) else math.nan

    return (first("p"), first("high"), first("low"))


SUMMARY_COLUMNS = ("metric", "mean", "ci95_low", "ci95_high", "n", "method", "missing",
                   "never")
"""Columns of :func:`summarise`: the one summary every output uses."""


def summarise(runs: pd.DataFrame, metrics: Sequence[str] | None = None,
              horizon: float | None = None) -> pd.DataFrame:
    """Per-metric mean, 95% interval, method and counts across the rows of ``runs``.

    Args:
        runs: One row per run, one column per metric.
        metrics: Metrics to summarise, in this order (default: every registered metric
            among the columns). A metric that is not a column of ``runs`` (``focal.*``
            without a focal startup) gets a row of NaN with ``n`` 0 and every run
            missing, so that a requested metric is never silently dropped.
        horizon: Weeks simulated (``market.weeks``), so that censored times can count
            the runs where the event never happened; None leaves ``never`` empty.

    Returns:
        A frame with the columns of :data:`SUMMARY_COLUMNS`, one row per metric:
        ``method`` names the interval, ``missing`` counts runs where the metric is
        undefined, and ``never`` (censored times only, else NaN) counts runs where the
        event did not happen within the horizon.

    """
    from sim.outputs.registry import REGISTRY

    names = list(metrics) if metrics is not None else [c for c in runs.columns if c in REGISTRY]
    rows = []
    for name in names:
        values = runs[name].to_numpy(dtype=float) if name in runs.columns \
            else np.full(len(runs), np.nan)
        iv = metric_interval(name, values, horizon)
        rows.append({"metric": name, "mean": iv.mean, "ci95_low": iv.low, "ci95_high": iv.high,
                     "n": iv.n, "method": iv.method, "missing": iv.missing,
                     "never": math.nan if iv.never is None else iv.never})
    table = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    return table.astype({"n": int, "missing": int, "method": str, "never": float})

"""Tightness moves what it should (issue M13, item 7), over the ratio sweep 1:1 → 5:1.

Paired runs of the default market at settings 1, 3 and 5 (common seeds). Each check is
a paired difference between the tight and the loose end with its 95% t-interval, which
must lie on the claimed side of zero:

- seekers are hired faster: ML hires per active seeker-month rise (the flow measure;
  the median over *hired* seekers conditions on being hired, see docs/validity.md);
- startup offer acceptance falls (more competing offers per candidate);
- the market pay index rises (mean over the five ML roles);
- startups' milestone progress and survival fall (dearer, slower hiring).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from claim_checks import diff
from scipy import stats

from sim.config.params import ROLES

LOOSE, TIGHT = "ratio_1", "ratio_5"


def _interval(x: pd.Series) -> tuple[float, float]:
    x = x.to_numpy(dtype=float)
    half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
    return float(x.mean() - half), float(x.mean() + half)


@pytest.fixture(scope="module")
def sweep(arm_runs) -> pd.DataFrame:
    runs = arm_runs([LOOSE, "baseline", TIGHT]).copy()
    runs["pay_index.mean"] = runs[[f"pay_index.role.{r}" for r in ROLES]].mean(axis=1)
    return runs


@pytest.mark.parametrize(("metric", "sign"), [
    ("matches_per_seeker_month", +1),
    ("offer_acceptance.startup", -1),
    ("pay_index.mean", +1),
    ("startup.milestone_progress", -1),
    ("startup.survival", -1),
])
def test_a_tighter_market_moves_the_metric_the_claimed_way(sweep, metric, sign):
    lo, hi = _interval(sign * diff(sweep, metric, TIGHT, LOOSE))
    assert lo > 0, f"{metric}: 5:1 − 1:1 interval ({sign * hi:.4g}, {sign * lo:.4g})"


def test_the_middle_of_the_sweep_lies_between_its_ends_for_seekers_pace(sweep):
    pace = {arm: sweep.loc[sweep["arm"] == arm, "matches_per_seeker_month"].mean()
            for arm in (LOOSE, "baseline", TIGHT)}
    assert pace[LOOSE] < pace["baseline"] < pace[TIGHT], pace

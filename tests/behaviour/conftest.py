"""Shared runs for the stylized-facts suite (the article's claims, issue 7).

The claims compare arms of the *default* market (3,000 ML candidates, 300 startups,
104 weeks): the suite checks the model as shipped, not a toy. Each arm runs
``validity_claims.REPLICATIONS`` times on the same seeds (common random numbers), and
the runs are shared: one session fixture per group of arms, computed once per xdist
worker. Tests that use a group carry its ``xdist_group`` mark so that ``--dist
loadgroup`` sends them to the same worker (the groups cost about the same: 120 and 100
runs of about a second each).
"""

from __future__ import annotations

import pandas as pd
import pytest
import validity_claims as vc


@pytest.fixture(scope="session")
def market_runs() -> pd.DataFrame:
    """Runs of the market arms: baseline, ratios, layoff wave, strategy mixes, builder screens."""
    return vc.run_arms(vc.GROUPS["market"])


@pytest.fixture(scope="session")
def lever_runs() -> pd.DataFrame:
    """Runs of the lever arms: the four mistakes (none, each alone, all four, mixed)."""
    return vc.run_arms(vc.GROUPS["levers"])

"""Stylized facts about teams: who startups hire and when (M6, M7).

Tests here use the shared ``claim_runs`` (see test_claims_market.py for the design);
tolerances are 95% t-intervals of paired differences.
"""

from __future__ import annotations

import pytest
from validity_claims import assert_claim


@pytest.mark.xfail(strict=True, reason=(
    "market-wide, generalists-only now matches stage-aligned progress per dollar: a "
    "generalist is the stage-aligned hire before Series B and ML engineers are plentiful; "
    "stage-aligned wins in a Series A/B market and in the focal tests "
    "(docs/validity.md, 'What does not emerge'). strict: remove when it passes."))
def test_stage_aligned_hiring_progresses_most_per_dollar(claim_runs):
    """Stage-aligned hiring reaches milestones sooner per dollar (M6), market-wide.

    Arms: every startup stage-aligned vs every startup ahead of stage vs every startup
    generalists-only (``startups.strategy_mix``). Metric: milestones gained per USD
    million spent by all startups (``x.progress_per_musd``). Tolerance: both paired
    differences' 95% intervals lie above 0. (The focal-startup versions of this claim
    are in tests/strategies/test_strategy_lab.py.) Against generalists-only this fails at
    the default stage mix: most startups are at pre-seed to Series A, where a generalist
    is the stage-aligned hire, and the generalist penalty bites only at Series B; see
    docs/validity.md for the Series A/B market where it holds.
    """
    assert_claim("stage_aligned_per_dollar", claim_runs("stage_aligned_per_dollar"))


def test_builder_screens_keep_operators_from_leaving_seed_teams_early(claim_runs):
    """Operators hired into seed-stage teams leave sooner unless startups screen (M7).

    Arms: builder screens at no startup vs at every startup (20 paired replications:
    the effect is a few points on a few hundred hires per run). Metrics, over hires into
    pre-seed and seed startups observed for 26 weeks: (1) without screens, operators'
    26-week attrition minus builders'; (2) the operator share of those hires, screens −
    none; (3) their 26-week attrition, screens − none. Tolerances: (1) 95% interval
    above 0, (2) and (3) below 0.
    """
    assert_claim("operators_in_builder_teams", claim_runs("operators_in_builder_teams"))

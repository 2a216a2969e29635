"""Shared fixtures: small, fast configurations of the real model."""

from __future__ import annotations

import pytest

from sim.config import SimConfig


def small_config(**overrides) -> SimConfig:
    """A small market (600 ML candidates, 60 startups, 30 weeks) for fast tests."""
    base = {
        "market.weeks": 30,
        "candidates.n_ml": 600,
        "startups.n": 60,
        "bigtech.n_bigtech": 3,
        "bigtech.n_labs": 2,
    }
    base.update(overrides)
    return SimConfig().with_overrides(base)


@pytest.fixture
def small_cfg() -> SimConfig:
    """A small market configuration."""
    return small_config()

"""Configuration section for product progress toward the next milestone (DESIGN §3.5; M6, M7, M11).

Split from :mod:`sim.config.startups`, which holds the startups' other settings.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from sim.config.params import ASSUMPTION as A
from sim.config.params import ByRole, ByStage, Frozen, param, vector


class ProgressConfig(Frozen):
    """Product progress toward the next milestone (DESIGN §3.5; M6, M7, M11)."""

    need_pre_seed: ByRole = vector(
        ByRole(ml_engineer=0.55, mlops=0.1, ml_infra=0.05, ml_inference=0.0, ai_engineer=0.3),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Pre-seed need profile over roles (article: end-to-end generalist).",
    )
    need_seed: ByRole = vector(
        ByRole(ml_engineer=0.5, mlops=0.1, ml_infra=0.05, ml_inference=0.05, ai_engineer=0.3),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Seed need profile over roles.",
    )
    need_series_a: ByRole = vector(
        ByRole(ml_engineer=0.5, mlops=0.15, ml_infra=0.05, ml_inference=0.1, ai_engineer=0.2),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Series A need profile (article: applied ML engineers).",
    )
    need_series_b: ByRole = vector(
        ByRole(ml_engineer=0.15, mlops=0.25, ml_infra=0.2, ml_inference=0.3, ai_engineer=0.1),
        unit="share of need",
        source="article (hiring sequence); magnitudes ASSUMPTION",
        doc="Series B need profile (article: inference, MLOps, platform).",
    )
    weeks_to_milestone: ByStage = vector(
        ByStage(pre_seed=40, seed=52, series_a=60, series_b=70),
        unit="weeks",
        source="cal §2e (~2 years between rounds); ASSUMPTION",
        doc="Weeks to the next milestone with a fully fitted team "
        "(cal §2e: ~2 years between rounds incl. fundraising; ASSUMPTION).",
    )
    returns_exponent: float = param(
        0.6,
        gt=0.0,
        le=1.0,
        unit="exponent",
        source=A,
        doc="Diminishing returns of capacity within a role.",
    )
    founder_fit: float = param(
        0.15,
        ge=0.0,
        le=1.0,
        unit="share of full pace",
        source=A,
        doc="Progress the founders make with no ML team.",
    )
    operator_penalty: float = param(
        0.5,
        ge=0.0,
        le=1.0,
        unit="productivity lost",
        source="article (M7); " + A,
        doc="Productivity a pure operator loses in a pre-seed or seed team.",
    )
    generalist_reach: float = param(
        0.6,
        ge=0.0,
        le=1.0,
        unit="fit",
        source=A,
        doc="A broad ML generalist's fit to other roles' needs.",
    )
    specialist_reach: float = param(
        0.15,
        ge=0.0,
        le=1.0,
        unit="fit",
        source=A,
        doc="A specialist's contribution to another role's needs.",
    )
    generalist_scaling_penalty: float = param(
        0.75,
        ge=0.0,
        le=1.0,
        unit="share of reach lost",
        source="article (M6); " + A,
        doc="Share of a generalist's reach lost on Series B scaling work.",
    )

    @cached_property
    def need(self) -> np.ndarray:
        """Stage × role need profile with rows normalised to 1 (computed once)."""
        m = np.array(
            [
                self.need_pre_seed.arr,
                self.need_seed.arr,
                self.need_series_a.arr,
                self.need_series_b.arr,
            ]
        )
        m = m / np.maximum(m.sum(axis=1, keepdims=True), 1e-12)
        m.flags.writeable = False
        return m

"""Building blocks for the typed configuration: a parameter with unit and source.

Every model parameter is declared with :func:`param`, which records its unit, its
allowed range and where its default comes from (a source from ``calibration.md`` or
the word ``ASSUMPTION``). The dashboard and the docs read this metadata instead of
repeating it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

ROLES: tuple[str, ...] = ("ml_engineer", "mlops", "ml_infra", "ml_inference", "ai_engineer")
"""The five ML roles hidden behind the blanket "ML Engineer" title (M4)."""

GENERAL_ROLE = "general_swe"
"""Code for general software engineers: not ML-qualified, but apply to blanket titles."""

STAGES: tuple[str, ...] = ("pre_seed", "seed", "series_a", "series_b")
SENIORITIES: tuple[str, ...] = ("junior", "mid", "senior", "staff")
STRATEGIES: tuple[str, ...] = ("stage_aligned", "ahead_of_stage", "generalists_only")


def param(
    default: Any,
    *,
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    unit: str,
    source: str,
    doc: str,
) -> Any:
    """Declare one model parameter with its range, unit and source.

    Args:
        default: Default value.
        ge: Inclusive lower bound.
        le: Inclusive upper bound.
        gt: Exclusive lower bound.
        unit: Unit of the value, e.g. ``"USD/yr"`` or ``"share"``.
        source: Where the default comes from, or ``"ASSUMPTION"``.
        doc: One-line description shown in docs, errors and the dashboard.

    Returns:
        A pydantic ``Field`` carrying the metadata in ``json_schema_extra``.

    """
    return Field(
        default,
        ge=ge,
        le=le,
        gt=gt,
        description=doc,
        json_schema_extra={"unit": unit, "source": source},
    )


def vector(default: Any, *, unit: str, source: str, doc: str) -> Any:
    """Declare a per-stage, per-role or per-seniority parameter with unit and source."""
    return Field(default, description=doc, json_schema_extra={"unit": unit, "source": source})


class Frozen(BaseModel):
    """Base for every configuration section: immutable, strict about keys and types.

    ``strict=True`` (pydantic strict mode) refuses a bool where a number is expected
    (``weeks = true`` would otherwise run 1 week), numeric strings (``"0.1"``) and
    floats for integer fields; an int is still accepted for a float field, so
    ``weeks = 10`` in TOML stays valid. A list of tables (e.g. ``[[shocks]]``) arrives
    from TOML as a list: declare such fields with :func:`table_list`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, strict=True)


def table_list(default: Any = (), *, doc: str) -> Any:
    """Declare a ``tuple[Model, ...]`` field that TOML fills with an array of tables.

    Strict mode would refuse the list TOML gives for a tuple, so the field itself is
    lax; each element is still validated by its own strict model.
    """
    return Field(default, strict=False, description=doc)


class _Vector(Frozen):
    """A small named vector; ``arr`` is its values as a read-only numpy array (cached)."""

    def as_tuple(self) -> tuple[float, ...]:
        """Values in declaration order."""
        return tuple(getattr(self, name) for name in type(self).model_fields)

    @cached_property
    def arr(self) -> np.ndarray:
        """Values as a float array, computed once (configs are frozen)."""
        out = np.asarray(self.as_tuple(), dtype=float)
        out.flags.writeable = False
        return out


class ByStage(_Vector):
    """One number per startup stage."""

    pre_seed: float = Field(ge=0)
    seed: float = Field(ge=0)
    series_a: float = Field(ge=0)
    series_b: float = Field(ge=0)


class ByRole(_Vector):
    """One number per ML role."""

    ml_engineer: float = Field(ge=0)
    mlops: float = Field(ge=0)
    ml_infra: float = Field(ge=0)
    ml_inference: float = Field(ge=0)
    ai_engineer: float = Field(ge=0)


class BySeniority(_Vector):
    """One number per seniority level."""

    junior: float = Field(ge=0)
    mid: float = Field(ge=0)
    senior: float = Field(ge=0)
    staff: float = Field(ge=0)


class ByStrategy(_Vector):
    """One share per hiring strategy (M6)."""

    stage_aligned: float = Field(ge=0, le=1)
    ahead_of_stage: float = Field(ge=0, le=1)
    generalists_only: float = Field(ge=0, le=1)


ASSUMPTION = "ASSUMPTION"
"""The ``source`` of a default no source gives: a modelling choice, to sweep (DESIGN §3.4)."""

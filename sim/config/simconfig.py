"""The whole configuration of one simulation: typed, frozen, validated at construction.

``SimConfig`` gathers the sections defined in :mod:`sim.config.people` and
:mod:`sim.config.firms`. Bad input raises :class:`ConfigError` whose message is one
line naming the dotted path and what is allowed, e.g.::

    market.demand_supply_ratio: must be ≤ 50 (got 80.0)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import Field, ValidationError, model_validator

from sim.config.errors import (
    ConfigError,
    _bounds,
    _fields_of,
    _to_config_error,
    _unknown_key_message,
)
from sim.config.firms import BigTechConfig, FocalConfig, ShockConfig
from sim.config.hiring import HiringConfig
from sim.config.params import Frozen, _Vector, table_list
from sim.config.people import CandidatesConfig, MarketConfig
from sim.config.pricing import PricingConfig
from sim.config.progress import ProgressConfig
from sim.config.stale_seats import StaleSeatsConfig
from sim.config.startups import StartupsConfig
from sim.config.valuation import ValuationConfig

__all__ = ["ParamInfo", "SimConfig", "iter_params", "set_dotted"]


class SimConfig(Frozen):
    """Everything one run needs apart from its seed."""

    market: MarketConfig = Field(default_factory=MarketConfig)
    candidates: CandidatesConfig = Field(default_factory=CandidatesConfig)
    hiring: HiringConfig = Field(default_factory=HiringConfig)
    valuation: ValuationConfig = Field(default_factory=ValuationConfig)
    startups: StartupsConfig = Field(default_factory=StartupsConfig)
    progress: ProgressConfig = Field(default_factory=ProgressConfig)
    bigtech: BigTechConfig = Field(default_factory=BigTechConfig)
    stale_seats: StaleSeatsConfig = Field(default_factory=StaleSeatsConfig)
    pricing: PricingConfig = Field(default_factory=PricingConfig)  # M15
    focal: FocalConfig | None = None
    shocks: tuple[ShockConfig, ...] = table_list(doc="Market shocks, one [[shocks]] table each.")

    @model_validator(mode="after")
    def _check_shares(self) -> SimConfig:
        for path, values in (
            ("candidates.role_share", self.candidates.role_share.as_tuple()),
            ("candidates.seniority_share", self.candidates.seniority_share.as_tuple()),
            ("startups.stage_share", self.startups.stage_share.as_tuple()),
            ("startups.strategy_mix", self.startups.strategy_mix.as_tuple()),
            ("bigtech.role_demand", self.bigtech.role_demand.as_tuple()),
            ("bigtech.seniority_demand", self.bigtech.seniority_demand.as_tuple()),
        ):
            if sum(values) <= 0:
                raise ValueError(f"{path}: shares must not all be zero")
        for kind in ("startup_response", "bigtech_response"):
            total = sum(getattr(self.stale_seats, kind).as_tuple())
            if total > 1.0 + 1e-9:  # the rest of the reviews take no response
                raise ValueError(f"stale_seats.{kind}: shares must sum to at most 1 "
                                 f"(got {total:g})")
        low = self.pricing.counter_raise_low
        for kind in ("startup", "bigtech"):
            if getattr(self.pricing, f"counter_raise_high_{kind}") < low:
                raise ValueError(f"pricing.counter_raise_high_{kind}: must be ≥ "
                                 f"pricing.counter_raise_low ({low:g})")
        return self

    # ---- construction -------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SimConfig:
        """Build a config from nested plain data (as read from TOML).

        Raises:
            ConfigError: on unknown keys, wrong types or out-of-range values.

        """
        merged = _deep_merge(cls().to_dict(), _plain(data)) if data else {}
        try:
            return cls.model_validate(merged)
        except ValidationError as err:
            raise _to_config_error(err, cls) from None

    def to_dict(self) -> dict[str, Any]:
        """Nested plain data that :meth:`from_dict` turns back into this config."""
        data = self.model_dump(mode="json", exclude_none=True)
        data["shocks"] = [dict(s) for s in data.get("shocks", [])]
        if not data["shocks"]:
            del data["shocks"]
        return data

    def with_overrides(self, overrides: Mapping[str, Any]) -> SimConfig:
        """Return a copy with dotted-path overrides applied, e.g. ``{"market.weeks": 52}``.

        A table value is merged into this config's table: ``{"market": {"weeks": 10}}``
        changes the weeks and keeps this scenario's other market values.

        Raises:
            ConfigError: if a path is unknown or a value invalid.

        """
        data = self.to_dict()
        for path, value in overrides.items():
            set_dotted(data, path, value)
        return SimConfig.from_dict(data)


def _deep_merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Overlay ``top`` on ``base`` recursively so a file may set one value of a table."""
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """Numpy scalars → Python numbers (a sweep's design yields them; strict mode won't)."""
    def conv(v: Any) -> Any:
        if isinstance(v, Mapping):
            return {k: conv(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [conv(x) for x in v]
        return v.item() if isinstance(v, np.generic) else v

    return conv(data)


def set_dotted(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``data[a][b][c] = value`` for ``path == "a.b.c"``, checking each key exists.

    A mapping ``value`` is deep-merged into an existing table at ``path`` (an override
    of one key of a table keeps the table's other keys); any other value replaces it.
    """
    keys = path.split(".")
    node: Any = data
    model: Any = SimConfig
    for depth, key in enumerate(keys):
        if isinstance(node, list):  # e.g. shocks.0.size: index into a list of tables
            if not key.isdigit() or int(key) >= len(node):
                prefix = ".".join(keys[:depth])
                if not node:
                    raise ConfigError(f"{path}: {prefix} has no entries (add a [[{prefix}]] "
                                      "table to the scenario first)", path)
                raise ConfigError(f"{path}: {prefix} has {len(node)} entries "
                                  f"(valid indices 0 to {len(node) - 1})", path)
            if depth == len(keys) - 1:
                node[int(key)] = value
            else:
                node = node[int(key)]
            model = _item_model(model)
            continue
        fields = _fields_of(model)
        if fields is not None and key not in fields:
            prefix = ".".join(keys[:depth])
            raise ConfigError(_unknown_key_message(prefix, key, fields), path)
        model = fields[key] if fields is not None else None
        if depth == len(keys) - 1:
            current = node.get(key)
            merge = isinstance(value, Mapping) and isinstance(current, dict)
            node[key] = _deep_merge(current, value) if merge else value
        else:
            if not isinstance(node.get(key), dict | list):
                # a list-valued field (e.g. shocks) that is absent has no entries yet
                node[key] = [] if _is_tuple(model) else {}
            node = node[key]


def _is_tuple(model: Any) -> bool:
    """True for a ``tuple[Model, ...]`` annotation (a list of tables in TOML)."""
    return getattr(model, "__origin__", None) is tuple


def _item_model(model: Any) -> Any:
    """The element model of a ``tuple[Model, ...]`` annotation (else None)."""
    args = [a for a in getattr(model, "__args__", ()) if isinstance(a, type)]
    return args[0] if args else None


@dataclass(frozen=True)
class ParamInfo:
    """Metadata of one scalar parameter, for docs and the dashboard."""

    path: str
    default: Any
    unit: str
    source: str
    doc: str
    ge: float | None
    le: float | None


def iter_params(model: type[Frozen] = SimConfig, prefix: str = "") -> Iterator[ParamInfo]:
    """Yield every parameter that has a unit and a source, in declaration order.

    Per-stage, per-role and per-seniority vectors are yielded one component at a time
    (e.g. ``startups.base_pay.seed``); the optional ``[focal]`` table is included.
    """
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = _fields_of(info.annotation) is not None and _unwrap(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else None
        if ann and issubclass(ann, _Vector) and extra:
            default = info.default if isinstance(info.default, _Vector) else None
            for comp in ann.model_fields:
                yield ParamInfo(f"{path}.{comp}", getattr(default, comp, None),
                                str(extra["unit"]), str(extra["source"]),
                                info.description or "", 0.0, None)
        elif ann:
            # A list of tables (e.g. [[shocks]]) is addressed by index: shocks.0.size.
            yield from iter_params(ann, path + (".<i>." if _is_tuple(info.annotation) else "."))
        elif extra:
            lo, hi = _bounds(info)
            yield ParamInfo(path, info.default, str(extra["unit"]), str(extra["source"]),
                            info.description or "", lo, hi)


def _unwrap(annotation: Any) -> Any:
    if isinstance(annotation, type):
        return annotation
    models = [a for a in getattr(annotation, "__args__", ()) if isinstance(a, type)
              and issubclass(a, Frozen)]
    return models[0]


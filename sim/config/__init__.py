"""Configuration: typed, frozen, validated settings with a unit and a source per default.

The lowest layer: it imports nothing else from ``sim``. :class:`SimConfig` gathers the
sections (:mod:`~sim.config.people`, :mod:`~sim.config.firms`, …), each declared with
:func:`sim.config.params.param`; :mod:`sim.config.codes` holds the vocabulary (roles,
stages, event causes) as the integer codes the model's arrays use.
"""

from sim.config.overrides import parse_override, parse_settings, parse_value
from sim.config.practice import market_practice, resolved_levers
from sim.config.simconfig import (
    BigTechConfig,
    CandidatesConfig,
    ConfigError,
    FocalConfig,
    HiringConfig,
    MarketConfig,
    ParamInfo,
    PricingConfig,
    ProgressConfig,
    SeatPlan,
    ShockConfig,
    SimConfig,
    StaleSeatsConfig,
    StartupsConfig,
    ValuationConfig,
    _deep_merge,
    iter_params,
    set_dotted,
)

__all__ = [
    "BigTechConfig",
    "CandidatesConfig",
    "ConfigError",
    "FocalConfig",
    "HiringConfig",
    "MarketConfig",
    "ParamInfo",
    "PricingConfig",
    "ProgressConfig",
    "SeatPlan",
    "ShockConfig",
    "SimConfig",
    "StaleSeatsConfig",
    "StartupsConfig",
    "ValuationConfig",
    "_deep_merge",
    "iter_params",
    "parse_override",
    "parse_settings",
    "parse_value",
    "market_practice",
    "resolved_levers",
    "set_dotted",
]

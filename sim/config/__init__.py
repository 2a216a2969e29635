"""Configuration: typed, frozen, validated settings with a unit and a source per default.

The lowest layer: it imports nothing else from ``sim``. :class:`SimConfig` gathers the
sections (:mod:`~sim.config.people`, :mod:`~sim.config.firms`, …), each declared with
:func:`sim.config.params.param`; :mod:`sim.config.codes` holds the vocabulary (roles,
stages, event causes) as the integer codes the model's arrays use.
"""

from sim.config.errors import ConfigError
from sim.config.firms import BigTechConfig, FocalConfig, SeatPlan, ShockConfig
from sim.config.hiring import HiringConfig
from sim.config.overrides import parse_override, parse_settings, parse_value
from sim.config.people import CandidatesConfig, MarketConfig
from sim.config.plan_search import PlanSearchConfig
from sim.config.practice import market_practice, resolved_levers
from sim.config.pricing import PricingConfig
from sim.config.progress import ProgressConfig
from sim.config.simconfig import ParamInfo, SimConfig, _deep_merge, iter_params, set_dotted
from sim.config.stale_seats import StaleSeatsConfig
from sim.config.startups import StartupsConfig
from sim.config.valuation import ValuationConfig

__all__ = [
    "BigTechConfig",
    "CandidatesConfig",
    "ConfigError",
    "FocalConfig",
    "HiringConfig",
    "MarketConfig",
    "ParamInfo",
    "PlanSearchConfig",
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

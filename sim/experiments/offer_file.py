"""An offer file (TOML) → the offer's terms and the market it is checked in.

The offer becomes the focal startup of a market: its base pay as ``pay_mult`` of the
stage's band, its grant as ``equity_mult`` of the stage's grant, its levers, and one
planned seat of the offer's role and seniority (:func:`focal_config`). Terms the config
cannot express are refused naming the field (:class:`OfferError`, exit 2).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config import ConfigError, SimConfig, _deep_merge
from sim.config.params import ROLES, SENIORITIES, STAGES
from sim.experiments.scenarios import load_scenario, resolve_path

PROCESSES = ("lean", "bigtech_style")
SEGMENTS = (("financial security", "security"), ("risk aversion", "gamma"),
            ("ownership weight", "w_own"), ("currently at big tech", "at_bigtech"))
OFFER_KEYS = ("role", "seniority", "stage", "base_kusd", "equity_pct", "vesting_years",
              "explained", "process", "deadline_weeks")


class OfferError(ConfigError):
    """An offer file that cannot be checked; the message names the file and the field."""


@dataclass(frozen=True)
class Offer:
    """The terms of one offer (money in kUSD/yr, equity in % of fully diluted shares)."""

    role: str
    seniority: str
    stage: str
    base_kusd: float
    equity_pct: float
    vesting_years: float
    explained: bool
    lean: bool
    deadline_weeks: int


@dataclass(frozen=True)
class OfferFile:
    """A loaded offer: its terms, the company's money and the market it is made in."""

    name: str
    offer: Offer
    company: dict[str, Any]
    market: SimConfig


def load_offer(path: str | Path, overrides: Mapping[str, Any] | None = None) -> OfferFile:
    """Read an offer file: ``[offer]``, optional ``[company]``, ``extends`` and market tables."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise OfferError(f"{path}: malformed TOML ({err})") from None
    if not isinstance(data.get("offer"), dict):
        raise OfferError(f"{path}: offer: missing [offer] table (keys: {', '.join(OFFER_KEYS)})")
    parent = str(data.get("extends", "baseline"))
    sibling = path.parent / (parent if parent.endswith(".toml") else f"{parent}.toml")
    base = load_scenario(sibling if sibling.is_file() else resolve_path(parent)).config
    tables = {k: v for k, v in data.items()
              if k not in ("name", "description", "extends", "offer", "company")}
    try:
        market = SimConfig.from_dict(_deep_merge(base.to_dict(), tables))
        if overrides:
            market = market.with_overrides(overrides)
    except ConfigError as err:
        raise OfferError(f"{path}: {err}", err.path) from None
    return offer_from_fields(market, data["offer"], data.get("company", {}),
                             str(data.get("name", path.stem)), where=str(path))


def offer_from_fields(market: SimConfig, offer: Mapping[str, Any],
                      company: Mapping[str, Any] | None = None, name: str = "offer",
                      where: str = "offer") -> OfferFile:
    """An offer from its terms (a file's ``[offer]`` table, or a form) in a market.

    Checked as a file's would be: a term the model cannot express raises
    :class:`OfferError` naming the field.

    Args:
        market: The market the offer is made in.
        offer: The ``[offer]`` fields (:data:`OFFER_KEYS`).
        company: Optional ``[company]`` fields (``cash_musd``, ``other_burn``, …).
        name: The offer's name in reports.
        where: Where the fields come from, for error messages.

    """
    parsed = parse_offer(offer, market, where)
    fields = dict(company or {})
    focal_config(market, parsed, fields, where)  # validate now, not in the workers
    return OfferFile(name, parsed, fields, market)


def parse_offer(raw: Mapping[str, Any], cfg: SimConfig, where: str = "offer") -> Offer:
    """Check the ``[offer]`` table against what the model can express."""
    def bad(key: str, why: str) -> OfferError:
        return OfferError(f"{where}: offer.{key}: {why} (got {raw.get(key)!r})", f"offer.{key}")

    for key in raw:
        if key not in OFFER_KEYS:
            raise bad(key, f"unknown key (valid: {', '.join(OFFER_KEYS)})")
    for key, names in (("role", ROLES), ("seniority", SENIORITIES), ("stage", STAGES)):
        if raw.get(key) not in names:
            raise bad(key, f"must be one of {', '.join(names)}")
    nums = {}
    for key, default in (("base_kusd", None), ("equity_pct", 0.0),
                         ("vesting_years", cfg.valuation.vesting_years),
                         ("deadline_weeks", cfg.startups.offer_deadline_weeks)):
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise bad(key, "must be a number ≥ 0")
        nums[key] = float(value)
    if nums["equity_pct"] > 100:
        raise bad("equity_pct", "must be at most 100 (% of fully diluted shares)")
    if nums["vesting_years"] != cfg.valuation.vesting_years:
        raise bad("vesting_years", f"the model values every grant over valuation.vesting_years "
                  f"= {cfg.valuation.vesting_years:g} years; set that in the file to change "
                  "the whole market's")
    if nums["deadline_weeks"] != cfg.startups.offer_deadline_weeks:
        raise bad("deadline_weeks", f"every startup's offer stays open startups."
                  f"offer_deadline_weeks = {cfg.startups.offer_deadline_weeks} weeks; set "
                  "that in the file to change the whole market's")
    process = raw.get("process", "lean")
    stages = {cfg.startups.lean_stages: "lean", cfg.startups.clone_stages: "bigtech_style"}
    process = stages.get(process, process) if isinstance(process, int) else process
    if process not in PROCESSES:
        raise bad("process", f"must be lean, bigtech_style, or {cfg.startups.lean_stages} or "
                  f"{cfg.startups.clone_stages} stages (the model's two processes)")
    explained = raw.get("explained", False)
    if not isinstance(explained, bool):
        raise bad("explained", "must be true or false")
    return Offer(raw["role"], raw["seniority"], raw["stage"], nums["base_kusd"],
                 nums["equity_pct"], nums["vesting_years"], explained, process == "lean",
                 int(nums["deadline_weeks"]))


def market_terms(cfg: SimConfig, offer: Offer) -> tuple[float, float]:
    """The stage's market base (kUSD/yr) and grant (%) for the offer's seniority."""
    s, stage = cfg.startups, STAGES.index(offer.stage)
    sen = SENIORITIES.index(offer.seniority)
    return (s.base_pay.arr[stage] * s.pay_by_seniority.arr[sen],
            s.equity_pct.arr[stage] * s.equity_by_seniority.arr[sen] * s.ai_equity_mult)


def focal_config(cfg: SimConfig, offer: Offer, company: Mapping[str, Any],
                 where: str = "offer", seats: int = 1) -> SimConfig:
    """The market with the offer as its focal startup and its seat (role and level).

    ``seats`` > 1 opens the same seat again at even intervals over the horizon (weeks
    0, W/k, 2W/k, ...): more candidates reach the offer per run, at the same terms.
    """
    from sim.config.firms import FocalConfig

    taken = {"stage", "pay_mult", "equity_mult", "lean_process", "explained_pay", "seats",
             "strategy"} & set(company)
    if taken:
        key = sorted(taken)[0]
        raise OfferError(f"{where}: company.{key}: set by the [offer] table", f"company.{key}")
    band, grant = market_terms(cfg, offer)
    s, stage = cfg.startups, STAGES.index(offer.stage)
    fields = FocalConfig.model_fields
    for key, ref, name, unit in (("pay_mult", band, "base_kusd", "kUSD/yr"),
                                 ("equity_mult", grant, "equity_pct", "%")):
        lo, hi = (next(getattr(m, a) for m in fields[key].metadata if hasattr(m, a))
                  for a in ("ge", "le"))
        if not lo <= getattr(offer, name) / ref <= hi:
            raise OfferError(
                f"{where}: offer.{name}: outside what the model can express for a "
                f"{offer.seniority} at {offer.stage} ({lo * ref:.4g} to {hi * ref:.4g} {unit}, "
                f"{lo:g}–{hi:g} × the market's {ref:.4g}; got {getattr(offer, name):g})",
                f"offer.{name}")
    focal = {"name": "offer", "cash_musd": s.round_size_musd.arr[stage],
             "other_burn": s.other_burn.arr[stage], "post_money_musd": s.post_money_musd.arr[stage],
             **company, "stage": offer.stage, "pay_mult": offer.base_kusd / band,
             "equity_mult": offer.equity_pct / grant, "lean_process": offer.lean,
             "explained_pay": offer.explained,
             "seats": [{"role": offer.role, "seniority": offer.seniority,
                        "week": i * cfg.market.weeks // seats} for i in range(seats)]}
    try:
        return cfg.with_overrides({"focal": focal})
    except ConfigError as err:
        raise OfferError(f"{where}: company: {err}", err.path) from None

"""Founder strategy lab: the focal startup under several hiring strategies, paired.

A *strategy* is data: a TOML file with ``name``, ``description`` and a ``[focal]``
table that may set only hiring levers (``strategy``, ``precise_titles``,
``focused_jd``, ``lean_process``, ``explained_pay``, ``builder_screen``,
``managed_infra``, ``ml_team_target``, ``seats``). It is laid over the scenario's
``[focal]`` company description. Every strategy runs on the same seeds (common
random numbers), so differences come from the strategy, not from the noise.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config import ConfigError, FocalConfig, SimConfig
from sim.experiments.compare import paired_table
from sim.experiments.runs import replicate, replication_seeds, run_one
from sim.experiments.scenarios import ScenarioError, preset_dir
from sim.experiments.stats import mean_ci

LEVER_KEYS = ("strategy", "precise_titles", "focused_jd", "lean_process", "explained_pay",
              "builder_screen", "managed_infra", "ml_team_target", "seats")
HEADLINE = "focal.weeks_to_first_hire"
FOCAL_METRICS = ("focal.weeks_to_first_hire", "focal.hires", "focal.fill_rate",
                 "focal.progress", "focal.weeks_to_milestone", "focal.survived",
                 "focal.runway_weeks", "focal.cash_per_progress")


@dataclass(frozen=True)
class Strategy:
    """A named set of hiring levers for the focal startup."""

    name: str
    description: str
    levers: dict[str, Any]


def strategy_dir() -> Path:
    """Folder of the shipped strategy presets."""
    return preset_dir() / "strategies"


def list_strategies() -> list[tuple[str, str]]:
    """(name, description) of every shipped strategy."""
    return [(s.name, s.description) for s in
            (load_strategy(p) for p in sorted(strategy_dir().glob("*.toml")))]


def load_strategy(name_or_path: str | Path) -> Strategy:
    """Load a strategy preset by name, or a strategy file by path."""
    text = str(name_or_path)
    path = strategy_dir() / f"{text}.toml"
    if not path.is_file():
        path = Path(text)
    if not path.is_file():
        names = ", ".join(p.stem for p in sorted(strategy_dir().glob("*.toml")))
        raise ScenarioError(f"{text}: no such strategy or file (strategies: {names})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: malformed TOML: {err}") from None
    extra = sorted(set(data) - {"name", "description", "focal"})
    if extra:
        raise ScenarioError(f"{path}: {extra[0]}: unknown key (valid: name, description, focal)")
    levers = dict(data.get("focal", {}))
    bad = sorted(set(levers) - set(LEVER_KEYS))
    if bad:
        raise ScenarioError(f"{path}: focal.{bad[0]}: a strategy may set only hiring levers "
                            f"(valid: {', '.join(LEVER_KEYS)})", f"focal.{bad[0]}")
    strategy = Strategy(str(data.get("name", path.stem)), str(data.get("description", "")),
                        levers)
    apply_strategy(SimConfig(focal=FocalConfig()), strategy, where=str(path))  # validate
    return strategy


def apply_strategy(cfg: SimConfig, strategy: Strategy, where: str = "") -> SimConfig:
    """The scenario with the strategy's levers laid over its focal startup."""
    focal = (cfg.focal or FocalConfig()).model_dump(mode="json", exclude_none=True)
    focal.update(strategy.levers)
    data = cfg.to_dict()
    data["focal"] = focal
    try:
        return SimConfig.from_dict(data)
    except ConfigError as err:
        raise ScenarioError(f"{where or strategy.name}: {err}", err.path) from None


@dataclass
class StrategyComparison:
    """Paired results of the focal startup under each strategy."""

    strategies: list[str]
    table: pd.DataFrame  # metric, strategy, mean, ci95, p10/p50/p90, diff (vs first), p_better
    runs: pd.DataFrame  # strategy, replication, seed, metrics...
    seats: pd.DataFrame  # one row per focal seat per run
    reasons: pd.DataFrame  # strategy, reason, share, count
    replications: int
    note: str


def compare_strategies(
    cfg: SimConfig,
    strategies: Sequence[str | Strategy],
    replications: int | None = None,
    base_seed: int = 0,
    on_progress: Callable[[int, int], None] | None = None,
    tolerance: float = 2.0,
    max_replications: int = 100,
    batch: int = 10,
) -> StrategyComparison:
    """Run the focal startup under each strategy on common random numbers.

    Args:
        cfg: The scenario; its ``[focal]`` table describes the founder's company (a
            default seed-stage company if absent).
        strategies: Strategy names, paths or :class:`Strategy` objects; the first is
            the reference for paired differences.
        replications: Seeds per strategy. If None, seeds are added in batches until
            the 95% interval of every paired difference in the headline metric
            (``focal.weeks_to_first_hire``) is narrower than ±``tolerance`` weeks, up to
            ``max_replications``.
        base_seed: Base of the derived seeds (the same for every strategy).
        on_progress: Called as ``on_progress(done, total_so_far)`` after each run.
        tolerance: Half-width target for the adaptive choice of replications (weeks).
        max_replications: Cap for the adaptive choice.
        batch: Seeds added per adaptive round.

    """
    loaded = [s if isinstance(s, Strategy) else load_strategy(s) for s in strategies]
    if not loaded:
        raise ScenarioError("strategies: give at least one strategy")
    names = _unique_names([s.name for s in loaded])
    arms = {n: apply_strategy(cfg, s) for n, s in zip(names, loaded, strict=True)}
    rows: list[dict] = []
    seat_frames: list[pd.DataFrame] = []
    event_frames: list[pd.DataFrame] = []
    target = replications if replications is not None else min(batch, max_replications)
    done = 0
    while True:
        seeds = replication_seeds(base_seed, target)[done:]
        for name, i, seed, res in replicate(arms, seeds, run_one, on_progress, first=done,
                                            total=target * len(arms)):
            rows.append({"strategy": name, "replication": i, "seed": seed, **res.metrics})
            seat_frames.append(focal_seats(res, name, i))
            ev = res.events[res.events["firm"] == 0]
            event_frames.append(ev.assign(strategy=name, replication=i))
        done = target
        runs = pd.DataFrame(rows)
        half = _headline_half_width(runs, names)
        if replications is not None or half <= tolerance or target >= max_replications:
            break
        target = min(target + batch, max_replications)
    note = _note(replications, target, half, tolerance, max_replications)
    table = paired_table(runs.rename(columns={"strategy": "arm"}), names, _metrics(runs),
                         {n: c.market.weeks for n, c in arms.items()})
    events = pd.concat(event_frames, ignore_index=True) if event_frames else pd.DataFrame()
    return StrategyComparison(
        strategies=names, table=table.rename(columns={"arm": "strategy"}), runs=runs,
        seats=pd.concat(seat_frames, ignore_index=True), reasons=explain(events, names),
        replications=target, note=note)


def _unique_names(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        k, name = 2, n
        while name in out:
            name, k = f"{n}#{k}", k + 1
        out.append(name)
    return out


def _metrics(runs: pd.DataFrame) -> list[str]:
    extra = ["fill_rate.startup", "startup_loss_to_bigtech"]
    return [m for m in (*FOCAL_METRICS, *extra) if m in runs.columns]


def _headline_half_width(runs: pd.DataFrame, names: list[str]) -> float:
    if len(names) < 2:
        _, lo, hi, _ = mean_ci(runs[HEADLINE].to_numpy())
        return (hi - lo) / 2 if np.isfinite(hi - lo) else np.inf
    ref = runs[runs["strategy"] == names[0]].set_index("replication")[HEADLINE]
    widths = []
    for name in names[1:]:
        cur = runs[runs["strategy"] == name].set_index("replication")[HEADLINE]
        _, lo, hi, _ = mean_ci((cur - ref).to_numpy())
        widths.append((hi - lo) / 2 if np.isfinite(hi - lo) else 0.0)
    return max(widths)


def _note(fixed: int | None, n: int, half: float, tol: float, cap: int) -> str:
    if fixed is not None:
        return f"{n} replications per strategy (as requested); headline ±{half:.1f} weeks."
    if half <= tol:
        return (f"{n} replications per strategy, chosen so the 95% interval of every paired "
                f"difference in {HEADLINE} is within ±{tol:g} weeks (it is ±{half:.1f}).")
    return (f"stopped at the cap of {cap} replications per strategy; the headline interval "
            f"is ±{half:.1f} weeks, wider than the ±{tol:g} asked for.")


def focal_seats(res: Any, strategy: str, replication: int) -> pd.DataFrame:
    """One row per seat the focal startup opened: when, whether filled, offers, why not."""
    req = res.requisitions[res.requisitions["firm"] == 0]
    ev = res.events[(res.events["firm"] == 0) & (res.events["firm_kind"] == "startup")]
    ev = ev.assign(requisition=ev["requisition"].astype(np.int64))
    offers = ev[ev["event"] == "offer"].groupby("requisition").size()
    ends = ev[ev["event"] == "process_end"]
    declined = ends[ends["cause"] == "offer_declined"].groupby("requisition").size()
    stalls = ends[ends["cause"] != "hired"]
    top = stalls.assign(cause=stalls["cause"].astype(str)).groupby("requisition")["cause"].agg(
        lambda s: s.value_counts().index[0])
    filled = req["status"] == "filled"
    return pd.DataFrame({
        "strategy": strategy,
        "replication": replication,
        "requisition": req["requisition"].to_numpy(),
        "role": req["role"].astype(str).to_numpy(),
        "seniority": req["seniority"].astype(str).to_numpy(),
        "opened_week": req["opened_week"].to_numpy(),
        "filled_week": np.where(filled, req["closed_week"], np.nan),
        "status": req["status"].to_numpy(),
        "applicants": req["applicants"].to_numpy(),
        "offers": req["requisition"].map(offers).fillna(0).astype(int).to_numpy(),
        "offers_declined": req["requisition"].map(declined).fillna(0).astype(int).to_numpy(),
        # A plain dict lookup: mapping through an empty Series gives float NaNs, and
        # filling those with "" is deprecated in pandas.
        "main_stall_reason": np.array([top.get(k, "") for k in req["requisition"]],
                                      dtype=object),
    })


def explain(events: pd.DataFrame, strategies: Sequence[str]) -> pd.DataFrame:
    """Why the focal startup's processes ended without a hire, by strategy (shares)."""
    rows = []
    for name in strategies:
        ev = events[(events.get("strategy") == name)] if len(events) else events
        ends = ev[(ev["event"] == "process_end") & (ev["cause"] != "hired")] if len(ev) else ev
        labels = _reason_labels(ends) if len(ends) else pd.Series(dtype=str)
        counts = labels.value_counts()
        total = int(counts.sum())
        for reason, count in counts.items():
            rows.append({"strategy": name, "reason": reason, "count": int(count),
                         "share": count / total if total else np.nan})
    return pd.DataFrame(rows, columns=["strategy", "reason", "count", "share"])


def _reason_labels(ends: pd.DataFrame) -> pd.Series:
    cause = ends["cause"].astype(str)
    took_bt = ends["took_firm_kind"].astype(str).isin(["bigtech", "lab"])
    label = cause.map(REASON_LABELS).fillna(cause)
    declined = cause == "offer_declined"
    label = label.mask(declined & took_bt, "offer declined: took a big-tech or lab offer")
    label = label.mask(declined & ends["explained_would_accept"].astype(bool),
                       "offer declined: would have accepted had equity been explained")
    return label


REASON_LABELS = {
    "screened_out": "screened out",
    "role_misalignment": "role mismatch surfaced mid-process",
    "lost_to_faster_offer": "candidate took a faster offer",
    "offer_declined": "offer declined: candidate stayed put or took another startup",
    "req_closed": "seat closed (filled by another candidate, or gave up)",
}

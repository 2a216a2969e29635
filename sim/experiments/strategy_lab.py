"""Founder strategy lab: the focal startup under several hiring strategies, paired.

A *strategy* is data: a TOML file with ``name``, ``description`` and a ``[focal]``
table that may set only hiring levers (``strategy``, ``precise_titles``,
``focused_jd``, ``lean_process``, ``explained_pay``, ``builder_screen``,
``managed_infra``, ``ml_team_target``, ``seats``) and the offer (``pay_mult``,
``equity_mult``), validated with :class:`~sim.config.FocalConfig`'s ranges. It is laid
over the scenario's ``[focal]`` company description; levers set by neither take the
market's typical practice (:mod:`sim.config.practice`). Every strategy runs on the same
seeds (common random numbers), so differences come from the strategy, not from the
noise.

A strategy is labelled by its ``name`` (the file's name if it has none), except that a
strategy *file* with its own seat plan is labelled by the file's name: the plan, not
the base strategy it names, decides whom it hires.
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
from sim.config.practice import unset_levers
from sim.experiments.compare import paired_table
from sim.experiments.fill_curves import RAMP_WEEKS, SeatFill, focal_run, seat_fill
from sim.experiments.focal_seats import (
    REASON_LABELS,
    explain,
    focal_seats,
    planned_seats,
    seat_outcomes,
)
from sim.experiments.runs import replicate, replication_seeds, run_one
from sim.experiments.scenarios import ScenarioError, preset_dir
from sim.experiments.stats import mean_ci

LEVER_KEYS = ("strategy", "precise_titles", "focused_jd", "lean_process", "explained_pay",
              "builder_screen", "managed_infra", "ml_team_target", "seats", "pay_mult",
              "equity_mult", "stale_response")
HEADLINE = "focal.weeks_to_first_hire"
FOCAL_METRICS = ("focal.weeks_to_first_hire", "focal.hires", "focal.seats_filled_share",
                 "focal.progress", "focal.weeks_to_milestone", "focal.raised_round",
                 "focal.weeks_to_round", "focal.survived", "focal.runway_weeks",
                 "focal.cash_per_progress")
FEW_SEEDS = 20
"""Below this many seeds an interval that excludes zero is often luck (issue 14: two lever
effects 'significant' at 10 seeds vanished at 30-60), so the output says so."""


def count_noun(n: int, noun: str) -> str:
    """``1 strategy``, ``3 strategies``, ``1 replication``, ``20 replications``."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") and noun[-2] not in "aeiou" \
        else f"{n} {noun}s"


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
    # A founder's own seat plan is known by its file, even when it copied a preset's name.
    own_plan = "seats" in levers and path.resolve().parent != strategy_dir().resolve()
    name = path.stem if own_plan else str(data.get("name", path.stem))
    strategy = Strategy(name, str(data.get("description", "")), levers)
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
    seats: pd.DataFrame  # one row per focal posting per run (with its seat number)
    reasons: pd.DataFrame  # strategy, reason, share, count
    replications: int
    note: str
    planned: pd.DataFrame | None = None  # one row per seat per run (reposts merged)
    outcomes: pd.DataFrame | None = None  # per strategy: seats filled, weeks to fill, unfilled
    pairs: pd.DataFrame | None = None  # every pair (a before b): metric, reference, strategy, diff
    unset: dict[str, dict[str, tuple[bool, float]]] | None = None  # strategy → market practice
    fill: SeatFill | None = None  # when each seat fills, and the runway beside it
    focal_runs: pd.DataFrame | None = None  # strategy, replication, cash-out week


def compare_strategies(
    cfg: SimConfig,
    strategies: Sequence[str | Strategy],
    replications: int | None = None,
    base_seed: int = 0,
    on_progress: Callable[[int, int], None] | None = None,
    tolerance: float = 2.0,
    max_replications: int = 100,
    batch: int = 10,
    ramp_weeks: float = RAMP_WEEKS,
) -> StrategyComparison:
    """Run the focal startup under each strategy on common random numbers.

    Every pair of strategies is also compared (``pairs``), and each strategy's seats are
    summarised seat by seat (``planned``, ``outcomes``); ``unset`` names the levers that
    neither the scenario nor the strategy sets, with the market practice they take.

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
        ramp_weeks: Weeks a hire needs to become productive, for P(productive before
            the cash runs out) in ``fill`` (:data:`~sim.experiments.fill_curves.RAMP_WEEKS`).

    """
    loaded = [s if isinstance(s, Strategy) else load_strategy(s) for s in strategies]
    if not loaded:
        raise ScenarioError("strategies: give at least one strategy")
    names = _unique_names([s.name for s in loaded])
    arms = {n: apply_strategy(cfg, s) for n, s in zip(names, loaded, strict=True)}
    rows: list[dict] = []
    seat_frames: list[pd.DataFrame] = []
    event_frames: list[pd.DataFrame] = []
    focal_rows: list[dict] = []
    target = replications if replications is not None else min(batch, max_replications)
    done = 0
    while True:
        seeds = replication_seeds(base_seed, target)[done:]
        for name, i, seed, res in replicate(arms, seeds, run_one, on_progress, first=done,
                                            total=target * len(arms)):
            rows.append({"strategy": name, "replication": i, "seed": seed, **res.metrics})
            seat_frames.append(focal_seats(res, name, i))
            focal_rows.append(focal_run(res, name, i))
            ev = res.events[res.events["firm"] == 0]
            event_frames.append(ev.assign(strategy=name, replication=i))
        done = target
        runs = pd.DataFrame(rows)
        half = _headline_half_width(runs, names, max(c.market.weeks for c in arms.values()))
        if replications is not None or half <= tolerance or target >= max_replications:
            break
        target = min(target + batch, max_replications)
    note = _note(replications, target, half, tolerance, max_replications, len(names))
    table = paired_table(runs.rename(columns={"strategy": "arm"}), names, _metrics(runs),
                         {n: c.market.weeks for n, c in arms.items()})
    events = pd.concat(event_frames, ignore_index=True) if event_frames else pd.DataFrame()
    seats = pd.concat(seat_frames, ignore_index=True)
    planned = planned_seats(seats)
    focal_runs = pd.DataFrame(focal_rows)
    return StrategyComparison(
        strategies=names, table=table.rename(columns={"arm": "strategy"}), runs=runs,
        seats=seats, reasons=explain(events, names), replications=target, note=note,
        planned=planned, outcomes=seat_outcomes(planned, names),
        pairs=pairwise_table(runs, names, _metrics(runs)),
        unset={n: unset_levers(c.focal, c.startups) for n, c in arms.items()},
        fill=seat_fill(planned, focal_runs, names, ramp_weeks), focal_runs=focal_runs)


def pairwise_table(runs: pd.DataFrame, names: Sequence[str],
                   metrics: Sequence[str]) -> pd.DataFrame:
    """Every pair of strategies (a listed before b), paired on the same seeds: b minus a."""
    arms = runs.rename(columns={"strategy": "arm"})
    frames = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            t = paired_table(arms[arms["arm"].isin([a, b])], [a, b], metrics)
            frames.append(t[t["arm"] == b].assign(reference=a))
    cols = ["metric", "reference", "strategy", "diff", "diff_low", "diff_high", "n"]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True).rename(columns={"arm": "strategy"})[cols]


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


def _headline_half_width(runs: pd.DataFrame, names: list[str], horizon: int) -> float:
    """Half-width of the widest paired interval of the headline (inf: not known yet).

    The headline is censored at the horizon (``horizon + 1``: no hire). Paired
    differences that are all equal while runs are censored (two runs that both hired
    nobody; or one arm never hiring while the other hires in the same week every time)
    say nothing of the spread: the width is unknown, not zero, and more replications
    are due.
    """
    if len(names) < 2:
        _, lo, hi, _ = mean_ci(runs[HEADLINE].to_numpy())
        return (hi - lo) / 2 if np.isfinite(hi - lo) else np.inf
    ref = runs[runs["strategy"] == names[0]].set_index("replication")[HEADLINE]
    widths = []
    for name in names[1:]:
        cur = runs[runs["strategy"] == name].set_index("replication")[HEADLINE]
        diff = (cur - ref).to_numpy()
        if np.ptp(diff) == 0 and ((cur > horizon) | (ref > horizon)).any():
            return np.inf
        _, lo, hi, _ = mean_ci(diff)
        widths.append((hi - lo) / 2 if np.isfinite(hi - lo) else 0.0)
    return max(widths)


def seeds_needed(n: int, half: float, tol: float) -> int:
    """Seeds for a ±``tol`` interval, from ±``half`` at ``n``: a width shrinks as 1/√n."""
    if not np.isfinite(half) or tol <= 0:
        return 0
    return max(int(np.ceil(n * (half / tol) ** 2)), 2)


def _note(fixed: int | None, n: int, half: float, tol: float, cap: int, arms: int) -> str:
    what = "headline interval" if arms > 1 else "interval of the headline mean"
    need = seeds_needed(n, half, tol)
    howmany = (f"the {what} ({HEADLINE}) is ±{half:.1f} weeks at {count_noun(n, 'seed')}; "
               f"±{tol:g} would need about {n}·({half:.1f}/{tol:g})² ≈ "
               f"{count_noun(need, 'seed')}.") if np.isfinite(half) else \
        f"the {what} is undefined at {count_noun(n, 'seed')}."
    if fixed is not None:
        return f"{count_noun(n, 'replication')} per strategy (as requested); {howmany}"
    if half <= tol:
        return (f"{count_noun(n, 'replication')} per strategy, chosen so the 95% interval of "
                f"every paired difference in {HEADLINE} is within ±{tol:g} weeks (it is "
                f"±{half:.1f}).")
    return f"stopped at the cap of {count_noun(cap, 'replication')} per strategy; {howmany}"




__all__ = ["FOCAL_METRICS", "HEADLINE", "LEVER_KEYS", "REASON_LABELS", "Strategy",
           "StrategyComparison", "apply_strategy", "compare_strategies", "count_noun",
           "explain", "focal_seats", "list_strategies", "load_strategy", "pairwise_table",
           "seeds_needed", "strategy_dir"]

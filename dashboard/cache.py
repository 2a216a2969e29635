"""The dashboard's only door to the model: every simulation goes through here, cached.

Cached functions are keyed on the configuration's JSON and the seed (never on widget
state), and cache one run per seed, so raising replications from 5 to 10 reuses the
first five and a page can draw a progress bar between runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from sim import (
    Results,
    RunResult,
    compare_configs,
    list_presets,
    load_scenario,
    replication_seeds,
    run,
    run_one,
)
from sim.config import SimConfig

Progress = Callable[[int, int], None] | None


def config_key(cfg: SimConfig) -> str:
    """The cache key of a configuration: its canonical JSON."""
    return cfg.model_dump_json()


def config_from_key(key: str) -> SimConfig:
    """Rebuild the configuration from :func:`config_key`'s output."""
    return SimConfig.model_validate_json(key)


@st.cache_data(show_spinner=False)
def presets() -> list[tuple[str, str]]:
    """(name, description) of every shipped preset."""
    return list_presets()


@st.cache_data(show_spinner=False)
def _preset_key(name: str) -> str:
    return config_key(load_scenario(name).config)


def preset_config(name: str) -> SimConfig:
    """The configuration of a preset (raises ``ScenarioError`` for an unknown name)."""
    return config_from_key(_preset_key(name))


@st.cache_data(show_spinner=False, max_entries=1024)
def _run_seed(key: str, seed: int) -> tuple[dict[str, float], pd.DataFrame]:
    """One run: its summary metrics and its weekly frame (the other frames are dropped)."""
    res = run_one(config_from_key(key), seed)
    return res.metrics, res.weekly


def _cached_run(cfg: SimConfig, seed: int) -> RunResult:
    """:func:`sim.run_one` from the cache: metrics and the weekly frame, no other frame."""
    metrics, weekly = _run_seed(config_key(cfg), seed)
    empty = pd.DataFrame()
    return RunResult(seed=seed, config=cfg, metrics=metrics, weekly=weekly.copy(),
                     events=empty.copy(), startups=empty.copy(), requisitions=empty.copy())


def run_market(cfg: SimConfig, replications: int, base_seed: int,
               on_progress: Progress = None) -> Results:
    """Run ``replications`` seeds derived from ``base_seed`` through :func:`sim.run`.

    Each seed's run is cached, so raising replications reuses the runs already made.

    Args:
        cfg: The configuration.
        replications: Number of runs.
        base_seed: Base of the derived seeds (the same as the CLI's ``--seed``).
        on_progress: Called as ``on_progress(done, total)`` after each run.

    """
    return run(cfg, replications=replications, base_seed=base_seed, on_progress=on_progress,
               runner=_cached_run)


@dataclass
class ArmsRun:
    """A paired comparison of arms plus each arm's weekly frames."""

    arms: list[str]
    runs: pd.DataFrame  # arm, replication, seed, metrics...
    table: pd.DataFrame  # sim.experiments.compare.Comparison.table
    weekly: pd.DataFrame  # arm, replication, seed, week, series...


def compare_arms(configs: Mapping[str, SimConfig], replications: int, base_seed: int,
                 on_progress: Progress = None) -> ArmsRun:
    """Compare arms on common random numbers; every run is cached per (config, seed).

    Args:
        configs: Arm label → configuration; the first arm is the reference.
        replications: Seeds per arm (the same seeds for every arm).
        base_seed: Base of the derived seeds.
        on_progress: Called as ``on_progress(done, total)`` after each run.

    """

    def runner(cfg: SimConfig, seed: int) -> dict[str, float]:
        return _run_seed(config_key(cfg), seed)[0]

    comparison = compare_configs(dict(configs), replications=replications, base_seed=base_seed,
                                 on_progress=on_progress, runner=runner)
    frames = []
    for arm, cfg in configs.items():
        key = config_key(cfg)
        for i, seed in enumerate(replication_seeds(base_seed, replications)):
            frames.append(_run_seed(key, seed)[1].assign(arm=arm, replication=i, seed=seed))
    return ArmsRun(arms=comparison.arms, runs=comparison.runs, table=comparison.table,
                   weekly=pd.concat(frames, ignore_index=True))


@st.cache_data(show_spinner=False, max_entries=32)
def _strategies(key: str, names: tuple[str, ...], replications: int | None, base_seed: int,
                _state: dict | None = None) -> Any:
    """A cached strategy comparison; progress goes to ``_state`` (never to Streamlit)."""
    from sim import compare_strategies

    def note(done: int, total: int) -> None:
        if _state is not None:
            _state["progress"] = (done, total)

    return compare_strategies(config_from_key(key), list(names), replications=replications,
                              base_seed=base_seed, on_progress=note)


def _in_background(func: Callable[..., Any], *args: Any, on_progress: Progress) -> Any:
    """Run a cached function in a worker thread, relaying its progress to ``on_progress``.

    The cached function itself never touches Streamlit (its cached value could not be
    replayed otherwise); the page's progress bar is updated from this thread instead.
    """
    state: dict[str, tuple[int, int]] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(func, *args, _state=state)
        while True:
            try:
                return future.result(timeout=0.15)
            except FutureTimeout:
                if on_progress is not None and "progress" in state:
                    on_progress(*state["progress"])


def strategy_names() -> list[tuple[str, str]]:
    """(name, description) of every shipped hiring strategy."""
    from sim import list_strategies

    return list_strategies()


def compare_strategies(cfg: SimConfig, strategies: list[str], replications: int | None,
                       base_seed: int, on_progress: Progress = None) -> Any:
    """The focal startup under each strategy on common random numbers (cached).

    Args:
        cfg: The scenario with the founder's ``focal`` startup.
        strategies: Strategy names; the first is the reference.
        replications: Seeds per strategy, or None to let the engine choose.
        base_seed: Base of the derived seeds.
        on_progress: Called as ``on_progress(done, total)`` while runs finish.

    Returns:
        ``sim.experiments.strategy_lab.StrategyComparison``.

    """
    return _in_background(_strategies, config_key(cfg), tuple(strategies), replications,
                          base_seed, on_progress=on_progress)


OFFER_WORKERS = 1
"""Offer checks run in the page's own process: a worker process started from a page
(spawn or forkserver) re-runs the page script, which Streamlit installs as ``__main__``."""


@st.cache_data(show_spinner=False, max_entries=32)
def _offer(key: str, offer: str, company: str, replications: int, base_seed: int,
           target: float, _state: dict | None = None) -> dict[str, Any]:
    """A cached offer check; progress goes to ``_state`` (never to Streamlit)."""
    from sim import check_offer, offer_from_fields

    def note(done: int, total: int) -> None:
        if _state is not None:
            _state["progress"] = (done, total)

    spec = offer_from_fields(config_from_key(key), json.loads(offer), json.loads(company))
    return check_offer(spec, replications=replications, base_seed=base_seed, target=target,
                       workers=OFFER_WORKERS, on_progress=note)


def offer_check(cfg: SimConfig, offer: Mapping[str, Any], company: Mapping[str, Any],
                replications: int, base_seed: int, target: float,
                on_progress: Progress = None) -> dict[str, Any]:
    """Check one offer against the market (``sim.check_offer``), cached per input.

    Args:
        cfg: The market.
        offer: The offer's terms (the fields of an offer file's ``[offer]`` table).
        company: The employer's money (``cash_musd``, ``other_burn``, ``post_money_musd``).
        replications: Seeds per option (the offer as made and each what-if).
        base_seed: Base of the derived seeds.
        target: P(accept) the what-ifs try to reach.
        on_progress: Called as ``on_progress(done, total)`` while runs finish.

    Returns:
        The offer check's report (P(accept), segments, percentile, reasons, what-ifs).

    Raises:
        ValueError: a term the model cannot express (``OfferError``, naming the field).

    """
    from sim import offer_from_fields

    offer_from_fields(cfg, offer, company)  # a bad field fails here, before any run
    return _in_background(_offer, config_key(cfg), json.dumps(dict(offer), sort_keys=True),
                          json.dumps(dict(company), sort_keys=True), replications, base_seed,
                          target, on_progress=on_progress)


def founder_file(text: str) -> Any:
    """A founder's file given as TOML text, loaded and checked as a file on disk would be.

    The text is written to a private temporary folder and read by ``sim.load_scenario``, so
    ``extends`` (a preset), every table and ``[search]`` are checked exactly as for
    ``hiresim plan FILE``.

    Raises:
        sim.ScenarioError: the text is not a valid founder's file (names the field).

    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="hiresim-plan-") as folder:
        path = Path(folder) / "founder.toml"
        path.write_text(text, encoding="utf-8")
        return load_scenario(path)


@st.cache_data(show_spinner=False, max_entries=16)
def _plan_search(key: str, search_json: str, trials: int, seeds: int, final_seeds: int,
                 finalists: int, base_seed: int, _state: dict | None = None) -> Any:
    """A cached plan search; progress goes to ``_state`` (never to Streamlit)."""
    from sim import build_plan_space, search_plans
    from sim.config import PlanSearchConfig

    def note(done: int, total: int) -> None:
        if _state is not None:
            _state["progress"] = (done, total)

    cfg = config_from_key(key)
    space = build_plan_space(cfg, PlanSearchConfig.model_validate_json(search_json))
    return search_plans(cfg, space, trials=trials, seeds=seeds, final_seeds=final_seeds,
                        finalists=finalists, base_seed=base_seed, on_progress=note)


def search_plans(cfg: SimConfig, search: Any, trials: int, seeds: int, final_seeds: int,
                 finalists: int, base_seed: int, on_progress: Progress = None) -> Any:
    """Search the plans of ``search`` for the founder's startup in ``cfg`` (cached).

    The study is kept in memory (the CLI's ``hiresim plan --out`` keeps it on disk).

    Args:
        cfg: The market with the founder's ``focal`` startup (the current plan).
        search: The file's ``[search]`` table (``PlanSearchConfig``).
        trials: Plans the search tries.
        seeds: Common seeds each trial runs on.
        final_seeds: Fresh seeds the finalists and the current plan run on.
        finalists: Best plans re-run on the fresh seeds.
        base_seed: Seed of the search's seeds, its sampler and the fresh seeds.
        on_progress: Called as ``on_progress(done, total)`` while runs finish.

    Returns:
        ``sim.experiments.plan_search.PlanSearchResult``.

    """
    return _in_background(_plan_search, config_key(cfg), search.model_dump_json(), trials,
                          seeds, final_seeds, finalists, base_seed, on_progress=on_progress)


def sweep_fingerprint(folder: str | Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of a sweep folder's files (a cache key part)."""
    root = Path(folder)
    files = [root / "manifest.json", root / "runs.parquet", *sorted(root.glob("chunks/*"))]
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


@st.cache_data(show_spinner="Reading the sweep…", max_entries=16)
def _sweep_runs(folder: str, fingerprint: tuple) -> tuple[dict, pd.DataFrame]:
    from sim.sweep import load_sweep

    runs = load_sweep(folder)
    manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    return manifest, runs


@st.cache_data(show_spinner="Analysing the sweep…", max_entries=64)
def _sweep_analysis(folder: str, fingerprint: tuple, metric: str) -> Any:
    from sim.sweep import analyze_sweep

    return analyze_sweep(folder, metrics=[metric])


@st.cache_data(show_spinner="Finding the region (PRIM)…", max_entries=32)
def _sweep_discovery(folder: str, fingerprint: tuple, where: str) -> Any:
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")  # the PRIM library imports pyplot
    from sim.sweep import discover_sweep

    return discover_sweep(folder, where)


def sweep_runs(folder: str | Path) -> tuple[dict, pd.DataFrame]:
    """The manifest and the run table of a sweep folder (re-read when files change).

    Raises:
        ValueError: the folder holds no sweep (``sim.sweep.StoreError``).

    """
    return _sweep_runs(str(folder), sweep_fingerprint(folder))


def sweep_analysis(folder: str | Path, metric: str) -> Any:
    """``sim.sweep.analyze_sweep`` of one metric: effects, heat maps, Sobol or Morris."""
    return _sweep_analysis(str(folder), sweep_fingerprint(folder), metric)


def sweep_discovery(folder: str | Path, where: str) -> Any:
    """``sim.sweep.discover_sweep``: where in the inputs ``where`` holds (PRIM).

    Raises:
        ValueError: a malformed condition or an unknown metric (``DiscoveryError``).

    """
    return _sweep_discovery(str(folder), sweep_fingerprint(folder), where)


def clear() -> None:
    """Drop every cached result (used by tests)."""
    st.cache_data.clear()

"""Offer check: P(accept) of one offer, why it loses, and what would close it.

The offer becomes the focal startup of a market (its base pay as ``pay_mult`` of the
stage's band, its grant as ``equity_mult`` of the stage's grant, its levers) with one
planned seat of the offer's role and seniority. Every number comes from simulated runs
on common seeds: who reached the offer and what they decided (the model's own
valuation against their other offers and staying put), where decliners went, and the
same runs with the terms changed (the what-ifs are paired with the offer as made).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from typing import Any

import numpy as np

from sim.config import SimConfig
from sim.config.codes import (
    BIGTECH,
    EV_CLOSING_CALL,
    EV_HIRE,
    EV_OFFER,
    EV_PROCESS_END,
    EV_RAISE,
    HIRED,
    LOST_TO_FASTER,
)
from sim.config.params import ROLES, SENIORITIES
from sim.experiments.offer_file import (
    SEGMENTS,
    Offer,
    OfferError,
    OfferFile,
    focal_config,
    market_terms,
)
from sim.experiments.stats import interval, mean_ci
from sim.model.rng import derive_seed

OFFER_KINDS = (EV_OFFER, EV_CLOSING_CALL)
"""Events where a seat puts its offer to a finalist: written, or turned down at the closing
call before it was written (M9). Both count as offers made, so P(accept) is accepted ÷
finalists offered the seat: a finalist who says no on the call is a decline."""


def offer_run(cfg: SimConfig, seed: int) -> dict[str, np.ndarray | float]:
    """One run: the focal seat's offers, their outcomes and the market's offers for the seat."""
    from sim.model.market import Market
    from sim.model.rules.search import pay_appeal  # the model's own pay-floor rule

    m = Market(cfg, seed=seed)
    kind_at_offer = np.full(m.cands.n, -1, dtype=np.int8)
    for _ in range(cfg.market.weeks):
        before, seen = m.cands.employer_kind.copy(), len(m.events)
        m.step()
        ev = m.events
        new = np.arange(seen, len(ev))
        new = new[np.isin(ev["kind"][new], OFFER_KINDS) & (ev["firm"][new] == 0)]
        kind_at_offer[ev["cand"][new]] = before[ev["cand"][new]]
    e, c, r = m.events.to_dict(), m.cands, m.reqs
    raised = e["week"][(e["kind"] == EV_RAISE) & (e["firm"] == 0)]
    until = raised.min() if len(raised) else cfg.market.weeks  # the offer's stage only
    made = np.isin(e["kind"], OFFER_KINDS)
    focal = (made & (e["firm"] == 0) & (e["week"] < until)).nonzero()[0]
    ends = ((e["kind"] == EV_PROCESS_END) & (e["firm"] == 0)).nonzero()[0]
    end_of = {(int(e["req"][i]), int(e["cand"][i])): i for i in ends}
    rows = [(i, end_of[(int(e["req"][i]), int(e["cand"][i]))]) for i in focal
            if (int(e["req"][i]), int(e["cand"][i])) in end_of]  # decided before the end
    hired = {(int(e["cand"][i]), int(e["week"][i]))
             for i in ((e["kind"] == EV_HIRE) & (e["firm"] == 0)).nonzero()[0]}
    # A candidate who held two of the seat's offers took one: the other is no decline.
    rows = [(a, b) for a, b in rows if e["cause"][b] == HIRED
            or (int(e["cand"][b]), int(e["week"][b])) not in hired]
    off = np.array([a for a, _ in rows], dtype=np.int64)
    end = np.array([b for _, b in rows], dtype=np.int64)
    cand = e["cand"][off]
    sen = r["seniority"][e["req"]]
    same = (made & (e["firm"] != 0) & (e["role"] == ROLES.index(
        cfg.focal.seats[0].role)) & (sen == SENIORITIES.index(cfg.focal.seats[0].seniority)))
    values, bases = e["value"][same], r["posted_base"][e["req"][same]]
    seat = r["firm"] == 0
    focal_base = float(r["posted_base"][seat][0]) if seat.any() else math.nan
    near = np.abs(c.seniority - r["seniority"][seat][0]) <= 1 if seat.any() else None
    pool = ((c.role == r["role"][seat][0]) & near & c.entered).nonzero()[0] if seat.any() \
        else np.empty(0, dtype=np.int64)
    appeal = pay_appeal(m, pool, np.full(len(pool), seat.nonzero()[0][0])) if len(pool) \
        else np.empty(0)
    grant = _grant_value(m, pool, int(r["seniority"][seat][0])) if len(pool) else math.nan
    lost = ends[(e["cause"][ends] == LOST_TO_FASTER) & (e["week"][ends] < until)]
    return {
        "accepted": e["cause"][end] == HIRED, "took": e["took_kind"][end],
        "would_explained": e["explained_would_accept"][end],
        "countered": e["countered"][end], "at_call": e["kind"][off] == EV_CLOSING_CALL,
        "percentile": np.array([np.mean(values < v) if len(values) else math.nan
                                for v in e["value"][off]]),
        "base_percentile": float(np.mean(bases < focal_base)) if len(bases) else math.nan,
        "security": c.security[cand] > c.security_median,
        "gamma": c.gamma[cand] > np.median(c.gamma), "w_own": c.w_own[cand] > np.median(c.w_own),
        "at_bigtech": kind_at_offer[cand] >= BIGTECH,
        "lost_midprocess": float(len(lost)),
        "pay_floor_deterred": float(1.0 - appeal.mean()) if len(appeal) else math.nan,
        "grant_value": grant,
    }


def _grant_value(m: Any, pool: np.ndarray, seniority: int) -> float:
    """Median value of the offer's grant (kUSD/yr) to would-be applicants, as presented.

    The model's own valuation (M3, M10): the certainty equivalent of the equity lottery
    on each candidate's savings, per vesting year, at the end of the run.
    """
    from sim.model.rules.valuation import value_offers

    n = len(pool)
    vals = value_offers(m.cfg, m.cands, m.firms, pool, np.zeros(n, dtype=np.intp),
                        np.full(n, seniority, dtype=np.intp), np.zeros(n), np.zeros(n),
                        m.bigtech_pay_mult)
    return float(np.median(vals.equity))


def ratio_ci(hits: np.ndarray, tries: np.ndarray) -> tuple[float, float, float]:
    """Pooled share hits/tries over runs, with a 95% interval over runs (linearised)."""
    z = _linear(hits, tries)
    if z is None:
        return (math.nan, math.nan, math.nan)
    share = hits.sum() / tries.sum()
    _, lo, hi, _ = mean_ci(z)
    return (float(share), float(max(share + lo, 0.0)), float(min(share + hi, 1.0)))


def _linear(hits: np.ndarray, tries: np.ndarray) -> np.ndarray | None:
    if tries.sum() == 0:
        return None
    return (hits - hits.sum() / tries.sum() * tries) / tries.mean()


EQUITY_STEPS = (1.5, 2.0)
"""Bigger grants tried, × the offer's (equity ×1.5 and ×2)."""


def whatif_offers(offer: Offer) -> list[tuple[str, Offer]]:
    """The changes to try: base steps, explaining, bigger grants, a lean process.

    An offer shown as base salary only tries its bigger grants explained ("explain the
    package + equity ×2"): unexplained, candidates count a grant at
    ``valuation.option_factor_base_only`` (0.1) of its fair value (M3), so a bigger grant
    alone adds almost nothing to the offer's value and cannot move P(accept).
    """
    arms = [(f"base +{p}%", replace(offer, base_kusd=offer.base_kusd * (1 + p / 100)))
            for p in (5, 10, 15, 20)]
    arms += [("explain the package", replace(offer, explained=True))] * (not offer.explained)
    prefix = "" if offer.explained else "explain the package + "
    arms += [(f"{prefix}equity ×{x:g}", replace(offer, explained=True,
                                                 equity_pct=offer.equity_pct * x))
             for x in EQUITY_STEPS if offer.equity_pct > 0]
    arms += [("lean process", replace(offer, lean=True))] * (not offer.lean)
    return arms


def check_offer(
    spec: OfferFile, replications: int = 20, base_seed: int = 0, target: float = 0.7,
    workers: int = 2, seats: int = 6, on_progress: Callable[[int, int], None] | None = None,
    runner: Callable[[SimConfig, int], dict[str, Any]] = offer_run,
) -> dict[str, Any]:
    """P(accept) by segment, percentile, reasons and the what-if table (a JSON-ready dict)."""
    arms = [("as offered", spec.offer), *whatif_offers(spec.offer)]
    cfgs = {}
    for label, offer in arms:
        try:
            cfgs[label] = focal_config(spec.market, offer, spec.company, seats=seats)
        except OfferError:  # a step beyond what the model can express: not tried
            continue
    # The seeds of sim.experiments.runs.replication_seeds, without importing the run path
    # (pandas frames, the model) into this process: the workers import the model.
    seeds = [derive_seed(base_seed, i) for i in range(replications)]
    jobs = [(label, i, seed) for i, seed in enumerate(seeds) for label in cfgs]
    out: dict[str, list[dict[str, Any]]] = {label: [None] * len(seeds) for label in cfgs}
    for done, (label, i, res) in enumerate(_map(cfgs, jobs, runner, workers), start=1):
        out[label][i] = res
        if on_progress is not None:
            on_progress(done, len(jobs))
    report = _report(spec, arms, cfgs, out, target, replications)
    report["seats_per_run"] = seats
    return report


def _map(cfgs: Mapping[str, SimConfig], jobs: list[tuple[str, int, int]],
         runner: Callable[[SimConfig, int], dict[str, Any]], workers: int) -> Any:
    if workers <= 1:
        for label, i, seed in jobs:
            yield label, i, runner(cfgs[label], seed)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(workers, mp_context=_mp_context()) as pool:
        futures = {pool.submit(runner, cfgs[label], seed): (label, i) for label, i, seed in jobs}
        # While the fork server imports the model (about 1 s of one core), load what the
        # report needs here rather than after the last run.
        import scipy.stats  # noqa: F401
        try:
            for fut in as_completed(futures):
                yield (*futures[fut], fut.result())
        finally:
            pool.shutdown(cancel_futures=True)


PRELOAD = ("sim.experiments.offer_check", "sim.model.market")
"""Modules the fork server imports once, so that each worker starts with the model loaded
instead of importing it itself (about 1.5 s of CPU per worker)."""


def _mp_context() -> Any:
    """A fork server that has imported the model; never a fork of this process.

    Forking a process that has started numpy's or pandas' threads is unsafe (Python
    3.12 warns); a fork server is one clean process, forked again for each worker.
    """
    import multiprocessing as mp

    if "forkserver" not in mp.get_all_start_methods():  # pragma: no cover - not Linux
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


def _counts(runs: list[dict[str, Any]], mask: str | None = None, value: bool = True,
            key: str = "accepted") -> tuple[np.ndarray, np.ndarray]:
    sel = [np.ones(len(r["accepted"]), bool) if mask is None else r[mask] == value for r in runs]
    return (np.array([np.count_nonzero(r[key] & s) for r, s in zip(runs, sel, strict=True)]),
            np.array([np.count_nonzero(s) for s in sel]))


def _bounded_mean(values: list[float], high: float | None) -> tuple[float, float, float]:
    """Mean over runs and its 95% interval within [0, ``high``] (a bootstrap)."""
    ci = interval(np.asarray(values, dtype=float), "bootstrap", 0.0, high)
    return (ci.mean, ci.low, ci.high)


def _what_decliners_did(runs: list[dict[str, Any]]) -> list[tuple[str, np.ndarray]]:
    """Declines per run by what the candidate did instead; the four split every decline.

    A candidate who stayed because their employer countered their resignation (M15) is
    counted as that, not as taking the employer's offer (the engine logs the employer's
    kind as the offer taken, and flags the decline ``countered``).
    """
    def count(test: Callable[[dict[str, Any]], np.ndarray]) -> np.ndarray:
        return np.array([np.count_nonzero(~r["accepted"] & test(r)) for r in runs])

    return [
        ("took big tech's or a lab's offer (cash)",
         count(lambda r: ~r["countered"] & (r["took"] >= BIGTECH))),
        ("took another startup's offer", count(lambda r: ~r["countered"] & (r["took"] == 0))),
        ("stayed for a counter-offer from their employer", count(lambda r: r["countered"])),
        ("stayed put (current job or search)", count(lambda r: ~r["countered"] & (r["took"] < 0))),
    ]


def _report(spec: OfferFile, arms: list[tuple[str, Offer]], cfgs: Mapping[str, SimConfig],
            out: Mapping[str, list[dict[str, Any]]], target: float, reps: int) -> dict[str, Any]:
    base = out["as offered"]
    hits, tries = _counts(base)
    p = ratio_ci(hits, tries)
    segments = [{"segment": name, "group": group, "p_accept": ratio_ci(*_counts(base, key_, v)),
                 "offers": int(_counts(base, key_, v)[1].sum())}
                for name, key_ in SEGMENTS
                for group, v in ((("no", False), ("yes", True)) if key_ == "at_bigtech"
                                 else (("low", False), ("high", True)))]
    reasons = [{"reason": label, "share_of_offers": ratio_ci(n, tries), "partition": True}
               for label, n in _what_decliners_did(base)]
    for label, key in (("declined at the closing call, before the offer was written",
                        "at_call"),
                       ("unexplained equity (would have accepted had it been explained)",
                        "would_explained")):
        n = np.array([np.count_nonzero(~r["accepted"] & r[key]) for r in base])
        reasons.append({"reason": label, "share_of_offers": ratio_ci(n, tries),
                        "partition": False})
    # Means over runs of bounded quantities: a bootstrap interval within their bounds
    # (a t-interval over few runs can leave them, e.g. a percentile below 0).
    per_run = {k: _bounded_mean([r[k] for r in base], high)
               for k, high in (("lost_midprocess", None), ("pay_floor_deterred", 1.0),
                               ("base_percentile", 1.0), ("grant_value", None))}
    pct = _bounded_mean([r["percentile"].mean() if len(r["percentile"]) else math.nan
                         for r in base], 1.0)
    band, grant = market_terms(spec.market, spec.offer)
    cash, burn = cfgs["as offered"].focal.cash_musd * 1000, cfgs["as offered"].focal.other_burn
    z0 = _linear(hits, tries)
    table = []
    for label, offer in arms:
        if label not in cfgs:
            table.append({"change": label, "note": "outside what the model can express"})
            continue
        h, t = _counts(out[label])
        pa, za = ratio_ci(h, t), _linear(h, t)
        diff = (math.nan,) * 3 if za is None or z0 is None else \
            tuple(pa[0] - p[0] + d for d in mean_ci(za - z0)[:3])
        # A difference of two shares lies in [-1, 1]; a t-interval over few runs can leave it.
        diff = (diff[0], max(diff[1], -1.0), min(diff[2], 1.0))
        extra = offer.base_kusd - spec.offer.base_kusd
        runway0 = cash / (burn + spec.offer.base_kusd / 52)
        equity_cost = ((offer.equity_pct - spec.offer.equity_pct) / 100
                       * cfgs[label].focal.post_money_musd * 1000 / offer.vesting_years)
        table.append({
            "change": label, "p_accept": pa, "diff": diff, "offers": int(t.sum()),
            "cash_cost_kusd_per_year": extra, "equity_cost_kusd_per_year": equity_cost,
            "runway_weeks_lost": runway0 - cash / (burn + offer.base_kusd / 52),
            "grant_value_kusd_per_year": float(np.nanmean([r["grant_value"]
                                                           for r in out[label]])),
            "reaches_target": bool(pa[0] >= target)})
    ok = [w for w in table[1:] if w.get("reaches_target")]
    cheapest = min(ok, key=lambda w: (w["cash_cost_kusd_per_year"],
                                      w["equity_cost_kusd_per_year"]))["change"] if ok else None
    return {
        "name": spec.name, "offer": asdict(spec.offer), "market_base_kusd": band,
        "market_grant_pct": grant, "replications": reps, "weeks": spec.market.market.weeks,
        "target": target, "p_accept": p, "offers": int(tries.sum()),
        "written_offers": int(sum(np.count_nonzero(~r["at_call"]) for r in base)),
        "segments": segments, "grant_value_kusd_per_year": per_run["grant_value"],
        "equity_steps_explained": bool(not spec.offer.explained and spec.offer.equity_pct > 0),
        "equity_factor_base_only": spec.market.valuation.option_factor_base_only,
        "equity_factor_explained": spec.market.valuation.option_factor_explained,
        "value_percentile": pct, "base_percentile": per_run["base_percentile"],
        "reasons": reasons, "lost_midprocess_per_run": per_run["lost_midprocess"],
        "pay_floor_deterred": per_run["pay_floor_deterred"], "whatifs": table,
        "already_reaches_target": bool(p[0] >= target), "cheapest": cheapest,
        "startup_cash_kusd": cash, "startup_other_burn_kusd_per_week": burn,
    }

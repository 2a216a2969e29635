"""Candidates as a struct of numpy arrays: one row per person, one column per trait.

Each candidate is an individual with their own traits and decisions, stored as
columns (as array-based ABMs such as Starsim do) so that a weekly phase is a few
array operations over thousands of people rather than a Python loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.config import SimConfig
from sim.config.codes import BIGTECH, GENERAL, INFERENCE, OUTSIDE, UNEMPLOYED
from sim.model.rng import normalised


@dataclass
class Candidates:
    """All candidates (ML roles, general engineers, and future entrants)."""

    role: np.ndarray  # int8: ROLES index, or GENERAL
    seniority: np.ndarray  # int8: SENIORITIES index
    skill: np.ndarray  # float: standard-normal ability within role
    breadth: np.ndarray  # float 0–1: how generalist (reach beyond own role)
    builder: np.ndarray  # float 0–1: 1 = builder, 0 = operator (M7), before big-tech drift
    security: np.ndarray  # float: savings in years of pay (M10)
    gamma: np.ndarray  # float: CRRA relative risk aversion
    w_own: np.ndarray  # float: weight on ownership (M10)
    w_impact: np.ndarray  # float: weight on visible impact
    w_speed: np.ndarray  # float: weight on decision speed
    fit_mult: np.ndarray  # float: < 1 for adjacent-field candidates (M5)
    talent: np.ndarray  # float: productivity from skill and fit, 0.5–1.5 × fit_mult
    employer: np.ndarray  # int32: firm id, UNEMPLOYED or OUTSIDE
    employer_kind: np.ndarray  # int8: firm kind of the employer, -1 if none
    hired_week: np.ndarray  # int32: week the current job started (negative: before t=0)
    hire_fit: np.ndarray  # float: true fit to the role they were hired into
    pay: np.ndarray  # float kUSD/yr: value of current cash pay
    salary: np.ndarray  # float kUSD/yr: base salary the employer pays (payroll)
    nonpay: np.ndarray  # float kUSD/yr: value of current job's ownership/impact/speed
    searching: np.ndarray  # bool: actively looking
    search_until: np.ndarray  # int32: week an employed searcher gives up
    search_start: np.ndarray  # int32: week the current (or last) search began; -1 never
    max_procs: np.ndarray  # int16: processes they will run at once
    first_offer_week: np.ndarray  # int32: week they first held a current offer, -1 if none
    entered: np.ndarray  # bool: in the market (False: a future entrant)
    security_median: float = 1.0  # years of pay: the population's median security

    @property
    def n(self) -> int:
        """Number of rows, including future entrants."""
        return len(self.role)


def reservoir_size(cfg: SimConfig) -> int:
    """Rows kept for future entrants: the expected inflow plus four standard deviations."""
    c = cfg.candidates
    expected = c.n_ml * c.entry_rate * cfg.market.weeks / 52.0
    return int(math.ceil(expected + 4.0 * math.sqrt(expected) + 2))


def create_candidates(cfg: SimConfig, rng: np.random.Generator) -> Candidates:
    """Draw the initial population and the reservoir of future entrants.

    Employment at start: a share at big tech (firm ids assigned later by the market),
    the active share unemployed and looking, the rest employed outside the simulated
    firms. Startups' initial teams are staffed later from the outside-employed.
    """
    c = cfg.candidates
    n_ml, n_gen, n_res = c.n_ml, int(round(c.n_ml * c.general_per_ml)), reservoir_size(cfg)
    n = n_ml + n_gen + n_res
    role = np.empty(n, dtype=np.int8)
    role[:n_ml] = rng.choice(5, size=n_ml, p=normalised(c.role_share.as_tuple()))
    role[n_ml : n_ml + n_gen] = GENERAL
    role[n_ml + n_gen :] = rng.choice(5, size=n_res, p=normalised(c.role_share.as_tuple()))
    seniority = rng.choice(4, size=n, p=normalised(c.seniority_share.as_tuple())).astype(np.int8)
    seniority[n_ml + n_gen :] = 0  # entrants start junior

    adjacent = (role == INFERENCE) & (rng.random(n) < c.adjacent_share)
    builder = rng.beta(2.0, 2.0, size=n)
    years_bt = np.zeros(n)
    entered = np.ones(n, dtype=bool)
    entered[n_ml + n_gen :] = False

    employer = np.full(n, OUTSIDE, dtype=np.int32)
    employer_kind = np.full(n, -1, dtype=np.int8)
    ml_idx = np.arange(n_ml)
    at_bt = ml_idx[rng.random(n_ml) < c.employed_bigtech_share]
    employer_kind[at_bt] = BIGTECH  # firm ids are assigned by the market
    years_bt[at_bt] = rng.exponential(3.0, size=len(at_bt))
    hired_week = -np.round(rng.exponential(2.5 * 52, size=n)).astype(np.int32)
    # Big-tech tenure (which makes operators and breeds frustration, M7, M10) is counted
    # from hired_week; see aged_builder and aged_frustration.
    hired_week[at_bt] = -np.round(years_bt[at_bt] * 52).astype(np.int32)

    searching = np.zeros(n, dtype=bool)
    active = rng.random(n_ml + n_gen) < c.active_share
    searching[: n_ml + n_gen] = active
    unemployed = active & (rng.random(n_ml + n_gen) < 0.4) & (employer_kind[: n_ml + n_gen] < 0)
    employer[: n_ml + n_gen][unemployed] = UNEMPLOYED
    search_until = np.where(
        searching, rng.geometric(1.0 / c.search_weeks, size=n), 0).astype(np.int32)

    extra = np.where(seniority >= 2, c.senior_extra_processes, 0.0)
    max_procs = np.clip(rng.poisson(c.max_processes - 1.0 + extra) + 1, 1, 20).astype(np.int16)
    skill = rng.standard_normal(n)
    fit_mult = np.where(adjacent, c.adjacent_fit, 1.0)
    return Candidates(
        role=role,
        seniority=seniority,
        skill=skill,
        breadth=rng.beta(2.0, 2.0, size=n),
        builder=builder,
        security=c.security_median * np.exp(c.security_sigma * rng.standard_normal(n)),
        gamma=c.gamma_median * np.exp(c.gamma_sigma * rng.standard_normal(n)),
        w_own=np.exp(0.5 * rng.standard_normal(n) - 0.125),
        w_impact=np.exp(0.5 * rng.standard_normal(n) - 0.125),
        w_speed=np.exp(0.5 * rng.standard_normal(n) - 0.125),
        fit_mult=fit_mult,
        talent=np.clip(1.0 + 0.2 * skill, 0.5, 1.5) * fit_mult,
        employer=employer,
        employer_kind=employer_kind,
        hired_week=hired_week,
        hire_fit=np.ones(n),
        pay=np.zeros(n),
        salary=np.zeros(n),
        nonpay=np.zeros(n),
        searching=searching,
        search_until=search_until,
        search_start=np.where(searching, 0, -1).astype(np.int32),  # week 0: already looking
        max_procs=max_procs,
        first_offer_week=np.full(n, -1, dtype=np.int32),
        entered=entered,
        security_median=c.security_median,
    )


def big_tech_years(c: Candidates, idx: np.ndarray, week: int) -> np.ndarray:
    """Years in the current job for big-tech and lab staff, 0 for everyone else."""
    # Big tech and labs are the kind codes above STARTUP (the rest are STARTUP or -1).
    return np.where(c.employer_kind[idx] >= BIGTECH, (week - c.hired_week[idx]) / 52.0, 0.0)


def aged_frustration(c: Candidates, idx: np.ndarray, week: int, cfg: SimConfig) -> np.ndarray:
    """Progression frustration now: it grows with tenure in the current big-tech job (M10).

    It is a function of tenure alone, so it needs no column of its own: leaving the job
    resets it (a new big-tech job starts its tenure, and so its frustration, at zero).
    """
    return cfg.candidates.frustration_per_year * big_tech_years(c, idx, week)


def aged_builder(c: Candidates, idx: np.ndarray, week: int, cfg: SimConfig) -> np.ndarray:
    """Builder trait now: big-tech tenure drifts people toward 'operator' (M7)."""
    drift = cfg.candidates.operator_drift_per_year * big_tech_years(c, idx, week)
    # minimum(maximum()) is np.clip without its Python-level wrapper (called weekly)
    return np.minimum(np.maximum(c.builder[idx] - drift, 0.0), 1.0)


def settle_traits(c: Candidates, idx: np.ndarray, week: int, cfg: SimConfig) -> None:
    """Fix the tenure-driven builder trait before people leave their job.

    (Frustration needs no fixing: it resets with tenure, see :func:`aged_frustration`.)
    """
    c.builder[idx] = aged_builder(c, idx, week, cfg)

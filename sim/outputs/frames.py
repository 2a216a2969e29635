"""Tidy result frames of one run: weekly, events, startups, requisitions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.config.codes import (
    CAUSE_NAMES,
    EVENT_KINDS,
    FIRM_KIND_NAMES,
    NO_CAUSE,
    ROLE_NAMES,
    STRATEGY_NAMES,
)
from sim.config.params import SENIORITIES, STAGES
from sim.model.recorder import WEEKLY_COLUMNS

if TYPE_CHECKING:
    from sim.config import SimConfig
    from sim.model.market import Market


@dataclass
class RunResult:
    """Everything one run produced."""

    seed: int
    config: SimConfig
    metrics: dict[str, float]
    weekly: pd.DataFrame
    events: pd.DataFrame
    startups: pd.DataFrame
    requisitions: pd.DataFrame


def _decode(codes: np.ndarray, names: tuple[str, ...]) -> pd.Categorical:
    """Integer codes → a categorical of names (-1 and out-of-range → missing)."""
    codes = np.asarray(codes, dtype=np.int64)
    codes = np.where((codes >= 0) & (codes < len(names)), codes, -1)
    return pd.Categorical.from_codes(codes, categories=list(names))


def _decode_cause(codes: np.ndarray) -> pd.Categorical:
    """Event causes → names; NO_CAUSE (the empty name) → missing."""
    codes = np.asarray(codes, dtype=np.int64)
    names = CAUSE_NAMES[:NO_CAUSE] + CAUSE_NAMES[NO_CAUSE + 1:]
    return _decode(np.where(codes == NO_CAUSE, -1, codes - (codes > NO_CAUSE)), names)


def weekly_frame(m: Market) -> pd.DataFrame:
    """One row per week."""
    return pd.DataFrame.from_records(m.recorder.rows, columns=list(WEEKLY_COLUMNS))


def events_frame(m: Market) -> pd.DataFrame:
    """One row per event, with names instead of codes."""
    e = m.events.to_dict()
    return pd.DataFrame({
        "week": e["week"],
        "event": _decode(e["kind"], EVENT_KINDS),
        "cause": _decode_cause(e["cause"]),
        "firm": e["firm"],
        "firm_kind": _decode(e["firm_kind"], FIRM_KIND_NAMES),
        "candidate": e["cand"],
        "requisition": e["req"],
        "role": _decode(e["role"], ROLE_NAMES),
        "candidate_role": _decode(e["cand_role"], ROLE_NAMES),
        "weeks": e["weeks"],
        "search_weeks": e["search_weeks"],
        "stage": e["stage"],
        "explained_would_accept": e["explained_would_accept"],
        "took_firm_kind": _decode(e["took_kind"], FIRM_KIND_NAMES),
        "countered": e["countered"],
        "value_kusd": e["value"],
    })


def startups_frame(m: Market) -> pd.DataFrame:
    """One row per startup at the end of the run."""
    f = m.firms
    ids = np.flatnonzero(f.kind == 0)
    head = m.headcount()
    return pd.DataFrame({
        "firm": ids,
        "focal": f.focal[ids],
        "stage": _decode(np.clip(f.stage[ids], 0, 3), STAGES),
        "strategy": _decode(f.strategy[ids], STRATEGY_NAMES),
        "alive": f.alive[ids],
        "failed_week": f.failed_week[ids],
        "rounds_raised": f.raised[ids],
        "progress": f.progress[ids],
        "cash_kusd": f.cash[ids],
        "spent_kusd": f.cash_out[ids],
        "raised_kusd": f.cash_in[ids],
        "headcount": head[ids],
        "first_hire_week": f.first_hire_week[ids],
        "milestone_week": f.milestone_week[ids],
        "precise_titles": f.precise[ids],
        "focused_jd": f.jd_reqs[ids] <= m.cfg.hiring.jd_focused_requirements,
        "lean_process": f.lean[ids],
        "explained_pay": f.explained[ids],
        "builder_screen": f.builder_screen[ids],
        "managed_infra": f.managed_infra[ids],
    })


def requisitions_frame(m: Market) -> pd.DataFrame:
    """One row per requisition opened during the run."""
    r = m.reqs.to_dict()
    status = np.array(["open", "filled", "closed"])[r["status"]]
    return pd.DataFrame({
        "requisition": np.arange(len(r["firm"])),
        "firm": r["firm"],
        "firm_kind": _decode(r["firm_kind"], FIRM_KIND_NAMES),
        "stage": _decode(r["stage"], STAGES),
        "role": _decode(r["role"], ROLE_NAMES),
        "seniority": _decode(r["seniority"], SENIORITIES),
        "precise_title": r["precise"],
        "jd_requirements": r["jd_reqs"],
        "opened_week": r["opened"],
        "status": status,
        "closed_week": r["closed_week"],
        "hired_candidate": r["hired"],
        "applicants": r["applicants"],
        "relevant_applicants": r["relevant"],
    })

"""Firms: startups, big tech and AI labs.

Firms are Mesa agents (identity, inspection, and rare events such as raising a round
or failing); their weekly hot-path state lives in :class:`FirmTable`, a struct of
numpy arrays indexed by firm id, so that weekly phases stay vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from sim.config import SimConfig
from sim.config.codes import BIGTECH, LAB, STARTUP, STRATEGY_NAMES
from sim.config.params import STAGES
from sim.config.practice import resolved_levers
from sim.model.rng import normalised


@dataclass
class FirmTable:
    """Per-firm state, one row per firm (startups first, then big tech, then labs)."""

    kind: np.ndarray  # int8: STARTUP, BIGTECH or LAB
    stage: np.ndarray  # int8: STAGES index (startups), -1 otherwise
    alive: np.ndarray  # bool
    focal: np.ndarray  # bool: the founder's own startup
    cash: np.ndarray  # float kUSD
    cash0: np.ndarray  # float kUSD at start (for the accounting identity)
    cash_in: np.ndarray  # float kUSD raised during the run
    cash_out: np.ndarray  # float kUSD spent during the run
    other_burn: np.ndarray  # float kUSD/week
    post_money: np.ndarray  # float kUSD
    progress: np.ndarray  # float: share of the way to the next milestone
    strategy: np.ndarray  # int8: STRATEGIES index
    precise: np.ndarray  # bool: precise role titles (M4)
    jd_reqs: np.ndarray  # int16: requirements listed per JD (M8)
    lean: np.ndarray  # bool: lean process (M9)
    explained: np.ndarray  # bool: full package explained (M3)
    builder_screen: np.ndarray  # bool (M7)
    managed_infra: np.ndarray  # bool (M11)
    pay_mult: np.ndarray  # float: pay band multiplier
    equity_mult: np.ndarray  # float: grant multiplier
    team_target: np.ndarray  # int16: ML headcount to hire toward
    n_stages: np.ndarray  # int8: interview stages
    weeks_per_stage: np.ndarray  # float
    deadline: np.ndarray  # int8: offer deadline in weeks
    raised: np.ndarray  # int16: rounds raised during the run
    failed_week: np.ndarray  # int32: -1 if alive
    milestone_week: np.ndarray  # int32: first week a milestone was reached, -1 if never
    first_hire_week: np.ndarray  # int32: -1 if no hire yet

    @property
    def n(self) -> int:
        """Number of firms."""
        return len(self.kind)


class Firm(mesa.Agent):
    """A hiring firm; reads and writes its row of the :class:`FirmTable`."""

    def __init__(self, model: mesa.Model, idx: int) -> None:
        super().__init__(model)
        self.idx = idx

    @property
    def table(self) -> FirmTable:
        """The market's firm table."""
        return self.model.firms


class Startup(Firm):
    """An early-stage AI startup (pre-seed to Series B)."""

    def raise_round(self, amount_kusd: float) -> None:
        """Close the next round: cash in, move up a stage, reset product progress."""
        t, i = self.table, self.idx
        t.cash[i] += amount_kusd
        t.cash_in[i] += amount_kusd
        t.raised[i] += 1
        t.progress[i] = 0.0
        if t.stage[i] < len(STAGES) - 1:
            t.stage[i] += 1
            cfg: SimConfig = self.model.cfg
            st = int(t.stage[i])
            t.post_money[i] = cfg.startups.post_money_musd.arr[st] * 1000.0
            t.team_target[i] = max(int(t.team_target[i]), int(cfg.startups.ml_team_target.arr[st]))

    def fail(self, week: int) -> None:
        """Run out of cash: stop operating; the market returns its people to the pool."""
        self.table.alive[self.idx] = False
        self.table.failed_week[self.idx] = week


class BigTech(Firm):
    """A big-tech firm or an AI lab (``table.kind == LAB``)."""


def create_firm_table(cfg: SimConfig, rng: np.random.Generator) -> FirmTable:
    """Draw background startups' stages, levers and strategies; add the focal startup first."""
    s, b = cfg.startups, cfg.bigtech
    has_focal = cfg.focal is not None
    n_su = s.n + int(has_focal)
    n = n_su + b.n_bigtech + b.n_labs
    kind = np.full(n, STARTUP, dtype=np.int8)
    kind[n_su : n_su + b.n_bigtech] = BIGTECH
    kind[n_su + b.n_bigtech :] = LAB

    stage = np.full(n, -1, dtype=np.int8)
    stage[:n_su] = rng.choice(4, size=n_su, p=normalised(s.stage_share.as_tuple()))
    deliberate = rng.random(n) < s.share_deliberate

    def lever(share: float) -> np.ndarray:
        return deliberate | (rng.random(n) < share)

    t = FirmTable(
        kind=kind,
        stage=stage,
        alive=np.ones(n, dtype=bool),
        focal=np.zeros(n, dtype=bool),
        cash=np.zeros(n),
        cash0=np.zeros(n),
        cash_in=np.zeros(n),
        cash_out=np.zeros(n),
        other_burn=np.zeros(n),
        post_money=np.zeros(n),
        progress=np.zeros(n),
        strategy=rng.choice(3, size=n, p=normalised(s.strategy_mix.as_tuple())).astype(np.int8),
        precise=lever(s.share_precise_titles),
        jd_reqs=np.where(lever(s.share_focused_jd), cfg.hiring.jd_focused_requirements,
                         cfg.hiring.jd_overloaded_requirements).astype(np.int16),
        lean=lever(s.share_lean_process),
        explained=lever(s.share_explained),
        builder_screen=rng.random(n) < s.share_builder_screen,
        managed_infra=rng.random(n) < s.share_managed_infra,
        pay_mult=np.ones(n),
        equity_mult=np.ones(n),
        team_target=np.zeros(n, dtype=np.int16),
        n_stages=np.zeros(n, dtype=np.int8),
        weeks_per_stage=np.zeros(n),
        deadline=np.zeros(n, dtype=np.int8),
        raised=np.zeros(n, dtype=np.int16),
        failed_week=np.full(n, -1, dtype=np.int32),
        milestone_week=np.full(n, -1, dtype=np.int32),
        first_hire_week=np.full(n, -1, dtype=np.int32),
    )
    su = slice(0, n_su)
    st = t.stage[su]
    t.post_money[su] = s.post_money_musd.arr[st] * 1000.0
    # Cash on hand: somewhere between just raised and two-thirds spent.
    t.cash[su] = s.round_size_musd.arr[st] * 1000.0 * rng.uniform(
        0.35, 1.0, size=n_su)
    t.other_burn[su] = s.other_burn.arr[st]
    t.progress[su] = rng.uniform(0.0, 0.8, size=n_su)
    t.team_target[su] = s.ml_team_target.arr[st]
    if has_focal:
        _set_focal(t, cfg)
    _set_process(t, cfg)
    t.cash0[:] = t.cash
    return t


def _set_focal(t: FirmTable, cfg: SimConfig) -> None:
    f = cfg.focal
    assert f is not None
    t.focal[0] = True
    t.stage[0] = STAGES.index(f.stage)
    t.cash[0] = f.cash_musd * 1000.0
    t.other_burn[0] = f.other_burn
    t.post_money[0] = f.post_money_musd * 1000.0
    t.progress[0] = f.progress
    t.team_target[0] = f.ml_team_target
    t.strategy[0] = STRATEGY_NAMES.index(f.strategy)
    lv = resolved_levers(f, cfg.startups)  # unset levers: the market's typical practice
    t.precise[0] = lv["precise_titles"]
    t.jd_reqs[0] = (cfg.hiring.jd_focused_requirements if lv["focused_jd"]
                    else cfg.hiring.jd_overloaded_requirements)
    t.lean[0] = lv["lean_process"]
    t.explained[0] = lv["explained_pay"]
    t.builder_screen[0] = lv["builder_screen"]
    t.managed_infra[0] = lv["managed_infra"]
    t.pay_mult[0] = f.pay_mult
    t.equity_mult[0] = f.equity_mult


def _set_process(t: FirmTable, cfg: SimConfig) -> None:
    s, b = cfg.startups, cfg.bigtech
    su = t.kind == STARTUP
    t.n_stages[:] = np.where(su, np.where(t.lean, s.lean_stages, s.clone_stages), b.stages)
    t.weeks_per_stage[:] = np.where(
        su, np.where(t.lean, s.lean_weeks_per_stage, s.clone_weeks_per_stage),
        np.where(t.kind == LAB, b.lab_weeks_per_stage, b.weeks_per_stage))
    t.deadline[:] = np.where(su, s.offer_deadline_weeks, b.offer_deadline_weeks)
    # Big tech and labs are not subject to the startup levers.
    t.precise[~su] = True
    t.jd_reqs[~su] = cfg.hiring.jd_focused_requirements
    t.explained[~su] = True
    t.builder_screen[~su] = False
    t.managed_infra[~su] = False

"""The market: a Mesa model whose ``step()`` is one week of the hiring market.

The weekly phases (DESIGN §3.3) each live in their own module and act on the arrays
held here; :meth:`Market.step` reads as their list.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.config import SimConfig
from sim.config.codes import BIGTECH, GENERAL, N_ROLES, OUTSIDE, SEARCH_FOREVER, STARTUP
from sim.model import ops
from sim.model.keyed_draws import KeyedDraws
from sim.model.phases import (
    applications,
    demand,
    flow,
    offers,
    pricing,
    processes,
    progress,
    shocks,
)
from sim.model.recorder import Recorder
from sim.model.rng import make_streams
from sim.model.rules.staffing import staff_initial_firms
from sim.model.state.firms import BigTech, Startup, create_firm_table
from sim.model.state.plan import build_plan
from sim.model.state.population import create_candidates, settle_traits
from sim.model.state.records import new_events, new_processes, new_requisitions


class Market(mesa.Model):
    """The ML-engineer hiring market, one step per week.

    Args:
        cfg: The validated configuration.
        seed: The run's seed; every random stream is derived from it.
        check_invariants: Check the model's invariants after every week (tests do).

    """

    def __init__(self, cfg: SimConfig, seed: int = 0, check_invariants: bool = False) -> None:
        super().__init__(rng=seed)
        self.cfg = cfg
        self.seed = seed
        self.streams = make_streams(seed)  # building the market
        self.draws = KeyedDraws(seed)  # every draw in a week, keyed by purpose and entity
        self.check_invariants = check_invariants
        # Market-wide state that shocks move.
        self.bigtech_pay_mult = 1.0
        self.funding_mult = 1.0
        self.freezes: list[tuple[int, float]] = []  # (end week, size)
        # Market pay index per ML role (M15): scales new offers' pay; 1.0 while it is off.
        self.pay_index = np.ones(N_ROLES)
        # Agents and records.
        self.cands = create_candidates(cfg, self.streams["population"])
        self.firms = create_firm_table(cfg, self.streams["firms"])
        self.firm_agents = [
            (Startup if k == STARTUP else BigTech)(self, i) for i, k in enumerate(self.firms.kind)
        ]
        # Firm kinds never change: the phases read these id lists weekly.
        self.startup_ids = np.flatnonzero(self.firms.kind == STARTUP)
        self.bigtech_ids = np.flatnonzero(self.firms.kind >= BIGTECH)  # big tech and labs
        self.plan = build_plan(cfg, self.firms.n)
        self.reqs = new_requisitions()
        self.seats_opened = np.zeros(self.firms.n, dtype=np.int64)  # per firm: seat keys
        self.procs = new_processes()
        self.events = new_events()
        self.ended: list[tuple] = []  # processes ended this week, logged in one batch
        self.initial_pool = int(self.cands.entered.sum())
        self.next_entrant = self.initial_pool  # future entrants follow the initial pool
        self.entrants = 0
        self.bigtech_departures = 0  # ML staff who left big tech or a lab since last week
        staff_initial_firms(self)
        # ML candidates grouped by role (roles never change): recruiters draw from here.
        by_role = np.argsort(self.cands.role, kind="stable")
        self.role_index = (by_role, np.searchsorted(self.cands.role[by_role],
                                                     np.arange(N_ROLES + 1)))
        # Payroll and ML heads per role are kept up to date on every hire and departure
        # (weekly burn reads the one, the next-seat rule the other).
        self.payroll = self.count_payroll()
        self.ml_staff = self.count_ml_staff()
        self.managed_cost = np.where(self.firms.managed_infra, cfg.startups.managed_infra_cost,
                                     0.0)
        self.attrition_hazards = flow.attrition_hazards(cfg)
        self.bigtech_pull = applications.bigtech_pull(self.cands, cfg.hiring.preference_search)
        self.apply_chances = demand.apply_chances(cfg, self.firms)
        self.recorder = Recorder(self)

    # ---- the week ---------------------------------------------------------------
    @property
    def week(self) -> int:
        """The week being played (1 in the first step): Mesa's own step counter."""
        return self.steps

    def step(self) -> None:
        """Play one week of the market, phase by phase (DESIGN §3.3)."""
        self.draws.at_week(self.week)
        self.recorder.start_week()
        shocks.apply_shocks(self)  # 1. shocks due this week
        flow.candidate_flow(self)  # 2. entrants, turning open to moves, attrition
        demand.update_requisitions(self)  # 3. firms open and close requisitions
        pricing.update_pay_index(self)  # 3b. pay index per role drifts with tightness (M15)
        applications.apply(self)  # 4. candidates apply, up to their process limit
        processes.advance(self)  # 5. interview stages pass, fail or surface mismatch
        offers.make_offers(self)  # 6a. offers with deadlines
        offers.decide(self)  # 6b. candidates decide; acceptance ends other processes
        progress.advance_startups(self)  # 7. progress, burn, rounds, failures
        ops.drop_ended(self)
        self.recorder.record_week()  # 8. record the week
        if self.check_invariants:
            from sim.model.invariants import check_market

            check_market(self)

    def run(self) -> Market:
        """Step through the configured horizon."""
        for _ in range(self.cfg.market.weeks):
            self.step()
        return self

    # ---- helpers used by several phases --------------------------------------------
    def headcount(self) -> np.ndarray:
        """ML and general staff per firm."""
        # Employer codes start at OUTSIDE (-2): shift by 2 to count without masking.
        return np.bincount(self.cands.employer + 2, minlength=self.firms.n + 2)[2:]

    def weekly_burn(self) -> np.ndarray:
        """Each firm's weekly spend (kUSD): other burn, ML payroll, managed infrastructure."""
        return self.firms.other_burn + self.payroll / 52.0 + self.managed_cost

    def count_payroll(self) -> np.ndarray:
        """Annual base salaries per firm, counted from scratch (kUSD/yr)."""
        c = self.cands
        return np.bincount(c.employer + 2, weights=c.salary,
                           minlength=self.firms.n + 2)[2:].astype(float)

    def count_ml_staff(self) -> np.ndarray:
        """ML staff per firm and role (firms × roles), counted from scratch."""
        c = self.cands
        staff = (c.employer >= 0) & (c.role != GENERAL)
        return np.bincount(c.employer[staff] * N_ROLES + c.role[staff],
                           minlength=self.firms.n * N_ROLES).reshape(self.firms.n, N_ROLES)

    def move_payroll(self, idx: np.ndarray, sign: float) -> None:
        """Add (+1) or remove (−1) people at their current employers: salaries and heads."""
        c = self.cands
        firm = c.employer[idx]
        at_firm = firm >= 0
        # intp indices: np.add.at casts int32/int8 ones on every call (2-3x its cost here).
        who, firm = idx[at_firm], firm[at_firm].astype(np.intp)
        np.add.at(self.payroll, firm, sign * c.salary[who])
        role = c.role[who]
        ml = role != GENERAL
        np.add.at(self.ml_staff, (firm[ml], role[ml].astype(np.intp)), int(sign))

    def leave_employer(self, idx: np.ndarray, unemployed: bool | np.ndarray) -> None:
        """People leave their employer: to unemployment (and look), or to a job outside.

        Args:
            idx: Candidates leaving.
            unemployed: True (all), False (none), or per person: who becomes unemployed.

        """
        c = self.cands
        self.move_payroll(idx, -1.0)
        settle_traits(c, idx, self.week, self.cfg)
        jobless = np.empty(len(idx), dtype=bool)
        jobless[:] = unemployed  # a flag or one per person (np.broadcast_to is far slower)
        c.employer[idx] = np.where(jobless, -1, OUTSIDE)
        c.employer_kind[idx] = -1
        c.salary[idx] = 0.0
        c.hired_week[idx] = self.week
        out = idx[jobless]
        c.pay[out] = 0.0
        c.nonpay[out] = 0.0
        # The search clock starts now, unless they were looking already or are still in a
        # process from an earlier search (they never left the market: ops.start_looking).
        c.search_start[out] = np.where(c.searching[out] | ops.in_process(self, out),
                                       c.search_start[out], self.week)
        c.searching[out] = True
        c.search_until[out] = SEARCH_FOREVER

"""The plans a search may try: the ``[search]`` table over the founder's current plan.

A *plan* is the founder's ``[focal]`` table with its hiring choices replaced: the offer
(``pay_mult``, ``equity_mult``), the six levers, the response to a stale seat, and either
the seats and when each opens (a plan with seats of its own) or the hiring rule
(``strategy``, when it has none). The company (stage, cash, burn, team) never changes.
:class:`PlanSpace` turns those choices into Optuna distributions, one flat set of
parameters sampled for every trial, and a trial's parameters back into a plan, so a plan
can be rebuilt from a stored study. Unset levers take the market's practice here, as
they would in the market (:func:`sim.config.practice.resolved_levers`), so every plan
says each lever outright.

Inputs no plan could use are refused naming the field (:class:`PlanSearchError`, exit
2): a grant above 100% of the company, a cash budget above what the company can have
left when the milestone comes, an empty search space.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.config import ConfigError, SimConfig
from sim.config.params import SENIORITIES, STAGES
from sim.config.plan_search import MAX_WEEK, PlanSearchConfig, SearchBudget
from sim.config.practice import LEVERS, resolved_levers

if TYPE_CHECKING:
    from optuna.distributions import BaseDistribution

PAY_STEP = 0.05
"""Pay is searched in steps of 5% of the band: finer steps are below what the runs resolve."""
EQUITY_STEP = 0.1
"""Equity is searched in steps of 0.1 × the market grant."""
PROGRESS_STEP = 0.05
"""Progress triggers are searched in steps of 5% of the milestone."""
OMIT = "omit"
"""The trigger choice of an optional seat the plan leaves out."""
NEVER_WEEK = MAX_WEEK
"""A plan that leaves out every seat keeps one seat planned for this week, past any horizon,
because a plan with no seats at all means "hire by the strategy's rule"."""

LEVER_WORDS = {"precise_titles": "precise titles", "focused_jd": "focused JDs",
               "lean_process": "a lean process", "explained_pay": "the package explained",
               "builder_screen": "a builder screen", "managed_infra": "managed infrastructure"}
RESPONSE_WORDS = {"none": "let a stale seat stand", "repost": "repost a stale seat",
                  "source": "source for a stale seat", "relax": "relax a stale seat's bar",
                  "raise_offer": "raise a stale seat's offer",
                  "rescope": "re-scope a stale seat", "cancel": "cancel a stale seat"}


class PlanSearchError(ConfigError):
    """A search that cannot be run as asked; the message names the field (exit 2)."""


@dataclass(frozen=True)
class SeatSpace:
    """One seat's choices: which trigger, and its week, progress or stage."""

    role: str
    seniority: str
    triggers: tuple[str, ...]  # "week", "progress", "stage", and "omit" if optional
    week: tuple[int, int] | None = None
    progress: tuple[float, float] | None = None
    stage: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PlanSpace:
    """Every plan the search may try, as Optuna distributions over the current plan."""

    current: dict[str, Any]  # the founder's [focal] table, every lever resolved
    objective: str
    horizon: int  # market.weeks
    pay: tuple[float, float]
    equity: tuple[float, float]
    levers: tuple[str, ...]
    responses: tuple[str, ...]
    strategies: tuple[str, ...]  # the hiring rules tried (plans without seats)
    seats: tuple[SeatSpace, ...]  # the seats (plans with seats); empty: rule plans
    budget: SearchBudget = field(default_factory=SearchBudget)
    raise_factor: float = 1.0  # the most a 'raise_offer' response multiplies the base by

    def distributions(self) -> dict[str, BaseDistribution]:
        """Parameter name → distribution, for every dimension with more than one choice."""
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )

        out: dict[str, BaseDistribution] = {}
        for name, (lo, hi), step in (("pay_mult", self.pay, PAY_STEP),
                                     ("equity_mult", self.equity, EQUITY_STEP)):
            if hi - lo >= step - 1e-9:
                out[name] = FloatDistribution(round(lo, 6), _on_grid(lo, hi, step), step=step)
        for lever in self.levers:
            out[f"lever.{lever}"] = CategoricalDistribution((False, True))
        if len(self.responses) > 1:
            out["stale_response"] = CategoricalDistribution(self.responses)
        if not self.seats and len(self.strategies) > 1:
            out["strategy"] = CategoricalDistribution(self.strategies)
        for i, seat in enumerate(self.seats):
            key = f"seat{i}"
            if len(seat.triggers) > 1:
                out[f"{key}.trigger"] = CategoricalDistribution(seat.triggers)
            if seat.week is not None and seat.week[1] > seat.week[0]:
                out[f"{key}.week"] = IntDistribution(*seat.week)
            if seat.progress is not None and seat.progress[1] - seat.progress[0] >= \
                    PROGRESS_STEP - 1e-9:
                lo, hi = seat.progress
                out[f"{key}.progress"] = FloatDistribution(
                    round(lo, 6), _on_grid(lo, hi, PROGRESS_STEP), step=PROGRESS_STEP)
            if seat.stage is not None and len(seat.stage) > 1:
                out[f"{key}.stage"] = CategoricalDistribution(seat.stage)
        return out

    def size(self) -> int:
        """How many distinct parameter settings the space holds."""
        n = 1
        for dist in self.distributions().values():
            choices = getattr(dist, "choices", None)
            if choices is not None:
                n *= len(choices)
            else:
                n *= int(round((dist.high - dist.low) / (dist.step or 1))) + 1
        return n

    def plan(self, params: dict[str, Any]) -> dict[str, Any]:
        """The ``[focal]`` table of the plan a trial's parameters describe."""
        plan = dict(self.current)
        plan["pay_mult"] = round(float(params.get("pay_mult", self.pay[0])), 4)
        plan["equity_mult"] = round(float(params.get("equity_mult", self.equity[0])), 4)
        for lever in self.levers:
            plan[lever] = bool(params[f"lever.{lever}"])
        if self.responses:
            plan["stale_response"] = [str(params.get("stale_response", self.responses[0]))]
        if not self.seats:
            if self.strategies:
                plan["strategy"] = str(params.get("strategy", self.strategies[0]))
            return plan
        seats = [s for s in (self._seat(i, params) for i in range(len(self.seats))) if s]
        plan["seats"] = seats or [{"role": self.seats[0].role,
                                   "seniority": self.seats[0].seniority, "week": NEVER_WEEK}]
        return plan

    def _seat(self, i: int, params: dict[str, Any]) -> dict[str, Any] | None:
        seat, key = self.seats[i], f"seat{i}"
        trigger = params.get(f"{key}.trigger", seat.triggers[0] if seat.triggers else None)
        out: dict[str, Any] = {"role": seat.role, "seniority": seat.seniority}
        if trigger == OMIT:
            return None
        if trigger == "week" and seat.week is not None:
            out["week"] = int(params.get(f"{key}.week", seat.week[0]))
        elif trigger == "progress" and seat.progress is not None:
            out["progress"] = round(float(params.get(f"{key}.progress", seat.progress[0])), 4)
        elif trigger == "stage" and seat.stage is not None:
            out["stage"] = str(params.get(f"{key}.stage", seat.stage[0]))
        return out

    def max_pay(self, plan: dict[str, Any]) -> float:
        """The highest base the plan may offer, × the band (a raised offer included)."""
        raises = "raise_offer" in plan.get("stale_response", ())
        return float(plan["pay_mult"]) * (self.raise_factor if raises else 1.0)


def _on_grid(lo: float, hi: float, step: float) -> float:
    """The highest value of ``lo + k·step`` not above ``hi`` (Optuna needs a whole grid)."""
    return round(lo + math.floor((hi - lo) / step + 1e-9) * step, 6)


def current_plan(cfg: SimConfig) -> dict[str, Any]:
    """The founder's ``[focal]`` table with every unset lever set to the market's practice."""
    from sim.config import FocalConfig

    focal = cfg.focal or FocalConfig()
    plan = focal.model_dump(mode="json", exclude_none=True)
    plan.update(resolved_levers(focal, cfg.startups))
    return plan


def plan_config(cfg: SimConfig, plan: dict[str, Any]) -> SimConfig:
    """The market with ``plan`` as the focal startup's table."""
    data = cfg.to_dict()
    data["focal"] = plan
    return SimConfig.from_dict(data)


def build_space(cfg: SimConfig, search: PlanSearchConfig | None) -> PlanSpace:
    """The search space of a founder's file (the default space when ``search`` is None).

    Raises:
        PlanSearchError: no ``[focal]`` table, a grant above 100% of the company, a budget
            no plan can meet, or a space with nothing to vary.

    """
    if cfg.focal is None:
        raise PlanSearchError("focal: no [focal] table; the plan search needs your company "
                              "and its current plan", "focal")
    search = search or PlanSearchConfig()
    current = current_plan(cfg)
    seats = _seat_spaces(cfg, search)
    st = cfg.stale_seats
    space = PlanSpace(
        current=current, objective=search.objective, horizon=cfg.market.weeks,
        pay=search.pay_mult, equity=search.equity_mult, levers=search.levers,
        responses=search.stale_response,
        strategies=search.strategy if not seats else (),
        seats=seats, budget=search.budget,
        raise_factor=(1.0 + st.raise_step) ** st.raise_max_steps)
    _check_equity(cfg, space)
    _check_cash_budget(cfg, search.budget)
    if not space.distributions():
        raise PlanSearchError(
            "search: the search space is empty (every dimension is fixed): widen pay_mult "
            "or equity_mult, or list levers, stale_response, strategy or seats to try",
            "search")
    try:  # one plan of the space, so a bad combination fails now, not in a worker
        plan_config(cfg, space.plan({k: _first(d) for k, d in space.distributions().items()}))
    except ConfigError as err:
        raise PlanSearchError(f"search: {err}", f"search.{err.path}") from None
    return space


def _first(dist: Any) -> Any:
    choices = getattr(dist, "choices", None)
    return choices[0] if choices is not None else dist.low


def _seat_spaces(cfg: SimConfig, search: PlanSearchConfig) -> tuple[SeatSpace, ...]:
    """The seats to search: ``[[search.seats]]``, else the file's seats over default ranges."""
    out = []
    for s in search.seats:
        triggers = s.triggers() or ("week",)
        week = s.week if s.week is not None or s.triggers() else (0, 0)
        out.append(SeatSpace(s.role, s.seniority, triggers + ((OMIT,) if s.optional else ()),
                             week, s.progress, s.stage))
    if out or cfg.focal is None:
        return tuple(out)
    half = max(1, cfg.market.weeks // 2)  # a seat opened later rarely helps a milestone
    start = round(math.ceil(cfg.focal.progress / PROGRESS_STEP - 1e-9) * PROGRESS_STEP, 6)
    for seat in cfg.focal.seats:
        if seat.stage is not None:  # a stage trigger is a decision about the round: kept
            out.append(SeatSpace(seat.role, seat.seniority, ("stage",), stage=(seat.stage,)))
        elif seat.progress is not None:
            out.append(SeatSpace(seat.role, seat.seniority, ("progress",),
                                 progress=(min(start, 0.9), 0.9)))
        else:
            out.append(SeatSpace(seat.role, seat.seniority, ("week",), week=(1, half)))
    return tuple(out)


def grant_pct(cfg: SimConfig, stage: str, seniority: str, equity_mult: float) -> float:
    """A hire's grant, % of the company, at ``equity_mult`` × the stage's market grant."""
    s = cfg.startups
    return float(s.equity_pct.arr[STAGES.index(stage)] * s.ai_equity_mult * equity_mult
                 * s.equity_by_seniority.arr[SENIORITIES.index(seniority)])


def _check_equity(cfg: SimConfig, space: PlanSpace) -> None:
    """No plan may grant one hire more than the whole company, at any stage it can reach."""
    assert cfg.focal is not None
    stages = STAGES[STAGES.index(cfg.focal.stage):]
    levels = sorted({s.seniority for s in space.seats}) if space.seats else list(SENIORITIES)
    for key, mult in (("search.equity_mult", space.equity[1]),
                      ("focal.equity_mult", cfg.focal.equity_mult)):
        pct, stage, level = max((grant_pct(cfg, st, lv, mult), st, lv)
                                for st in stages for lv in levels)
        if pct > 100.0:
            raise PlanSearchError(
                f"{key}: × {mult:g} the market grant gives a {level} hire at {stage} "
                f"{pct:.0f}% of the company, more than 100%", key)


def _check_cash_budget(cfg: SimConfig, budget: SearchBudget) -> None:
    """Refuse a cash floor above what the company can have left at the milestone.

    Progress rises by at most 1 / ``progress.weeks_to_milestone`` a week (a team of
    perfect fit), so the milestone takes at least ``(1 - progress) × weeks`` weeks, and
    the company burns at least ``other_burn`` each of them.
    """
    if budget.min_cash_musd is None or cfg.focal is None:
        return
    f = cfg.focal
    weeks = math.ceil((1.0 - f.progress)
                      * cfg.progress.weeks_to_milestone.arr[STAGES.index(f.stage)] - 1e-9)
    most = f.cash_musd - weeks * f.other_burn / 1000.0
    if budget.min_cash_musd > most:
        raise PlanSearchError(
            f"search.budget.min_cash_musd: {budget.min_cash_musd:g} is more than any plan can "
            f"have left at the milestone (at most {max(most, 0.0):.3g}: {f.cash_musd:g} USD "
            f"millions less {f.other_burn:g} kUSD/week for the {weeks} weeks the milestone "
            "takes at the fastest), so no plan can meet it", "search.budget.min_cash_musd")


__all__ = ["LEVERS", "LEVER_WORDS", "OMIT", "PlanSearchError", "PlanSpace", "RESPONSE_WORDS",
           "SeatSpace", "build_space", "current_plan", "grant_pct", "plan_config"]

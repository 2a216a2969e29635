"""Invariants every simulated week must satisfy (tests run them after each step).

A violation raises :class:`InvariantError` naming the rule and the first offender.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import EV_HIRE, OFFER_HELD, REQ_FILLED, REQ_OPEN, STARTUP
from sim.model.ops import COMPACT_AT, loops_running
from sim.model.state.records import pair_key

if TYPE_CHECKING:
    from sim.model.market import Market


class InvariantError(AssertionError):
    """The model reached a state its rules forbid."""


def _require(ok: bool | np.bool_, rule: str, detail: str = "") -> None:
    if not ok:
        raise InvariantError(f"{rule}{': ' + detail if detail else ''}")


def check_market(m: Market) -> None:
    """Check every invariant on the market as it stands after a week."""
    check_jobs(m)
    check_processes(m)
    check_hires(m)
    check_headcount(m)
    check_cash(m)
    check_payroll(m)
    check_seat_responses(m)
    check_pay_index(m)


def check_pay_index(m: Market) -> None:
    """The market pay index (M15) stays within its configured bounds."""
    pc = m.cfg.pricing
    idx = m.pay_index
    bad = np.flatnonzero((idx < pc.pay_index_min - 1e-12) | (idx > pc.pay_index_max + 1e-12))
    _require(len(bad) == 0, "pay index within its bounds", f"role {bad[:1]}: {idx[bad[:1]]}")


def check_payroll(m: Market) -> None:
    """The running payroll equals the salaries of the people employed now."""
    bad = np.flatnonzero(np.abs(m.payroll - m.count_payroll()) > 1e-6)
    _require(len(bad) == 0, "payroll matches the staff", f"firm {bad[:1]}")
    bad = np.flatnonzero((m.ml_staff != m.count_ml_staff()).any(axis=1))
    _require(len(bad) == 0, "ML heads per role match the staff", f"firm {bad[:1]}")


def check_jobs(m: Market) -> None:
    """One job per person, at a live firm of the recorded kind."""
    c, f = m.cands, m.firms
    staff = np.flatnonzero(c.employer >= 0)
    _require((c.employer >= -2).all(), "employer codes are valid")
    _require((c.employer_kind[staff] == f.kind[c.employer[staff]]).all(),
             "a candidate's employer kind matches the firm")
    dead = staff[~f.alive[c.employer[staff]]]
    _require(len(dead) == 0, "nobody works at a failed startup", f"candidate {dead[:1]}")
    _require(not (c.searching & ~c.entered).any(), "future entrants are not searching")
    clock = c.search_start[c.searching]
    _require(((clock >= 0) & (clock <= m.week)).all(),
             "everyone looking has a search start between week 0 and now")


def check_processes(m: Market) -> None:
    """Live processes sit in open seats, within slots, with offers before their deadline."""
    p, r, c = m.procs, m.reqs, m.cands
    live = p["live"]
    ended = np.count_nonzero(~live)
    _require(ended <= COMPACT_AT * max(len(live), 1) + 1e-9,
             "ended processes are compacted away")
    cols = {k: p[k][live] for k in ("cand", "req", "status", "deadline")}
    _require((r["status"][cols["req"]] == REQ_OPEN).all(),
             "no live process in a filled or closed requisition")
    over = np.flatnonzero(loops_running(m) > c.max_procs)
    _require(len(over) == 0, "a candidate runs at most max_procs interview loops",
             f"candidate {over[:1]}")
    key = pair_key(cols["cand"], cols["req"])
    _require(len(np.unique(key)) == len(key), "one process per candidate and requisition")
    offers = cols["status"] == OFFER_HELD
    _require((cols["deadline"][offers] > m.week).all(),
             "no offer is held past its deadline (decisions come at the deadline)")
    has_offer = np.zeros(len(r), dtype=bool)
    has_offer[cols["req"][offers]] = True
    _require((has_offer == r["offer_out"]).all(), "a seat's offer flag matches its offers")
    _require(np.bincount(cols["req"][offers], minlength=len(r)).max(initial=0) <= 1,
             "a seat has at most one offer out")


def check_hires(m: Market) -> None:
    """Each seat is filled at most once, by an accepted offer, while it was open."""
    e, r = m.events, m.reqs
    hires = e["kind"] == EV_HIRE
    req = e["req"][hires]
    _require(np.bincount(req, minlength=len(r)).max(initial=0) <= 1,
             "no requisition is filled twice")
    _require((r["status"][req] == REQ_FILLED).all(), "a hire fills its requisition")
    _require((r["hired"][req] == e["cand"][hires]).all(), "the seat records who was hired")
    _require((r["closed_week"][req] == e["week"][hires]).all(),
             "a seat closes in the week it is filled")
    _require((r["opened"][req] <= e["week"][hires]).all(), "no hire before a seat opens")


def check_headcount(m: Market) -> None:
    """People are conserved: the initial pool plus entrants, each in exactly one state."""
    c = m.cands
    entered = int(c.entered.sum())
    _require(entered == m.initial_pool + m.entrants, "headcount is conserved",
             f"{entered} entered vs {m.initial_pool} + {m.entrants} entrants")
    states = np.bincount(c.employer[c.entered] + 2, minlength=2)
    _require(int(states.sum()) == entered, "every person is employed, outside or unemployed")


def check_cash(m: Market) -> None:
    """Cash accounting balances for every startup: start + raised − spent = cash."""
    f = m.firms
    su = f.kind == STARTUP
    gap = np.abs(f.cash0 + f.cash_in - f.cash_out - f.cash)[su]
    scale = np.maximum(np.abs(f.cash0[su]) + f.cash_in[su] + f.cash_out[su], 1.0)
    bad = np.flatnonzero(gap > 1e-9 * scale)
    _require(len(bad) == 0, "cash accounting balances", f"startup {bad[:1]}")


def check_seat_responses(m: Market) -> None:
    """Stale-seat responses (M14) stay within their rules: reposts after opening, limits kept."""
    r, ss = m.reqs, m.cfg.stale_seats
    _require(((r["posted"] >= r["opened"]) & (r["posted"] <= m.week)).all(),
             "a seat is posted between its opening and now")
    _require(((r["source_mult"] >= 1.0) & (r["source_mult"] <= max(ss.source_max_mult, 1.0))
              ).all(), "a seat's sourcing multiplier is within 1 and source_max_mult")
    _require((r["relaxed"] <= ss.relax_max_notches).all()
             and np.allclose(r["bar_shift"], r["relaxed"] * ss.relax_step),
             "a seat's bar drops by relax_step per notch, within relax_max_notches")
    _require((r["raises"] <= ss.raise_max_steps).all()
             and np.allclose(r["offer_mult"], (1.0 + ss.raise_step) ** r["raises"]),
             "a seat's offer rises by raise_step per step, within raise_max_steps")

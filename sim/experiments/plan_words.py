"""A plan for people: in words, as changes from the current plan, and as a strategy file.

A plan is a ``[focal]`` table (:mod:`sim.experiments.plan_space`). The strategy file
holds only the hiring choices a strategy may set
(:data:`sim.experiments.strategy_lab.LEVER_KEYS`), so ``hiresim strategies FILE
--strategy best_plan.toml`` runs the plan in the founder's own company.
"""

from __future__ import annotations

from typing import Any

from sim.config.practice import LEVERS
from sim.experiments.plan_space import LEVER_WORDS, NEVER_WEEK, RESPONSE_WORDS

STRATEGY_KEYS = ("strategy", "seats", *LEVERS, "pay_mult", "equity_mult", "stale_response")
"""The keys of a plan that its strategy file carries (the company's stay in the scenario)."""


def seat_words(seat: dict[str, Any]) -> str:
    """``the senior ml_inference seat at 50% progress``."""
    what = f"the {seat.get('seniority', 'senior')} {seat['role']} seat"
    if seat.get("week") is not None:
        week = int(seat["week"])
        return f"{what} {'at once' if week <= 1 else f'in week {week}'}"
    if seat.get("progress") is not None:
        return f"{what} at {100 * float(seat['progress']):.0f}% progress"
    if seat.get("stage") is not None:
        return f"{what} on reaching {seat['stage']}"
    return f"{what} at once"


def _seats_words(plan: dict[str, Any]) -> str:
    seats = plan.get("seats") or []
    if not seats:
        return (f"hire by the {plan.get('strategy', 'stage_aligned')} rule (up to "
                f"{plan.get('ml_team_target', '?')} ML staff)")
    if all(s.get("week") == NEVER_WEEK for s in seats):
        return "open no seat"
    return "open " + _join([seat_words(s) for s in seats if s.get("week") != NEVER_WEEK])


def describe_plan(plan: dict[str, Any]) -> str:
    """The whole plan in one sentence (seats or rule; offer; levers; stale seats)."""
    on = [LEVER_WORDS[k] for k in LEVERS if plan.get(k)]
    off = [LEVER_WORDS[k] for k in LEVERS if not plan.get(k)]
    levers = (_join(on) if on else "no lever") + (f"; not {_join(off, 'or')}" if off else "")
    response = RESPONSE_WORDS.get(_response(plan), _response(plan))
    return (f"{_seats_words(plan)}; pay band × {float(plan['pay_mult']):.2f}, equity × "
            f"{float(plan['equity_mult']):.1f} the market grant; {levers}; {response}")


def plan_changes(plan: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What the plan changes from the current one, one short phrase per change."""
    out = []
    if _seats_words(plan) != _seats_words(current):
        out.append(_seats_words(plan))
    for key, label in (("pay_mult", "pay band ×"), ("equity_mult", "equity ×")):
        if abs(float(plan[key]) - float(current[key])) > 1e-9:
            out.append(f"{label} {float(current[key]):.2f} → {float(plan[key]):.2f}")
    for lever in LEVERS:
        if bool(plan.get(lever)) != bool(current.get(lever)):
            out.append(f"{'add' if plan.get(lever) else 'drop'} {LEVER_WORDS[lever]}")
    if _response(plan) != _response(current):
        out.append(RESPONSE_WORDS.get(_response(plan), _response(plan)))
    return out


def strategy_document(plan: dict[str, Any], name: str, description: str) -> dict[str, Any]:
    """The plan as a strategy file's data: ``name``, ``description`` and ``[focal]``."""
    focal = {k: plan[k] for k in STRATEGY_KEYS if k in plan}
    if focal.get("seats"):
        focal.pop("strategy", None)  # a plan with seats replaces the rule
    else:
        focal.pop("seats", None)
    return {"name": name, "description": description, "focal": focal}


def strategy_toml(plan: dict[str, Any], name: str, description: str) -> str:
    """The strategy file's text (``hiresim strategies`` reads it with ``--strategy``)."""
    import tomli_w

    head = ""
    if any(s.get("week") == NEVER_WEEK for s in plan.get("seats") or []):
        head = (f"# A seat planned for week {NEVER_WEEK} never opens: this plan opens no seat "
                "(a plan with no seats at all would hire by the strategy's rule).\n")
    return head + tomli_w.dumps(strategy_document(plan, name, description))


def _response(plan: dict[str, Any]) -> str:
    resp = plan.get("stale_response") or ["none"]
    return " then ".join(resp) if len(resp) > 1 else str(resp[0])


def _join(items: list[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} {items[-1]}"


__all__ = ["STRATEGY_KEYS", "describe_plan", "plan_changes", "seat_words", "strategy_document",
           "strategy_toml"]

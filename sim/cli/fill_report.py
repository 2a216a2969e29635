"""The strategy lab's "when each seat fills" section: its JSON and its table for people.

The numbers come from :mod:`sim.experiments.fill_curves`; this module only shapes them.
"""

from __future__ import annotations

from typing import Any

from sim.cli.common import fmt, json_number, render_table


def fill_dict(fill: Any) -> dict[str, Any]:
    """The ``seat_fill`` entry of the ``--json`` document (NaN as null)."""
    def clean(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: json_number(v) if isinstance(v, float) else v for k, v in r.items()}
                for r in rows]

    summary = fill.summary.to_dict("records")
    horizon = int(fill.runway["horizon"].max()) if len(fill.runway) else 0
    return {"ramp_weeks": fill.ramp_weeks, "horizon": horizon, "seats": fill.seats,
            "shown": shown_seats(summary, fill.seats), "summary": clean(summary),
            "runway": clean(fill.runway.to_dict("records"))}


def shown_seats(summary: list[dict[str, Any]], seats: list[str]) -> list[str]:
    """Seats opened in at least half the runs of some strategy (the rest are rarer)."""
    common = {r["seat"] for r in summary if r["runs"] and 2 * r["opened"] >= r["runs"]}
    return [s for s in seats if s in common]


def _pct(p: Any, lo: Any, hi: Any) -> str:
    if p is None:
        return "–"
    band = "" if lo is None or hi is None else f" [{100 * lo:.0f}–{100 * hi:.0f}%]"
    return f"{100 * p:.0f}%{band}"


def _week(x: Any, horizon: int) -> str:
    return f">{horizon}" if x is None else fmt(x)


def _whole(x: Any) -> str:
    return "–" if x is None else f"{x:,.0f}"


def render_fill(doc: dict[str, Any], runs: int) -> str:
    """Per seat and strategy: median week filled, P(filled by 13/26/52 w), the runway."""
    from sim.experiments.strategy_lab import count_noun

    h, ramp = doc["horizon"], doc["ramp_weeks"]
    out = [f"When each seat fills (weeks 1–{h}): P(filled by week w), a product-limit estimate "
           "over the runs with 95% intervals; a seat still open at the end or never opened,",
           "given up, or open when the startup ran out of cash, is censored. Productive: "
           f"filled, with {fmt(ramp)} weeks on the team before the cash runs out."]
    rows = []
    for seat in doc["shown"]:
        for i, r in enumerate(x for x in doc["summary"] if x["seat"] == seat):
            median = ("never opened" if not r["opened"] else
                      "not within the horizon" if r["median_low"] is None else
                      f"{_week(r['median_week'], h)} [{_week(r['median_low'], h)}, "
                      f"{_week(r['median_high'], h)}]")
            rows.append([seat if i == 0 else "", r["strategy"], f"{r['opened']}/{r['runs']}",
                         median,
                         *(_pct(r[f"p_by_{w}w"], r[f"p_by_{w}w_low"], r[f"p_by_{w}w_high"])
                           if w <= h else "–" for w in (13, 26, 52)),
                         _pct(r["p_productive"], r["p_productive_low"],
                              r["p_productive_high"])])
    if rows:
        out += ["", render_table(["seat", "strategy", "opened", "median week filled [95%]",
                                  "by 13 w", "by 26 w", "by 52 w",
                                  "productive before cash-out"], rows,
                                 right=[False, False, True, True, True, True, True, True])]
    else:
        out.append(f"  No seat opened in at least half of {count_noun(runs, 'run')}.")
    rare = len(doc["seats"]) - len(doc["shown"])
    if rare:
        out.append(f"({count_noun(rare, 'more seat')} opened in fewer than half the runs of "
                   "every strategy: see fill_curves.parquet and seat_fill.parquet in --out.)")
    out += ["", "Runway (the week the cash runs out, median over runs [95%]):"]
    for r in doc["runway"]:
        week = (f"week {_whole(r['cash_out_week'])} [{_whole(r['cash_out_low'])}, "
                f"{_whole(r['cash_out_high'])}]")
        if r["projected"]:
            week += (f", projected past the {h}-week horizon from the last week's burn "
                     "with no further round")
        out.append(f"  {r['strategy']}: {week}; ran out of cash within the horizon in "
                   f"{r['ran_out']} of {count_noun(r['runs'], 'run')}")
    return "\n".join(out)

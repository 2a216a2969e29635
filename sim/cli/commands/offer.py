"""``hiresim offer``: will this offer close? P(accept), who declines and why, what would fix it.

The offer (a TOML file: ``[offer]``, optional ``[company]``, ``extends`` and market
tables) is placed in the market as the focal startup's seat; every number comes from
simulated runs on common seeds (:mod:`sim.experiments.offer_check`).
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from sim.cli.common import (
    fmt,
    fmt_interval,
    int_at_least,
    json_number,
    progress_bar,
    render_table,
)


def register(subparsers: Any) -> None:
    """Add the ``offer`` command."""
    p = subparsers.add_parser(
        "offer", help="check an offer: will it close, why not, and the cheapest fix",
        description="Put an offer (role, level, stage, base, equity, presentation, "
                    "process, deadline) in the simulated market as a startup's seat and "
                    "report P(accept) by candidate segment, its percentile among the "
                    "market's offers, why it loses, and the cheapest change that reaches "
                    "--target. Every option is run on the same seeds.",
        epilog="Example: hiresim offer docs/examples/offer_inference_seed.toml --target 0.7")
    p.add_argument("file", metavar="FILE.toml", help="the offer file (see docs/founders.md)")
    p.add_argument("-r", "--replications", type=int_at_least(2, 10_000), default=20,
                   metavar="N", help="seeds per option (default 20)")
    p.add_argument("--target", type=_share, default=0.7, metavar="P",
                   help="P(accept) to reach (default 0.7)")
    p.add_argument("--seats", type=int_at_least(1, 50), default=6, metavar="K",
                   help="times the seat opens over the horizon, evenly spaced (default 6; "
                        "more candidates reach the offer per run)")
    p.add_argument("--workers", type=int_at_least(1, 256), default=2, metavar="W",
                   help="worker processes (default 2)")
    p.add_argument("--seed", type=int_at_least(0), default=0, metavar="S",
                   help="base seed (default 0)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   dest="overrides", help="override one market parameter (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.set_defaults(func=cmd_offer)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1 (got {text!r})") from None
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1 (got {value})")
    return value


def cmd_offer(args: argparse.Namespace) -> int:
    """Run the offer check and print it."""
    from sim.experiments.offer_check import check_offer, whatif_offers
    from sim.experiments.offer_file import load_offer
    from sim.experiments.scenarios import parse_override

    spec = load_offer(args.file, dict(parse_override(t) for t in args.overrides) or None)
    start = time.perf_counter()
    with progress_bar(args.replications * (1 + len(whatif_offers(spec.offer))),
                      "offer") as on_progress:
        doc = check_offer(spec, replications=args.replications, base_seed=args.seed,
                          target=args.target, workers=args.workers, seats=args.seats,
                          on_progress=on_progress)
    doc["elapsed_s"] = round(time.perf_counter() - start, 2)
    doc["seed"] = args.seed
    print(json.dumps(_clean(doc), indent=2, allow_nan=False) if args.json else render(doc))
    return 0


def _clean(x: Any) -> Any:
    """Finite numbers, NaN as null, tuples as lists: JSON-ready."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    return json_number(x)


def _p(ci: Any) -> str:
    return f"{fmt(ci[0])} {fmt_interval(ci[1], ci[2])}"


def render(doc: dict[str, Any]) -> str:
    """Tables for people."""
    o = doc["offer"]
    process = "lean" if o["lean"] else "big-tech-style"
    lines = [
        f"Offer '{doc['name']}': {o['seniority']} {o['role']} at a {o['stage']} startup, base "
        f"{fmt(o['base_kusd'])} kUSD/yr (market {fmt(doc['market_base_kusd'])}), "
        f"{fmt(o['equity_pct'])}% over {fmt(o['vesting_years'])} years (market "
        f"{fmt(doc['market_grant_pct'])}%), {'explained' if o['explained'] else 'base only'}, "
        f"{process} process, {o['deadline_weeks']}-week deadline.",
        f"{doc['replications']} replications on common seeds, {doc['weeks']} weeks, the seat "
        f"opened {doc['seats_per_run']}× per run ({doc['elapsed_s']} s). {doc['offers']} "
        f"offers made: {doc['written_offers']} written, the rest turned down on the closing "
        "call. Intervals are 95% over replications.", "",
        f"P(accept): {_p(doc['p_accept'])}", "",
    ]
    rows = [[s["segment"], s["group"], _p(s["p_accept"]), str(s["offers"])]
            for s in doc["segments"]]
    lines += [render_table(["segment", "group", "P(accept) [95%]", "offers"], rows,
                           right=[False, False, True, True]), ""]
    lines += [f"Percentile among the market's offers for this role and level: value to the "
              f"candidate {_pct(doc['value_percentile'])}, base salary "
              f"{_pct(doc['base_percentile'])}.", "",
              "Why it loses (share of offers made; the first lines split the declines, "
              "so they add up to 1 − P(accept)):"]
    lines += [f"  {r['reason']}: {_pct(r['share_of_offers'])}" for r in doc["reasons"]
              if r["partition"]]
    lines += [f"  of those, {r['reason']}: {_pct(r['share_of_offers'])}"
              for r in doc["reasons"] if not r["partition"]]
    lines += [f"  a faster offer: {fmt(doc['lost_midprocess_per_run'][0])} candidates per run "
              "left the process mid-way for another offer",
              f"  the pay floor: the posted base puts off {_pct(doc['pay_floor_deterred'])} of "
              "would-be applicants of this role and level (before they apply)", ""]
    rows = []
    for w in doc["whatifs"]:
        if "p_accept" not in w:
            rows.append([w["change"], w["note"], "", "", "", "", "", ""])
            continue
        rows.append([w["change"], _p(w["p_accept"]),
                     "" if w["change"] == "as offered" else
                     f"{fmt(w['diff'][0], signed=True)} "
                     f"{fmt_interval(w['diff'][1], w['diff'][2], signed=True)}",
                     fmt(w["grant_value_kusd_per_year"]),
                     fmt(w["cash_cost_kusd_per_year"]), fmt(w["equity_cost_kusd_per_year"]),
                     fmt(w["runway_weeks_lost"]), "yes" if w["reaches_target"] else "no"])
    lines += [f"What would reach P(accept) ≥ {fmt(doc['target'])} (paired with the offer as "
              "made):", render_table(
                  ["change", "P(accept) [95%]", "diff [95%]", "grant's value kUSD/yr",
                   "cash kUSD/yr", "equity kUSD/yr", "runway weeks lost", "reaches"], rows,
                  right=[False, True, True, True, True, True, True, False]), ""]
    if doc["equity_steps_explained"]:
        lines.append(
            f"Bigger grants are tried with the package explained: shown as base salary only, "
            f"this grant is worth {fmt(doc['grant_value_kusd_per_year'][0])} kUSD/yr to the "
            f"median would-be applicant (unexplained equity counts at "
            f"{fmt(doc['equity_factor_base_only'])} of its fair value, explained at "
            f"{fmt(doc['equity_factor_explained'])}), so a bigger grant alone cannot move "
            "P(accept); compare the equity rows with \"explain the package\".")
    if doc["already_reaches_target"]:
        lines.append("The offer as made already reaches the target.")
    elif doc["cheapest"]:
        lines.append(f"Cheapest change that reaches the target: {doc['cheapest']}.")
    else:
        lines.append("None of these changes reaches the target on its own.")
    lines.append(f"(Equity cost: the extra grant at the last round's price per vesting year. "
                 f"Runway: {fmt(doc['startup_cash_kusd'])} kUSD of cash against "
                 f"{fmt(doc['startup_other_burn_kusd_per_week'])} kUSD/week other burn plus "
                 "this hire's base.)")
    return "\n".join(lines)


def _pct(ci: Any) -> str:
    if ci[0] is None or ci[0] != ci[0]:
        return "–"
    lo, hi = ci[1], ci[2]
    band = "" if lo != lo or hi != hi else f" [{100 * lo:.0f}–{100 * hi:.0f}%]"
    return f"{100 * ci[0]:.0f}%{band}"

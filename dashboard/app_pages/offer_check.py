"""Offer check: will this offer close? P(accept), who declines and why, what would fix it."""

from __future__ import annotations

import math
import typing

import pandas as pd
import streamlit as st

from dashboard import cache, charts_offer
from dashboard.components import guarded, progress_callback
from dashboard.forms import plain, quick_size
from dashboard.labels import STAGE_LABELS
from sim.config import ConfigError, FocalConfig, SeatPlan

ROLES = list(typing.get_args(SeatPlan.model_fields["role"].annotation))
SENIORITIES = list(typing.get_args(SeatPlan.model_fields["seniority"].annotation))
STAGES = list(typing.get_args(FocalConfig.model_fields["stage"].annotation))
PROCESSES = {"lean": "Lean (3 stages)", "bigtech_style": "Big-tech style (5 stages)"}
# Seeds per option on this page: about 9 options × 4 runs of a half-size market take
# seconds; the command line's default is 20 (`hiresim offer`). (A comment, not a
# docstring: Streamlit would print a bare string on the page.)
DEFAULT_REPLICATIONS = 4

st.title("Offer check")
st.caption("Will this offer close? The offer is placed in the simulated market as a "
           "startup's seat; candidates value it with the model's own valuation against "
           "their other offers and staying put. P(accept), the reasons it loses and the "
           "what-ifs all come from those runs, on the same seeds for every option.")

presets = [n for n, _ in cache.presets()]
with st.sidebar:
    preset = st.selectbox("Market scenario", presets,
                          index=presets.index("baseline") if "baseline" in presets else 0,
                          key="offer_preset")
    market = cache.preset_config(preset)
    with st.form("offer_form", border=False):
        st.markdown("**The offer**")
        role = st.selectbox("Role", ROLES, index=ROLES.index("ml_inference"), key="offer_role")
        seniority = st.selectbox("Seniority", SENIORITIES, index=SENIORITIES.index("senior"),
                                 key="offer_seniority")
        stage = st.selectbox("Employer stage", STAGES, index=STAGES.index("seed"),
                             format_func=lambda s: STAGE_LABELS.get(s, s), key="offer_stage")
        base = st.number_input("Base salary (kUSD/yr)", 0.0, 2000.0, 185.0, 5.0,
                               key="offer_base")
        equity = st.number_input("Equity (% of fully diluted shares)", 0.0, 100.0, 0.5, 0.05,
                                 format="%.2f", key="offer_equity")
        vesting = st.number_input(
            "Vesting (years)", 0.0, 10.0, float(market.valuation.vesting_years), 0.5,
            key="offer_vesting", help="The model values every grant over the market's "
            "vesting period (valuation.vesting_years); another value is refused.")
        explained = st.toggle("Full package explained (equity's value, dilution)", False,
                              key="offer_explained")
        process = st.selectbox("Process", list(PROCESSES), format_func=PROCESSES.get,
                               key="offer_process")
        deadline = st.number_input(
            "Offer deadline (weeks)", 0, 52, int(market.startups.offer_deadline_weeks), 1,
            key="offer_deadline", help="Every startup's offer stays open "
            "startups.offer_deadline_weeks; another value is refused.")
        with st.expander("The company (optional)"):
            st.caption("Left empty: the stage's market values.")
            cash = st.number_input("Cash in the bank (MUSD)", 0.0, 10_000.0, None, 0.5,
                                   key="offer_cash")
            burn = st.number_input("Other weekly burn (kUSD/week)", 0.0, 10_000.0, None, 5.0,
                                   key="offer_burn")
            post = st.number_input("Post-money valuation (MUSD)", 0.0, 100_000.0, None, 1.0,
                                   key="offer_post_money")
        st.markdown("**The check**")
        reps = st.number_input("Replications per option", 2, 50, DEFAULT_REPLICATIONS, 1,
                               key="offer_reps", help="More replications narrow the "
                               "intervals; `hiresim offer` uses 20.")
        target = st.slider("Target P(accept)", 0.05, 1.0, 0.7, 0.05, key="offer_target")
        weeks = st.number_input("Weeks simulated", 8, 260, 52, 1, key="offer_weeks")
        quick = st.toggle("Quick size (half the market)", True, key="offer_quick")
        seed = st.number_input("Base seed", 0, 2**31 - 1, 0, 1, key="offer_seed")
        submitted = st.form_submit_button("Check the offer", type="primary", width="stretch")

if submitted:
    try:
        cfg = market.with_overrides({**(quick_size(market) if quick else {}),
                                     "market.weeks": int(weeks)})
    except ConfigError as err:
        st.session_state.pop("offer_request", None)
        st.error(f"Cannot run this market: {plain(str(err))}")
        st.stop()
    offer = {"role": role, "seniority": seniority, "stage": stage, "base_kusd": float(base),
             "equity_pct": float(equity), "vesting_years": float(vesting),
             "explained": bool(explained), "process": process,
             "deadline_weeks": int(deadline)}
    company = {k: float(v) for k, v in (("cash_musd", cash), ("other_burn", burn),
                                        ("post_money_musd", post)) if v is not None}
    st.session_state["offer_request"] = (cache.config_key(cfg), offer, company, int(reps),
                                         int(seed), float(target), preset)

request = st.session_state.get("offer_request")
if request is None:
    st.info("Describe the offer in the sidebar and press **Check the offer**.")
    st.stop()

key, offer, company, reps_run, seed_run, target_run, preset_run = request
cfg = cache.config_from_key(key)
on_progress, done = progress_callback("Simulating the offer")
with guarded("Cannot check this offer", done):
    report = cache.offer_check(cfg, offer, company, reps_run, seed_run, target_run, on_progress)
done()


def pct(ci: typing.Sequence[float | None]) -> str:
    """``68% [54–83%]``; ``–`` when undefined."""
    p, lo, hi = (math.nan if v is None else float(v) for v in ci)
    if not math.isfinite(p):
        return "–"
    band = f" [{100 * lo:.0f}–{100 * hi:.0f}%]" if math.isfinite(lo) and math.isfinite(hi) \
        else ""
    return f"{100 * p:.0f}%{band}"


o = report["offer"]
st.subheader(f"P(accept): {pct(report['p_accept'])}")
st.caption(
    f"{o['seniority']} {o['role']} at a {STAGE_LABELS.get(o['stage'], o['stage'])} startup: "
    f"base {o['base_kusd']:.0f} kUSD/yr (market {report['market_base_kusd']:.0f}), "
    f"{o['equity_pct']:g}% over {o['vesting_years']:g} years (market "
    f"{report['market_grant_pct']:.2g}%), {'explained' if o['explained'] else 'base only'}, "
    f"{'lean' if o['lean'] else 'big-tech-style'} process, {o['deadline_weeks']}-week "
    f"deadline. *{preset_run}* market, {cfg.market.weeks} weeks, {report['replications']} "
    f"replications per option on common seeds; {report['offers']} offers made. Intervals "
    "are 95% over replications.")
cols = st.columns(4)
cards = (("P(accept)", report["p_accept"],
          "Share of the offers made that were accepted (an offer turned down on the closing "
          "call, before it was written, counts as made and declined)."),
         ("Value percentile", report["value_percentile"],
          "Where the offer's value to the candidate falls among the market's offers for "
          "this role and level."),
         ("Base percentile", report["base_percentile"],
          "Where the base salary falls among the market's offers for this role and level."),
         ("Would-be applicants put off", report["pay_floor_deterred"],
          "Share of the role's candidates the posted base puts off before they apply (the "
          "model's pay-floor rule)."))
for col, (label, ci, text) in zip(cols, cards, strict=True):
    p = ci[0]
    col.metric(label, "–" if p is None or not math.isfinite(p) else f"{100 * p:.0f}%",
               border=True, help=text)
    col.caption("95% interval: " + (pct(ci).split(" ", 1)[1] if " " in pct(ci) else "–"))

if not report["offers"]:
    st.warning("No candidate reached this offer in these runs, so P(accept) is undefined: "
               "raise the replications or the weeks simulated.")
st.plotly_chart(charts_offer.segment_chart(report))
st.plotly_chart(charts_offer.loss_chart(report))
lost = report["lost_midprocess_per_run"][0]
st.caption(f"Also lost before an offer: {lost:.1f} candidates per run left the process "
           "mid-way for a faster offer." if lost is not None and math.isfinite(lost) else "")

st.markdown(f"#### What would reach P(accept) ≥ {100 * report['target']:.0f}%")
st.plotly_chart(charts_offer.whatif_chart(report))
rows = []
for w in report["whatifs"]:
    if "p_accept" not in w:
        rows.append({"Change": w["change"], "P(accept) [95%]": w["note"]})
        continue
    diff = w["diff"]
    rows.append({
        "Change": w["change"], "P(accept) [95%]": pct(w["p_accept"]),
        "Difference [95%]": "" if w["change"] == "as offered" else
        f"{100 * diff[0]:+.0f} pp [{100 * diff[1]:+.0f}, {100 * diff[2]:+.0f}]"
        if all(v is not None and math.isfinite(v) for v in diff) else "–",
        "Grant's value to candidates (kUSD/yr)": round(w["grant_value_kusd_per_year"], 1),
        "Cash (kUSD/yr)": round(w["cash_cost_kusd_per_year"], 1),
        "Equity (kUSD/yr)": round(w["equity_cost_kusd_per_year"], 1),
        "Runway weeks lost": round(w["runway_weeks_lost"], 2),
        "Reaches target": "yes" if w["reaches_target"] else "no"})
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
if report["already_reaches_target"]:
    st.success("The offer as made already reaches the target.")
elif report["cheapest"]:
    st.success(f"Cheapest change that reaches the target: **{report['cheapest']}** (point "
               "estimate: read its interval).")
else:
    st.warning("None of these changes reaches the target on its own.")
if report["equity_steps_explained"]:
    st.info(f"Bigger grants are tried with the package explained: shown as base salary "
            f"only, this grant is worth {report['grant_value_kusd_per_year'][0]:.1f} kUSD/yr "
            f"to the median would-be applicant (unexplained equity counts at "
            f"{report['equity_factor_base_only']:g} of its fair value, explained at "
            f"{report['equity_factor_explained']:g}), so a bigger grant alone cannot move "
            "P(accept).")
st.caption(f"Grant's value: what the offer's equity is worth per year to the median "
           f"would-be applicant, as presented (the model's valuation). "
           f"Cash: the extra base per year. Equity: the extra grant at the last round's "
           f"post-money per vesting year (no cash). Runway weeks lost: "
           f"{report['startup_cash_kusd']:,.0f} kUSD of cash against "
           f"{report['startup_other_burn_kusd_per_week']:,.0f} kUSD/week other burn plus "
           "this hire's base, before and after. The method is in docs/founders.md, "
           "\"Check an offer\".")

"""Plan search: let an optimiser try hiring plans for the founder's startup, honestly ranked."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, charts_plan
from dashboard.components import guarded, progress_callback
from dashboard.forms import plain
from sim.config import ConfigError, PlanSearchConfig

DEFAULT_FILE = """\
name = "my_startup"
description = "A seed-stage AI startup, in a smaller market so a search takes seconds."
extends = "baseline"

[market]
weeks = 52

[candidates]
n_ml = 600

[startups]
n = 60

[focal]
stage = "seed"
cash_musd = 4.0          # USD millions in the bank
other_burn = 30.0        # kUSD/week besides ML payroll
progress = 0.3           # share of the way to the next milestone
ml_team_target = 3
initial_team = 1
lean_process = true
managed_infra = true

[search]
objective = "milestone"  # or weeks_to_milestone, cash_per_progress
pay_mult = [0.9, 1.2]    # × the stage's band
equity_mult = [0.5, 2.0] # × the market's grant
levers = ["precise_titles", "focused_jd", "explained_pay", "builder_screen"]
stale_response = ["none", "source", "raise_offer"]
"""
OBJECTIVE_LABELS = {"milestone": "P(milestone)", "weeks_to_milestone": "Weeks to milestone",
                    "cash_per_progress": "kUSD per milestone"}

st.title("Plan search")
st.caption("Describe your startup and what you are willing to change; an optimiser (Optuna) "
           "tries plans on the same simulated futures, re-runs the best few beside your "
           "current plan on fresh ones, and says how sure it is. The same search, with its "
           "study saved and resumable, is `hiresim plan FILE.toml --out DIR`.")

with st.sidebar, st.form("plan_form", border=False):
    text = st.text_area("Your startup and what to search (TOML)", DEFAULT_FILE, height=460,
                        key="plan_file",
                        help="A scenario with a [focal] table (your company and current "
                             "plan) and a [search] table (see docs/founders.md, 'Search "
                             "for a plan'). Without [search] the default space is searched.")
    trials = st.number_input("Trials (plans to try)", 2, 200, 12, 1, key="plan_trials")
    seeds = st.number_input("Common seeds per trial", 1, 50, 4, 1, key="plan_seeds")
    final_seeds = st.number_input("Fresh seeds for the finalists", 2, 200, 12, 1,
                                  key="plan_final_seeds")
    finalists = st.number_input("Finalists", 1, 5, 2, 1, key="plan_finalists")
    seed = st.number_input("Base seed", 0, 2**31 - 1, 0, 1, key="plan_seed")
    submitted = st.form_submit_button("Search plans", type="primary", width="stretch")

if submitted:
    try:
        scenario = cache.founder_file(text)
        if scenario.config.focal is None:
            raise ValueError("focal: the file has no [focal] table (your company)")
        search = scenario.search or PlanSearchConfig()
    except (ConfigError, ValueError) as err:
        st.session_state.pop("plan_request", None)
        st.error(f"Cannot search with this file: {plain(str(err)).split('founder.toml: ')[-1]}")
        st.stop()
    st.session_state["plan_request"] = (cache.config_key(scenario.config), search,
                                        int(trials), int(seeds), int(final_seeds),
                                        int(finalists), int(seed))

request = st.session_state.get("plan_request")
if request is None:
    st.info("Edit your startup and the plans to try in the sidebar, then press "
            "**Search plans**.")
    st.stop()

key, search, n_trials, n_seeds, n_final, n_finalists, base_seed = request
cfg = cache.config_from_key(key)
on_progress, done = progress_callback("Searching plans")
with guarded("Cannot search these plans", done):
    result = cache.search_plans(cfg, search, n_trials, n_seeds, n_final, n_finalists,
                                base_seed, on_progress)
done()

objective = result.space.objective
label = OBJECTIVE_LABELS[objective]
higher = objective == "milestone"
table = result.finalists.set_index("label")
best = table.loc[result.best]
st.subheader(f"Best plan: {result.best}")
st.markdown(f"**{best['plan'][:1].upper() + best['plan'][1:]}.**")
if result.best != "current":
    st.caption(f"Changes from your current plan: {best['changes']}.")

cols = st.columns(3)
delta = None if result.best == "current" else f"{best['diff']:+.3g} vs current"
cols[0].metric(f"{label}, best plan", f"{best['objective']:.3g}", delta,
               delta_color="normal" if higher else "inverse", border=True,
               help=f"Mean over {result.final_seeds} fresh seeds; 95% interval "
                    f"{best['objective_low']:.3g}–{best['objective_high']:.3g}.")
cols[1].metric("P(best)", f"{100 * best['p_best']:.0f}%", border=True,
               help="Share of bootstrap resamples of the fresh seeds in which this plan "
                    "ranks first.")
cols[2].metric("Trials within the budget", f"{result.feasible} of {len(result.trials)}",
               border=True)
(st.success if result.beats_current else st.info)(result.verdict)

left, right = st.columns([3, 2])
left.plotly_chart(charts_plan.trials_chart(
    result.trials, result.current_search.get("objective", float("nan")), label, higher))
right.plotly_chart(charts_plan.p_best_chart(result.finalists))

st.markdown(f"#### Finalists and your current plan on {result.final_seeds} fresh seeds")
st.caption("Differences are paired with your current plan on the same seeds; a plan beats "
           "it only when the 95% interval of the difference excludes zero.")
show = result.finalists[["rank", "label", "objective", "objective_low", "objective_high",
                         "diff", "diff_low", "diff_high", "p_better", "p_best",
                         "weeks_to_milestone", "hires", "plan"]]
st.dataframe(show, hide_index=True, width="stretch", key="plan_finalists_table",
             column_config={
                 "label": st.column_config.TextColumn("Plan"),
                 "objective": st.column_config.NumberColumn(label, format="%.3f"),
                 "objective_low": st.column_config.NumberColumn("95% low", format="%.3f"),
                 "objective_high": st.column_config.NumberColumn("95% high", format="%.3f"),
                 "diff": st.column_config.NumberColumn("Diff vs current", format="%+.3f"),
                 "diff_low": st.column_config.NumberColumn("Diff 95% low", format="%+.3f"),
                 "diff_high": st.column_config.NumberColumn("Diff 95% high", format="%+.3f"),
                 "p_better": st.column_config.NumberColumn("P(better)", format="percent"),
                 "p_best": st.column_config.NumberColumn("P(best)", format="percent"),
                 "weeks_to_milestone": st.column_config.NumberColumn("Weeks to milestone",
                                                                     format="%.1f"),
                 "hires": st.column_config.NumberColumn("Hires", format="%.2f"),
                 "plan": st.column_config.TextColumn("The plan in words", width="large"),
             })
with st.expander("All trials and downloads"):
    st.dataframe(result.trials.drop(columns="plan_key"), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button("Download the best plan (strategy TOML)", result.strategy_file(),
                         file_name="best_plan.toml", mime="application/toml",
                         key="plan_dl_best", on_click="ignore")
    right.download_button("Download the trials (CSV)",
                          result.trials.drop(columns="plan_key").to_csv(index=False),
                          file_name="hiresim_plan_trials.csv", mime="text/csv",
                          key="plan_dl_trials", on_click="ignore")

"""Market page: one scenario, several replications, headline numbers and weekly charts."""

from __future__ import annotations

import time

import streamlit as st

from dashboard import cache, charts
from dashboard.components import (
    METRIC_COLUMN_CONFIG,
    guarded,
    metric_cards,
    metrics_table,
    progress_callback,
)
from dashboard.forms import get_dotted, param_widget, parse_overrides, plain, query_int, quick_size
from sim import REGISTRY
from sim.config import ConfigError

MARKET_PARAMS = ("market.demand_supply_ratio", "bigtech.pay_gap_mult")
LEVER_PARAMS = ("startups.share_deliberate", "startups.share_explained",
                "startups.share_precise_titles", "startups.share_focused_jd",
                "startups.share_lean_process")
SIZE_PARAMS = ("candidates.n_ml", "startups.n", "market.weeks")
# Time to fill as the restricted mean, which counts the seats that never fill: the
# median over filled seats (weeks_to_fill.*, in the full table) reflects mostly the hire's
# own process, and startups' is the shorter (docs/validity.md, "Calibration check").
HEADLINE = ("fill_rate.startup", "fill_rate.bigtech", "weeks_to_fill_rmst.startup",
            "weeks_to_fill_rmst.bigtech", "offer_acceptance.startup", "offer_acceptance.bigtech",
            "startup_loss_to_bigtech", "demand_supply_ratio")
ROLES = [n.removeprefix("fill_rate.role.") for n in REGISTRY if n.startswith("fill_rate.role.")]
CAUSES = [n.removeprefix("stall_share.") for n in REGISTRY if n.startswith("stall_share.")]


st.title("Market")
st.caption("Simulate the ML hiring market week by week and see who fills seats, how fast, "
           "and where candidates drop out. Every number comes from several independent runs; "
           "intervals show how much they vary.")

names = [n for n, _ in cache.presets()]
descriptions = dict(cache.presets())
wanted = st.query_params.get("preset")
default = wanted if wanted in names else ("baseline" if "baseline" in names else names[0])

with st.sidebar:
    preset = st.selectbox("Scenario preset", names, index=names.index(default),
                          key="market_preset", help="Presets ship with HireSim (scenarios/).")
    st.caption(descriptions.get(preset, ""))
    base = cache.preset_config(preset)
    with st.form("market_form", border=False):
        values: dict[str, object] = {}
        st.markdown("**Market**")
        for path in MARKET_PARAMS:
            values[path] = param_widget(path, get_dotted(base, path), key=f"mk_{preset}_{path}")
        with st.expander("Startup hiring practices", expanded=False):
            for path in LEVER_PARAMS:
                values[path] = param_widget(path, get_dotted(base, path),
                                            key=f"mk_{preset}_{path}")
        st.markdown("**Size and runs**")
        quick = quick_size(base)
        for path in SIZE_PARAMS:
            start = quick.get(path, get_dotted(base, path))
            values[path] = param_widget(path, start, key=f"mk_{preset}_{path}")
        st.caption(f"Starts at half this preset's size ({base.candidates.n_ml:,} ML candidates, "
                   f"{base.startups.n:,} startups) so a first run takes seconds; shares and "
                   "rates carry over. Use the full size for final numbers.")
        reps = st.number_input("Replications", 1, 50, query_int("reps", 5, 1, 50), 1,
                               key="mk_reps", help="Independent runs, each with its own seed.")
        seed = st.number_input("Base seed", 0, 2**31 - 1, query_int("seed", 0, 0, 2**31 - 1),
                               1, key="mk_seed",
                               help="Same seed and settings give the same numbers, bit for bit.")
        with st.expander("Extra settings", expanded=False):
            extra = st.text_area("Any parameter, one `dotted.path = value` per line",
                                 key="mk_extra", height=90,
                                 placeholder="candidates.max_processes = 4")
        submitted = st.form_submit_button("Run simulation", type="primary",
                                          width="stretch")

if submitted:
    try:
        overrides = {**values, **parse_overrides(extra)}
        cfg = base.with_overrides(overrides)
    except (ConfigError, ValueError) as err:
        st.session_state.pop("market_request", None)
        st.error(f"Cannot run these settings: {plain(str(err))}")
        st.stop()
    st.session_state["market_request"] = (cache.config_key(cfg), int(reps), int(seed), preset)
    st.query_params.update({"preset": preset, "reps": str(int(reps)), "seed": str(int(seed))})

request = st.session_state.get("market_request")
if request is None:
    st.info("Choose a preset and settings in the sidebar, then press **Run simulation**.")
    st.stop()

key, reps_run, seed_run, preset_run = request
cfg = cache.config_from_key(key)
on_progress, done = progress_callback("Simulating")
started = time.perf_counter()
with guarded("Cannot run these settings", done):
    result = cache.run_market(cfg, reps_run, seed_run, on_progress=on_progress)
elapsed = time.perf_counter() - started
done()
summary = result.summary()

st.subheader(f"{preset_run}: {reps_run} runs of {cfg.market.weeks} weeks")
st.caption(f"{cfg.candidates.n_ml:,} ML candidates, {cfg.startups.n:,} startups, "
           f"{cfg.bigtech.n_bigtech + cfg.bigtech.n_labs} big-tech firms and labs; "
           f"base seed {seed_run}. Computed in {elapsed:.1f} s (repeated settings come from "
           "the cache).")
metric_cards(summary, HEADLINE)
st.caption(f"Weeks to fill counts the seats that never fill: the mean weeks a seat "
           f"stays unfilled, up to the {cfg.market.req_max_open_weeks} weeks it may stay open. "
           "The seats that do fill mostly fill while their posting is new; their median is "
           "in the full table below (weeks_to_fill.*).")

st.markdown("#### Over time")
st.caption("Lines are the median across runs; shaded bands span the 10th to 90th percentile.")
left, right = st.columns(2)
left.plotly_chart(charts.market_balance_chart(result.weekly))
right.plotly_chart(charts.ratio_chart(result.weekly, cfg.market.demand_supply_ratio),
                   width="stretch")
left, right = st.columns(2)
left.plotly_chart(charts.hires_chart(result.weekly))
right.plotly_chart(charts.stall_chart(summary, CAUSES))

st.markdown("#### By role")
st.caption("All firms together. Error bars are 95% intervals of the mean across runs; "
           "inference seats draw on the smallest pool. Time to fill counts the seats that "
           "never fill (a restricted mean up to the longest a seat stays open), so a role "
           "whose seats rarely fill is not flattered by its few quick fills.")
left, right = st.columns(2)
left.plotly_chart(charts.role_fill_chart(summary, ROLES))
right.plotly_chart(charts.role_weeks_chart(summary, ROLES))

with st.expander("All metrics and per-run data"):
    st.dataframe(metrics_table(summary), hide_index=True, column_config=METRIC_COLUMN_CONFIG,
                 width="stretch")
    st.download_button("Download per-run metrics (CSV)", result.runs.to_csv(index=False),
                       file_name=f"hiresim_{preset_run}_runs.csv", mime="text/csv",
                       key="mk_download_runs", on_click="ignore")

"""Compare page: 2–4 scenarios on the same seeds, with paired differences."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, charts
from dashboard.components import delta_args, guarded, progress_callback, unit_of
from dashboard.forms import parse_overrides, plain, query_int, quick_size
from dashboard.labels import fmt_interval, fmt_value, metric_label
from sim import REGISTRY
from sim.config import ConfigError

# Time to fill counting the seats that never fill (see the Market page's note).
CARDS = ("fill_rate.startup", "weeks_to_fill_rmst.startup", "offer_acceptance.startup",
         "fill_rate.bigtech")
HEADLINE = ("fill_rate.startup", "fill_rate.bigtech", "weeks_to_fill_rmst.startup",
            "weeks_to_fill_rmst.bigtech", "weeks_to_fill.startup", "offer_acceptance.startup",
            "offer_acceptance.bigtech",
            "startup_loss_to_bigtech", "demand_supply_ratio", "startup.survival")
LOWER_IS_BETTER = ("weeks_to_fill", "startup_loss_to_bigtech", "stall_share")
SERIES = {"open_reqs_startup": ("Open startup requisitions", "Open reqs"),
          "open_reqs_bigtech": ("Open big-tech requisitions", "Open reqs"),
          "active_ml_candidates": ("ML candidates looking", "Candidates"),
          "demand_supply_ratio": ("Demand / supply ratio", "Open reqs per active candidate"),
          "hires_startup": ("Startup hires per week", "Hires / week"),
          "hires_bigtech": ("Big-tech hires per week", "Hires / week"),
          "startups_alive": ("Startups operating", "Startups")}


def parse_arm(text: str) -> tuple[str, str]:
    """``"preset|path=value;path=value"`` (URL form) → (preset, settings text)."""
    preset, _, change = text.partition("|")
    return preset.strip(), change.replace(";", "; ")


def arm_label(preset: str, overrides: dict[str, object]) -> str:
    """Display name of an arm: the preset, plus the settings it changes."""
    if not overrides:
        return preset
    changes = ", ".join(f"{k.rsplit('.', 1)[-1]}={v}" for k, v in overrides.items())
    return f"{preset} · {changes}"


def side_by_side(table: pd.DataFrame, metrics: list[str], arms: list[str]) -> pd.DataFrame:
    """Metric rows × arm columns of "mean (low–high)" text."""
    idx = table.set_index(["metric", "arm"])
    rows = []
    for m in metrics:
        unit = unit_of(m)
        row = {"Metric": metric_label(m)}
        for arm in arms:
            r = idx.loc[(m, arm)]
            text = fmt_value(r["mean"], unit)
            interval = fmt_interval(r["ci95_low"], r["ci95_high"], unit)
            row[arm] = f"{text}  ({interval.removeprefix('95% CI ')})"
        rows.append(row)
    return pd.DataFrame(rows)


st.title("Compare scenarios")
st.caption("Run two to four scenarios on the same seeds (common random numbers), so each "
           "difference comes from the scenario, not from luck. The first arm is the reference.")

names = [n for n, _ in cache.presets()]
from_url = [parse_arm(a) for a in st.query_params.get("arms", "").split(",") if a.strip()]
from_url = [(p, c) for p, c in from_url if p in names][:4]
if len(from_url) < 2:
    first = "baseline" if "baseline" in names else names[0]
    others = [n for n in names if n != first]
    second = (others[0], "") if others else (first, "market.demand_supply_ratio = 1.5")
    from_url = [(first, ""), second]

with st.sidebar:
    n_arms = st.radio("Number of arms", [2, 3, 4], index=[2, 3, 4].index(max(len(from_url), 2)),
                      horizontal=True, key="cmp_n")
    with st.form("compare_form", border=False):
        arms_in = []
        for i in range(n_arms):
            preset, change = from_url[i] if i < len(from_url) else (names[0], "")
            st.markdown(f"**Arm {i + 1}**" + (" (reference)" if i == 0 else ""))
            p = st.selectbox("Preset", names, index=names.index(preset), key=f"cmp_p{i}",
                             label_visibility="collapsed")
            c = st.text_input("Changed settings (optional)", change, key=f"cmp_c{i}",
                              placeholder="market.demand_supply_ratio = 1.5",
                              help="Dotted parameter paths and TOML values, as in a "
                                   "scenario file (text in quotes); separate several "
                                   "with semicolons.")
            arms_in.append((p, c))
        reps = st.number_input("Replications per arm", 2, 50, query_int("reps", 5, 2, 50), 1,
                               key="cmp_reps")
        seed = st.number_input("Base seed", 0, 2**31 - 1, 0, 1, key="cmp_seed")
        quick = st.toggle("Quick size (half each market)", True, key="cmp_quick",
                          help="Halve ML candidates and startups so runs take seconds.")
        submitted = st.form_submit_button("Compare", type="primary", width="stretch")

if submitted:
    try:
        configs = {}
        for preset, change in arms_in:
            base = cache.preset_config(preset)
            # One line per arm (it travels in the URL), so ";" separates TOML settings
            # here; a later one wins, as with --set. No config text contains ";".
            changes = {k: v for part in change.split(";") for k, v in
                       parse_overrides(part).items()}
            overrides = {**(quick_size(base) if quick else {}), **changes}
            label = arm_label(preset, changes)
            if label in configs:
                raise ValueError(f"two arms are the same ({label}); change one of them")
            configs[label] = base.with_overrides(overrides)
    except (ConfigError, ValueError) as err:
        st.session_state.pop("compare_request", None)
        st.error(f"Cannot compare these arms: {plain(str(err))}")
        st.stop()
    st.session_state["compare_request"] = (
        {k: cache.config_key(v) for k, v in configs.items()}, int(reps), int(seed))
    st.query_params["arms"] = ",".join(
        p + ("|" + c.replace(" ", "") if c.strip() else "") for p, c in arms_in)
    st.query_params["reps"] = str(int(reps))

request = st.session_state.get("compare_request")
if request is None:
    st.info("Pick the arms in the sidebar and press **Compare**.")
    st.stop()

keys, reps_run, seed_run = request
configs = {arm: cache.config_from_key(k) for arm, k in keys.items()}
on_progress, done = progress_callback("Comparing")
with guarded("Cannot compare these arms", done):
    result = cache.compare_arms(configs, reps_run, seed_run, on_progress=on_progress)
done()
ref = result.arms[0]
table = result.table.set_index(["metric", "arm"])

st.subheader(f"{len(result.arms)} arms × {reps_run} paired runs")
cols = st.columns(len(result.arms))
for col, arm in zip(cols, result.arms, strict=True):
    with col:
        st.markdown(f"**{arm}**" + (" · reference" if arm == ref else ""))
        for name in CARDS:
            row = table.loc[(name, arm)]
            unit = unit_of(name)
            st.metric(metric_label(name), fmt_value(row["mean"], unit), border=True,
                      **delta_args(row["diff"], unit, name.startswith(LOWER_IS_BETTER),
                                   arm == ref))

st.markdown("#### Paired differences")
st.caption("Mean difference to the reference over the same seeds, with a 95% interval. An "
           "interval that crosses zero means the runs cannot tell the arms apart.")
choices = [m for m in REGISTRY if m in result.runs.columns and not m.startswith("focal.")]
picked = st.multiselect("Metrics", choices, [m for m in HEADLINE if m in choices],
                        format_func=metric_label, key="cmp_metrics")
if picked:
    units = {m: unit_of(m) for m in picked}
    st.plotly_chart(charts.forest_chart(result.table, picked, units, ref))

st.markdown("#### Over time")
left, right = st.columns([1, 3])
series = left.radio("Weekly series", list(SERIES), format_func=lambda s: SERIES[s][0],
                    key="cmp_series")
right.plotly_chart(charts.overlay_chart(result.weekly, series, result.arms, SERIES[series][0],
                                        SERIES[series][1]))

st.markdown("#### Spread across runs")
metric = st.selectbox("Metric", choices, index=choices.index("fill_rate.startup"),
                      format_func=metric_label, key="cmp_dist")
st.plotly_chart(charts.metric_distribution(
    result.runs, metric, "arm", result.arms, metric_label(metric), unit_of(metric),
    percent=unit_of(metric) == "share"))

st.markdown("#### Side by side")
st.caption("Mean of each metric per arm with its 95% interval.")
st.dataframe(side_by_side(result.table, [m for m in HEADLINE if m in choices], result.arms),
             hide_index=True, width="stretch")
with st.expander("Full comparison table (every metric, paired differences, percentiles)"):
    st.dataframe(result.table, hide_index=True, width="stretch")
    st.download_button("Download comparison (CSV)", result.table.to_csv(index=False),
                       file_name="hiresim_compare.csv", mime="text/csv", key="cmp_download",
                       on_click="ignore")

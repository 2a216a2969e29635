"""Strategy lab: the founder's own startup under several hiring strategies, paired."""

from __future__ import annotations

import typing

import streamlit as st

from dashboard import cache, charts, charts_lab
from dashboard.components import (
    delta_args,
    guarded,
    progress_callback,
    seat_fill_table,
    unit_of,
)
from dashboard.forms import get_dotted, param_widget, parse_overrides, plain, quick_size
from dashboard.labels import STAGE_LABELS, STRATEGY_LABELS, fmt_value, metric_label
from sim.config import ConfigError, FocalConfig, market_practice

COMPANY = ("focal.cash_musd", "focal.other_burn", "focal.post_money_musd", "focal.pay_mult",
           "focal.equity_mult", "focal.progress", "focal.ml_team_target", "focal.initial_team")
LEVERS = ("precise_titles", "focused_jd", "lean_process", "explained_pay", "builder_screen",
          "managed_infra")
CARDS = ("focal.weeks_to_first_hire", "focal.seats_filled_share", "focal.weeks_to_milestone",
         "focal.survived")
FOCAL = ("focal.weeks_to_first_hire", "focal.hires", "focal.seats_filled_share",
         "focal.weeks_to_milestone", "focal.weeks_to_round", "focal.survived",
         "focal.runway_weeks")
LOWER_IS_BETTER = ("focal.weeks_to_first_hire", "focal.weeks_to_milestone",
                   "focal.weeks_to_round")
DEFAULT_STRATEGIES = ("stage_aligned", "ahead_of_stage", "lean_and_explained")

st.title("Strategy lab")
st.caption("Put your own startup into the simulated market and try hiring strategies side "
           "by side. Every strategy meets the same candidates and the same luck (common "
           "random numbers), so differences come from the strategy.")

presets = [n for n, _ in cache.presets()]
available = dict(cache.strategy_names())
wanted = [s for s in st.query_params.get("strategies", "").split(",") if s in available]
chosen_default = wanted or [s for s in DEFAULT_STRATEGIES if s in available] or list(available)[:2]
preset_default = st.query_params.get("preset", "baseline")
preset_default = preset_default if preset_default in presets else presets[0]

with st.sidebar:
    preset = st.selectbox("Market scenario", presets, index=presets.index(preset_default),
                          key="lab_preset")
    base = cache.preset_config(preset)
    focal = base.focal or FocalConfig()
    with st.form("lab_form", border=False):
        st.markdown("**Your startup**")
        stages = list(typing.get_args(FocalConfig.model_fields["stage"].annotation))
        stage = st.selectbox("Stage", stages, index=stages.index(focal.stage),
                             format_func=lambda s: STAGE_LABELS.get(s, s), key="lab_stage")
        values: dict[str, object] = {"focal.stage": stage}
        for path in COMPANY:
            values[path] = param_widget(path, get_dotted(focal, path.removeprefix("focal.")),
                                        key=f"lab_{path}")
        with st.expander("Hiring practices you use today"):
            st.caption("A strategy may change some of these (e.g. *lean_and_explained* "
                       "turns on the first five). *Market practice* is what most startups "
                       "in this market do.")
            practice = market_practice(base.startups)
            for lever in LEVERS:
                field = FocalConfig.model_fields[lever]
                on, share = practice[lever]
                choices = {None: f"market practice ({'on' if on else 'off'}: "
                                 f"{100 * share:.0f}% of startups)", True: "on", False: "off"}
                values[f"focal.{lever}"] = st.selectbox(
                    (field.description or lever).split(" (")[0], list(choices),
                    index=list(choices).index(getattr(focal, lever)),
                    format_func=choices.get, key=f"lab_{lever}")
        st.markdown("**Strategies to compare**")
        strategies = st.multiselect(
            "Strategies (the first is the reference)", list(available), chosen_default,
            format_func=lambda s: STRATEGY_LABELS.get(s, s), key="lab_strategies",
            help="\n\n".join(f"**{k}**: {v}" for k, v in available.items()))
        auto = st.toggle("Choose replications automatically", False, key="lab_auto",
                         help="Add runs until the headline difference is known to ±2 weeks "
                              "(up to 100 per strategy). Slower.")
        reps = st.number_input("Replications per strategy", 2, 100, 6, 1, key="lab_reps")
        seed = st.number_input("Base seed", 0, 2**31 - 1, 0, 1, key="lab_seed")
        quick = st.toggle("Quick size (half the market)", True, key="lab_quick")
        with st.expander("Extra settings"):
            extra = st.text_area("Any parameter, one `dotted.path = value` per line",
                                 key="lab_extra", height=90,
                                 placeholder="market.demand_supply_ratio = 2.0")
        submitted = st.form_submit_button("Compare strategies", type="primary",
                                          width="stretch")

if submitted:
    try:
        if not strategies:
            raise ValueError("pick at least one strategy")
        overrides = {**(quick_size(base) if quick else {}), **values,
                     **parse_overrides(extra)}
        cfg = base.with_overrides(overrides)
    except (ConfigError, ValueError) as err:
        st.session_state.pop("lab_request", None)
        st.error(f"Cannot run this setup: {plain(str(err))}")
        st.stop()
    st.session_state["lab_request"] = (cache.config_key(cfg), tuple(strategies),
                                       None if auto else int(reps), int(seed))
    st.query_params.update({"preset": preset, "strategies": ",".join(strategies)})

request = st.session_state.get("lab_request")
if request is None:
    st.info("Describe your startup in the sidebar, pick strategies and press "
            "**Compare strategies**.")
    st.stop()

key, names, reps_run, seed_run = request
cfg = cache.config_from_key(key)
on_progress, done = progress_callback("Simulating your startup")
with guarded("Cannot run this setup", done):
    result = cache.compare_strategies(cfg, list(names), reps_run, seed_run, on_progress)
done()
ref = result.strategies[0]
label = {s: STRATEGY_LABELS.get(s, s) for s in result.strategies}
table = result.table.set_index(["metric", "strategy"])

n_strat, n_reps = len(result.strategies), result.replications
st.subheader(f"{n_strat} strateg{'y' if n_strat == 1 else 'ies'} × {n_reps} paired "
             f"run{'' if n_reps == 1 else 's'}")
st.caption(f"{STAGE_LABELS[cfg.focal.stage]} startup with ${cfg.focal.cash_musd:g}M in the "
           f"bank, planning {cfg.focal.ml_team_target} ML hires, in the *{preset}* market "
           f"({cfg.market.weeks} weeks). {result.note[:1].upper() + result.note[1:]}")
cols = st.columns(len(result.strategies))
for col, name in zip(cols, result.strategies, strict=True):
    with col:
        st.markdown(f"**{label[name]}**" + (" · reference" if name == ref else ""))
        for metric in CARDS:
            row = table.loc[(metric, name)]
            unit = unit_of(metric)
            st.metric(metric_label(metric), fmt_value(row["mean"], unit),
                      border=True, help=f"Mean over {int(row['n'])} runs.",
                      **delta_args(row["diff"], unit, metric in LOWER_IS_BETTER, name == ref))
unset = {f"{k}={'on' if on else 'off'} ({100 * share:.0f}% of startups)"
         for levers in (result.unset or {}).values() for k, (on, share) in levers.items()}
st.caption("Levers left unset take the market's practice: " + (", ".join(sorted(unset))
           or "none (every lever is set)") + ".")
st.caption(f"Weeks count to the end of the horizon plus one ({cfg.market.weeks + 1}) when "
           "the event never happens.")

st.markdown("#### Distributions and paired differences")
metric = st.selectbox("Metric", FOCAL, format_func=metric_label, key="lab_metric")
left, right = st.columns([2, 3])
left.plotly_chart(charts.metric_distribution(
    result.runs.assign(strategy=result.runs["strategy"].map(label)), metric, "strategy",
    [label[s] for s in result.strategies], f"{metric_label(metric)} per run",
    unit_of(metric), percent=unit_of(metric) in {"share", "0/1"}))
forest_table = result.table.rename(columns={"strategy": "arm"})
forest_table["arm"] = forest_table["arm"].map(label)
right.plotly_chart(charts.forest_chart(forest_table, list(FOCAL),
                                       {m: unit_of(m) for m in FOCAL}, label[ref]))

st.markdown("#### When each seat fills")
fill = result.fill
if fill is None or not fill.seats:
    st.caption("Your startup opened no seat in these runs.")
else:
    st.caption(
        "P(seat filled by week w) for each strategy: a product-limit (Kaplan–Meier) estimate "
        "over the runs with its 95% band. A seat still open at the end, or never opened in a "
        "run, counts as not filled up to the horizon; a seat given up, or open when the "
        "startup ran out of cash, stops counting that week. Seats are named by level, role "
        "and order opened (#2 is the second of its kind). The dashed line is the runway: "
        "the median week the cash runs out (past the horizon it is projected from the "
        "last week's burn with no further round).")
    seat = st.selectbox("Seat", fill.seats, key="lab_fill_seat")
    st.plotly_chart(charts_lab.fill_curve_chart(fill.curves, seat, result.strategies,
                                                cfg.market.weeks, fill.runway, label))
    st.dataframe(seat_fill_table(fill.summary, seat, label, cfg.market.weeks),
                 hide_index=True, width="stretch")
    st.caption(f"Productive before cash-out: the seat was filled within the horizon and the "
               f"hire had {fill.ramp_weeks:g} weeks on the team (an assumed ramp-up; "
               "`hiresim strategies --ramp-weeks` changes it) before the cash ran out.")

st.markdown("#### Seat by seat")
st.caption("Each bar is one seat your startup opened in a single run: solid when filled, "
           "pale when still open or closed unfilled at the end.")
run_no = st.selectbox("Run", sorted(result.seats["replication"].unique()),
                      format_func=lambda r: f"Run {r + 1}", key="lab_run")
seats = result.seats[result.seats["replication"] == run_no]
st.plotly_chart(charts_lab.seat_timeline(seats, result.strategies, cfg.market.weeks, label))
st.plotly_chart(charts_lab.reasons_chart(result.reasons, result.strategies, label))

with st.expander("Tables and downloads"):
    st.dataframe(result.table, hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button("Download per-seat table (CSV)", result.seats.to_csv(index=False),
                         file_name="hiresim_seats.csv", mime="text/csv", key="lab_dl_seats",
                         on_click="ignore")
    right.download_button("Download strategy table (CSV)", result.table.to_csv(index=False),
                          file_name="hiresim_strategies.csv", mime="text/csv",
                          key="lab_dl_table", on_click="ignore")

"""Sweeps page: open a sweep folder, see effects, heat maps, sensitivity; filter and download."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import cache, charts_discovery, charts_sweep
from dashboard.components import guarded, unit_of
from dashboard.labels import metric_label
from sim import REGISTRY
from sim.sweep import reference_name, reference_point

ROOT = Path(__file__).resolve().parents[2]
SEARCH = ("sweeps", "build")
DEFAULT_METRICS = ("fill_rate.startup", "weeks_to_fill.startup", "offer_acceptance.startup")
SENSITIVITY_NOTES = {
    "sobol": "Total-order Sobol index: the share of the metric's variance that involves the "
             "parameter, alone or with others. The diamond is the first-order (alone) index.",
    "morris": "Morris μ*: the mean absolute change in the metric when the parameter moves "
              "across its range, one step at a time (a screening measure).",
    "range": "This design has no sensitivity indices (they need a Sobol or Morris sampler), "
             "so parameters are ranked by how far the metric's mean moves across their "
             "levels. No interval is available.",
}


def recent_sweeps(limit: int = 20) -> list[Path]:
    """Sweep folders (holding a ``manifest.json``) under ./sweeps and build/, newest first."""
    roots = {(base / name).resolve() for base in (ROOT, Path.cwd()) for name in SEARCH}
    found = {m.parent for root in roots if root.is_dir()
             for depth in ("*", "*/*", "*/*/*") for m in root.glob(f"{depth}/manifest.json")}
    return sorted(found, key=lambda p: (p / "manifest.json").stat().st_mtime,
                  reverse=True)[:limit]


def shown(path: Path) -> str:
    """A folder relative to the checkout when possible."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def discovery_section(path: Path, manifest: dict) -> None:
    """A condition box, then PRIM's peeling trajectory, box limits and a plain summary."""
    st.markdown("#### Where does a condition hold? (scenario discovery)")
    st.caption("Write a condition on the kept metrics, e.g. `fill_rate.startup < 0.3`. "
               "PRIM finds the box of input ranges where it holds, trading coverage "
               "(how many of the points where it holds are in the box) against density "
               "(how many points in the box it holds for). Each design point is judged "
               "on its mean over its replications.")
    asked = (manifest.get("spec", {}).get("analysis") or {}).get("where", "")
    default = st.session_state.get("sw_where_run") or st.query_params.get("where", asked)
    with st.form("sw_discovery_form", border=False):
        text = st.text_input("Condition", default, key="sw_where",
                             placeholder="fill_rate.startup < 0.3")
        go = st.form_submit_button("Find the region")
    if go:
        st.session_state["sw_where_run"] = text.strip()
        if text.strip():
            st.query_params["where"] = text.strip()
    where = st.session_state.get("sw_where_run") or st.query_params.get("where", "")
    if not where:
        return
    with guarded("Cannot run the discovery"):
        found = cache.sweep_discovery(path, where)
    if found.box is None:
        st.info(found.summary)
        return
    box = found.trajectory.iloc[found.box]
    st.success(found.summary)
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(charts_discovery.trajectory_chart(found.trajectory, found.box,
                                                      found.condition))
    with right:
        cols = st.columns(3)
        cols[0].metric("Coverage", f"{box.coverage:.2f}", border=True)
        cols[1].metric("Density", f"{box.density:.2f}", border=True)
        cols[2].metric("Holds in", f"{found.n_true}/{found.n}", border=True,
                       help=f"{found.unit}s where the condition holds / {found.unit}s judged")
        st.markdown(f"**Box limits** (step {found.box} of the trajectory)")
        st.dataframe(limits_table(found.limits), hide_index=True, width="stretch")
        st.caption("Do not matter (unrestricted): "
                   + (", ".join(found.unrestricted) or "none"))
    for note in found.notes:
        st.info(note)


def limits_table(limits: pd.DataFrame) -> pd.DataFrame:
    """The box's limits as a reader wants them: open sides blank, significance in words."""
    return pd.DataFrame({
        "input": limits["input"],
        "low": [f"{v:.4g}" if b else "–" for v, b in zip(limits["low"], limits["low_binds"],
                                                          strict=True)],
        "high": [f"{v:.4g}" if b else "–" for v, b in zip(limits["high"],
                                                           limits["high_binds"], strict=True)],
        "swept range": [f"{a:.4g}–{b:.4g}" for a, b in zip(limits["range_low"],
                                                            limits["range_high"], strict=True)],
        "quasi-p": [f"{q:.2g}" for q in limits["qp"]],
        "significant": ["yes" if s else "no (could be dropped)" for s in limits["significant"]],
    })


def filter_runs(runs: pd.DataFrame, params: list[str]) -> pd.DataFrame:
    """Widgets that filter the run table by parameter value and status."""
    mask = pd.Series(True, index=runs.index)
    cols = st.columns(min(len(params) + 1, 4))
    for i, param in enumerate(params):
        values = runs[param]
        with cols[i % len(cols)]:
            if values.nunique() <= charts_sweep.MAX_LEVELS:
                levels = sorted(values.dropna().unique().tolist())
                pick = st.multiselect(charts_sweep.short(param), levels, levels,
                                      key=f"sw_f_{param}")
                mask &= values.isin(pick)
            else:
                lo, hi = float(values.min()), float(values.max())
                pick = st.slider(charts_sweep.short(param), lo, hi, (lo, hi), key=f"sw_f_{param}")
                mask &= values.between(*pick)
    if "status" in runs:
        with cols[len(params) % len(cols)]:
            statuses = sorted(runs["status"].unique().tolist())
            mask &= runs["status"].isin(st.multiselect("status", statuses, statuses,
                                                       key="sw_f_status"))
    return runs[mask]


st.title("Sweeps")
st.caption("Explore a parameter sweep made with `hiresim sweep SPEC --out DIR`: how each "
           "parameter moves a metric, where two parameters interact, and which ones matter "
           "most.")

folders = recent_sweeps()
with st.sidebar, st.form("sweep_form", border=False):
    picked = st.selectbox("Recent sweep folders", folders, format_func=shown, index=None,
                          placeholder="none found" if not folders else "choose a folder",
                          key="sw_recent")
    typed = st.text_input("…or a folder path", st.query_params.get("dir", ""), key="sw_path",
                          placeholder="sweeps/levers")
    opened = st.form_submit_button("Open sweep", type="primary", width="stretch")

if opened:
    target = typed.strip() or (str(picked) if picked else "")
    st.session_state["sweep_dir"] = target
    if target:
        st.query_params["dir"] = target
folder = st.session_state.get("sweep_dir") or st.query_params.get("dir", "")
if not folder:
    st.info("Pick a recent sweep folder or type a path in the sidebar, then press "
            "**Open sweep**. Sweep folders are searched under `sweeps/` and `build/`.")
    st.stop()

path = Path(folder).expanduser()
path = path if path.is_absolute() else (Path.cwd() / path)
try:
    manifest, runs = cache.sweep_runs(path)
except (ValueError, OSError) as err:
    st.error(f"Cannot open {folder}: {err}")
    st.stop()


params = [p for p in manifest.get("parameters", []) if p in runs.columns]
kept = [m for m in manifest.get("metrics", []) if m in runs.columns] or \
    [c for c in runs.columns if c in REGISTRY]
st.subheader(f"{manifest.get('name', path.name)} · {manifest.get('sampler', '?')} design")
if manifest.get("spec", {}).get("description"):
    st.caption(manifest["spec"]["description"])
ok = int((runs["status"] == "ok").sum()) if "status" in runs else len(runs)
planned = int(manifest.get("n_runs", len(runs)))
cols = st.columns(4)
cols[0].metric("Runs planned", f"{planned:,}", border=True)
cols[1].metric("Finished", f"{ok:,}", border=True)
cols[2].metric("Failed", f"{len(runs) - ok:,}", border=True)
cols[3].metric("Status", str(manifest.get("status", "unknown")), border=True)

default = next((m for m in DEFAULT_METRICS if m in kept), kept[0])
metric = st.selectbox("Metric", kept, index=kept.index(default), format_func=metric_label,
                      key="sw_metric")
unit = unit_of(metric)
percent = unit in {"share", "0/1"}
with guarded(f"Cannot analyse {metric}"):
    analysis = cache.sweep_analysis(path, metric)
reference, ref_name = reference_point(manifest), reference_name(manifest)

st.markdown("#### Effect of each parameter")
st.caption("Mean of the metric at each level of a parameter, over all other settings and "
           "replications; continuous parameters are grouped into quantile bins. Shares "
           "are drawn on 0–100% and counts from zero; the dashed line is the base "
           "scenario's value.")
st.plotly_chart(charts_sweep.effect_chart(analysis.effects, metric, params,
                                          f"{metric_label(metric)} ({unit})", percent,
                                          reference, ref_name))

st.markdown("#### Two parameters together")
if len(params) >= 2:
    c1, c2, _ = st.columns([1, 1, 2])
    p1 = c1.selectbox("Rows", params, 0, format_func=charts_sweep.short, key="sw_p1")
    p2 = c2.selectbox("Columns", [p for p in params if p != p1], 0,
                      format_func=charts_sweep.short, key="sw_p2")
    cells = charts_sweep.heatmap_cells(runs, p1, p2, metric)
    pivot = charts_sweep.pivot_of(cells, "mean")
    st.plotly_chart(charts_sweep.heatmap_chart(pivot, p1, p2, metric_label(metric),
                                               percent, cells, reference, ref_name))
    st.caption("Right: half the width of each cell's 95% interval (none with one run a "
               "cell). ✕: the cell's interval overlaps a neighbour's, or it has none, so "
               "the cells cannot be told apart. ☆: the base scenario.")
else:
    st.caption("A heat map needs a sweep over at least two parameters.")

st.markdown("#### Which parameters matter most")
table, kind = charts_sweep.sensitivity_table(analysis.effects, metric, analysis.sobol,
                                             analysis.morris)
st.plotly_chart(charts_sweep.sensitivity_chart(table, kind, percent))
st.caption(SENSITIVITY_NOTES[kind])
for note in analysis.notes:
    st.warning(note)

discovery_section(path, manifest)

st.markdown("#### Runs")
first = ["run_id", "point_id", "replication", "seed", *params, metric, "status"]
ordered = [c for c in first if c in runs.columns]
runs_view = runs[ordered + [c for c in runs.columns if c not in ordered]]
shown_runs = filter_runs(runs_view, params)
st.caption(f"{len(shown_runs):,} of {len(runs):,} runs match the filters.")
st.dataframe(shown_runs, hide_index=True, width="stretch", height=320)
left, right = st.columns(2)
left.download_button("Download filtered runs (CSV)", shown_runs.to_csv(index=False),
                     file_name=f"{path.name}_runs.csv", mime="text/csv", key="sw_dl_csv",
                     on_click="ignore")
buffer = io.BytesIO()
shown_runs.to_parquet(buffer, index=False)
right.download_button("Download filtered runs (Parquet)", buffer.getvalue(),
                      file_name=f"{path.name}_runs.parquet",
                      mime="application/vnd.apache.parquet", key="sw_dl_parquet", on_click="ignore")

"""Charts for the Sweeps page: effects per parameter, two-parameter heat maps, sensitivity.

Pure functions: data frames in, plotly figures out. Axes follow ``sim.sweep``'s rules
(:mod:`sim.sweep.axes`): zero on the axis of a share or a count, units in the labels, the
base scenario drawn where it falls in the swept range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import style
from dashboard.labels import SERIES_COLORS
from sim.sweep import (
    cell_intervals,
    parameter_axis_label,
    parameter_unit,
    value_axis,
    within,
)

MAX_LEVELS = 12
BLURRED = "not distinguishable from a neighbour"
"""Name of the ✕ marks on heat-map cells whose interval overlaps a neighbour's."""
REFERENCE_COLOR = "#52606D"
"""The base scenario: a grey dashed line, or a star on a heat map."""


def short(path: str) -> str:
    """The last part of a dotted parameter path, readable."""
    return path.rsplit(".", 1)[-1].replace("_", " ")


def effect_chart(effects: pd.DataFrame, metric: str, params: Sequence[str],
                 y_title: str, percent: bool = False,
                 reference: Mapping[str, float] | None = None,
                 ref_name: str = "base scenario") -> go.Figure:
    """Mean of a metric by each parameter's level, with 95% intervals, one panel each.

    Args:
        effects: ``sim.sweep.analysis.effect_table`` output (``parameter``, ``x``, ``metric``,
            ``mean``, ``ci95_low``, ``ci95_high``).
        metric: The metric to plot (its registered bounds set the y range: a share on
            0–1, a count from 0).
        params: Parameters, one panel each (the x axis says the parameter's unit).
        y_title: Y-axis title with unit.
        percent: Format the y axis as percentages.
        reference: The base scenario's value of each parameter: a dashed line where it
            falls inside the panel's range.
        ref_name: The base scenario's name, for the line's hover text.

    """
    n = max(len(params), 1)
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[short(p) for p in params],
                        horizontal_spacing=0.08, vertical_spacing=0.2)
    for i, param in enumerate(params):
        sub = effects[(effects["parameter"] == param) & (effects["metric"] == metric)]
        sub = sub.sort_values("x")
        r, c = divmod(i, cols)
        fig.add_trace(go.Scatter(
            x=sub["x"], y=sub["mean"], mode="lines+markers", name=short(param),
            line=dict(color=SERIES_COLORS[0], width=2), marker=dict(size=8),
            error_y=dict(type="data", array=(sub["ci95_high"] - sub["mean"]).clip(lower=0),
                         arrayminus=(sub["mean"] - sub["ci95_low"]).clip(lower=0),
                         thickness=1.2),
            customdata=sub[["level", "n"]].to_numpy(),
            hovertemplate="level %{customdata[0]}<br>mean %{y:.3g} (n=%{customdata[1]})"
                          "<extra></extra>", showlegend=False), row=r + 1, col=c + 1)
        ref = (reference or {}).get(param)
        if within(ref, sub["x"]):
            fig.add_vline(x=ref, line=dict(color=REFERENCE_COLOR, dash="dash", width=1.2),
                          annotation_text=ref_name, annotation_font_size=10,
                          annotation_font_color=REFERENCE_COLOR, row=r + 1, col=c + 1)
    fig = style(fig, f"{y_title.split(' (')[0]} by parameter level (mean and 95% CI)",
                height=300 * rows + 80)
    for i, param in enumerate(params):  # after style(), which sets the x titles
        fig.update_xaxes(title_text=parameter_unit(param), title_font_size=11, row=i // cols + 1,
                         col=i % cols + 1)
    fig.update_yaxes(title_text=y_title, col=1)
    limits = value_axis(metric, [*effects["mean"], *effects["ci95_low"],
                                 *effects["ci95_high"]] if len(effects) else [])
    if limits is not None:
        fig.update_yaxes(range=list(limits))
    if percent:
        fig.update_yaxes(tickformat=".0%")
    fig.update_annotations(font_size=13)
    fig.update_layout(hovermode="closest")
    return fig


def binned(values: pd.Series, bins: int = 5) -> pd.Series:
    """Values as they are if few distinct, else the median of their quantile bin."""
    if values.nunique() <= MAX_LEVELS:
        return values
    cut = pd.qcut(values, q=bins, duplicates="drop")
    return values.groupby(cut, observed=True).transform("median")


def heatmap_frame(runs: pd.DataFrame, p1: str, p2: str, metric: str,
                  bins: int = 5) -> pd.DataFrame:
    """Mean of ``metric`` over successful runs: rows = levels of ``p1``, columns = ``p2``.

    Continuous parameters are grouped into ``bins`` quantile bins (labelled by median).
    """
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    frame = pd.DataFrame({p1: binned(ok[p1], bins), p2: binned(ok[p2], bins),
                          "value": ok[metric]})
    return frame.pivot_table(index=p1, columns=p2, values="value", aggfunc="mean")


def heatmap_cells(runs: pd.DataFrame, p1: str, p2: str, metric: str,
                  bins: int = 5) -> pd.DataFrame:
    """Each cell's mean and registered 95% interval (``sim.sweep.cell_intervals``).

    Continuous parameters are grouped into ``bins`` quantile bins (labelled by median),
    as in :func:`heatmap_frame`.
    """
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    frame = pd.DataFrame({p1: binned(ok[p1], bins), p2: binned(ok[p2], bins),
                          metric: ok[metric]})
    return cell_intervals(frame, p1, p2, metric)


def _labels(values) -> list[str]:
    return [f"{v:.3g}" for v in values]


def heatmap_chart(pivot: pd.DataFrame, p1: str, p2: str, title: str,
                  percent: bool = False, cells: pd.DataFrame | None = None,
                  reference: Mapping[str, float] | None = None,
                  ref_name: str = "base scenario") -> go.Figure:
    """A heat map of a metric over two parameters (``heatmap_frame`` output).

    Args:
        pivot: Means, rows = levels of ``p1``, columns = levels of ``p2``.
        p1: The rows' parameter.
        p2: The columns' parameter.
        title: The chart's title.
        percent: Format values as percentages.
        cells: :func:`heatmap_cells` of the same grid: adds a right panel with each
            cell's 95% interval half-width, and marks with ✕ the cells of the left
            panel whose interval overlaps a neighbour's (not distinguishable).
        reference: The base scenario's value of each parameter: a star on its cell.
        ref_name: The base scenario's name, for the legend.

    """
    fmt = ".0%" if percent else ".3g"
    tick = ".0%" if percent else ".3~g"
    xs, ys = _labels(pivot.columns), _labels(pivot.index)
    # the half-width panel needs intervals: none with one run a cell
    two = cells is not None and bool(cells["half_width"].notna().any())
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.16,
                        subplot_titles=["mean", "± half-width of the 95% interval"]) \
        if two else go.Figure()
    where = dict(row=1, col=1) if two else {}
    z = pivot.to_numpy(dtype=float)
    fig.add_trace(_heat(z, xs, ys, fmt, tick, "Viridis", p1, p2, 0.42 if two else 1.0),
                  **where)
    if two:
        half = pivot_of(cells, "half_width").reindex(index=pivot.index, columns=pivot.columns)
        fine = ".1%" if percent else fmt  # half-widths are small: one more digit
        fig.add_trace(_heat(half.to_numpy(float), xs, ys, fine, fine if percent else tick,
                            "Magma_r", p1, p2, 1.0), row=1, col=2)
        blurred = cells[~cells["distinguishable"].astype(bool)]
        for r, c in zip(blurred["row"], blurred["column"], strict=True):
            # On a category axis an annotation is placed by the category's index. In the
            # cell's corner, so the value stays readable; on a dark rim for light cells.
            fig.add_annotation(x=_level(pivot.columns, c), y=_level(pivot.index, r), text="✕",
                               showarrow=False, xshift=-26, yshift=10, xref="x", yref="y",
                               font=dict(size=11, color="white"), borderpad=0,
                               bgcolor="rgba(31,41,51,0.55)", name=BLURRED)
    ref = reference or {}
    if p1 in ref and p2 in ref:
        i, j = _level(pivot.index, ref[p1]), _level(pivot.columns, ref[p2])
        if i is not None and j is not None:
            for col in ((1, 2) if two else (None,)):
                fig.add_trace(go.Scatter(
                    x=[xs[j]], y=[ys[i]], mode="markers", name=ref_name, showlegend=col != 2,
                    marker=dict(symbol="star-open", size=22, color="white",
                                line=dict(width=2)), hoverinfo="name"),
                    **(dict(row=1, col=col) if col else {}))
    fig = style(fig, title, "", "", height=470)
    fig.update_xaxes(type="category", title_text=parameter_axis_label(p2))
    fig.update_yaxes(type="category", title_text=parameter_axis_label(p1))
    fig.update_layout(hovermode="closest", legend=dict(y=-0.22, yanchor="top"))
    return fig


def _heat(z: np.ndarray, xs: list[str], ys: list[str], fmt: str, tick: str, scale: str,
          p1: str, p2: str, bar_x: float) -> go.Heatmap:
    text = [[format(v, fmt) if np.isfinite(v) else "" for v in row] for row in z]
    return go.Heatmap(
        z=z, x=xs, y=ys, text=text, texttemplate="%{text}", colorscale=scale,
        colorbar=dict(tickformat=tick, thickness=12, x=bar_x),
        hovertemplate=f"{short(p2)} %{{x}}<br>{short(p1)} %{{y}}<br>%{{text}}<extra></extra>")


def pivot_of(cells: pd.DataFrame, value: str) -> pd.DataFrame:
    """One column of :func:`heatmap_cells` as a rows × columns table."""
    return cells.pivot(index="row", columns="column", values=value)


def _level(levels: pd.Index, value: float) -> int | None:
    hits = [k for k, v in enumerate(levels) if np.isclose(float(v), value)]
    return hits[0] if hits else None


def sensitivity_table(effects: pd.DataFrame, metric: str, sobol: pd.DataFrame | None = None,
                      morris: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """Rank parameters by influence on ``metric``.

    Uses Sobol total-order indices if available, else Morris μ*, else the spread of the
    level means in the effect table (no interval).

    Returns:
        ``(table, kind)`` where table has ``parameter``, ``value``, ``low``, ``high`` sorted
        by value, and kind is ``"sobol"``, ``"morris"`` or ``"range"``.

    """
    if sobol is not None and len(sobol) and metric in set(sobol["metric"]):
        s = sobol[sobol["metric"] == metric]
        out = pd.DataFrame({"parameter": s["parameter"], "value": s["ST"],
                            "low": s["ST"] - s["ST_conf"], "high": s["ST"] + s["ST_conf"],
                            "first_order": s["S1"]})
        kind = "sobol"
    elif morris is not None and len(morris) and metric in set(morris["metric"]):
        m = morris[morris["metric"] == metric]
        out = pd.DataFrame({"parameter": m["parameter"], "value": m["mu_star"],
                            "low": m["mu_star"] - m["mu_star_conf"],
                            "high": m["mu_star"] + m["mu_star_conf"]})
        kind = "morris"
    else:
        e = effects[effects["metric"] == metric].groupby("parameter")["mean"]
        spread = (e.max() - e.min()).rename("value").reset_index()
        out = spread.assign(low=np.nan, high=np.nan)
        kind = "range"
    return out.sort_values("value", ascending=False).reset_index(drop=True), kind


SENSITIVITY_TITLES = {
    "sobol": ("Sobol total-order index (95% CI)", "Share of variance involving the parameter"),
    "morris": ("Morris μ* (95% CI)", "Mean absolute elementary effect"),
    "range": ("Spread of the level means", "Max − min of the metric across levels"),
}


def sensitivity_chart(table: pd.DataFrame, kind: str, percent: bool = False) -> go.Figure:
    """Horizontal bars of parameter influence, largest first, with intervals if known.

    Args:
        table: ``sensitivity_table`` output.
        kind: ``"sobol"``, ``"morris"`` or ``"range"``.
        percent: The metric is a share (format a ``range`` axis as percent).

    """
    title, x_title = SENSITIVITY_TITLES[kind]
    has_ci = table["low"].notna().any()
    error = (dict(type="data", array=(table["high"] - table["value"]).clip(lower=0),
                  arrayminus=(table["value"] - table["low"]).clip(lower=0), thickness=1.2)
             if has_ci else None)
    fig = go.Figure(go.Bar(x=table["value"], y=[short(p) for p in table["parameter"]],
                           orientation="h", marker_color=SERIES_COLORS[0], error_x=error,
                           hovertemplate="%{y}: %{x:.3g}<extra></extra>"))
    if kind == "sobol" and "first_order" in table:
        fig.add_trace(go.Scatter(x=table["first_order"], y=[short(p) for p in table["parameter"]],
                                 mode="markers", name="first-order index",
                                 marker=dict(symbol="diamond", size=10, color=SERIES_COLORS[1])))
    fig = style(fig, title, x_title, "", height=140 + 40 * max(len(table), 1))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(rangemode="tozero", showgrid=True, gridcolor="#E5E8EE")
    fig.update_layout(hovermode="closest", showlegend=kind == "sobol")
    if percent and kind != "sobol":
        fig.update_xaxes(tickformat=".0%")
    return fig

"""Charts for the Sweeps page: effects per parameter, two-parameter heat maps, sensitivity.

Pure functions: data frames in, plotly figures out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import style
from dashboard.labels import SERIES_COLORS

MAX_LEVELS = 12


def short(path: str) -> str:
    """The last part of a dotted parameter path, readable."""
    return path.rsplit(".", 1)[-1].replace("_", " ")


def effect_chart(effects: pd.DataFrame, metric: str, params: Sequence[str],
                 y_title: str, percent: bool = False) -> go.Figure:
    """Mean of a metric by each parameter's level, with 95% intervals, one panel each.

    Args:
        effects: ``sim.sweep.analysis.effect_table`` output (``parameter``, ``x``, ``metric``,
            ``mean``, ``ci95_low``, ``ci95_high``).
        metric: The metric to plot.
        params: Parameters, one panel each.
        y_title: Y-axis title with unit.
        percent: Format the y axis as percentages.

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
    fig = style(fig, f"{y_title.split(' (')[0]} by parameter level (mean and 95% CI)",
                height=300 * rows + 80)
    fig.update_yaxes(title_text=y_title, col=1)
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


def heatmap_chart(pivot: pd.DataFrame, p1: str, p2: str, title: str,
                  percent: bool = False) -> go.Figure:
    """A heat map of a metric over two parameters (``heatmap_frame`` output)."""
    z = pivot.to_numpy(dtype=float)
    fmt = ".0%" if percent else ".3g"
    text = [[format(v, fmt) if np.isfinite(v) else "" for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=[f"{v:.3g}" for v in pivot.columns], y=[f"{v:.3g}" for v in pivot.index],
        text=text, texttemplate="%{text}", colorscale="Viridis",
        colorbar=dict(tickformat=".0%" if percent else ".3~g", thickness=12),
        hovertemplate=f"{short(p2)} %{{x}}<br>{short(p1)} %{{y}}<br>%{{text}}<extra></extra>"))
    fig = style(fig, title, short(p2), short(p1), height=420)
    fig.update_xaxes(type="category")
    fig.update_yaxes(type="category")
    fig.update_layout(hovermode="closest")
    return fig


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

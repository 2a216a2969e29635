"""Charts for the Market and Compare pages: data frames in, plotly figures out.

Every function here is pure (no Streamlit, no model calls), so it can be tested with
a handful of rows. Bands are the 10th–90th percentile across replications, lines the
median; intervals on bars are 95% confidence intervals of the mean.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.labels import (
    BIGTECH_COLOR,
    CANDIDATE_COLOR,
    CAUSE_LABELS,
    NEUTRAL_COLOR,
    ROLE_LABELS,
    SERIES_COLORS,
    STARTUP_COLOR,
    metric_label,
)

FONT = dict(family="Source Sans Pro, Helvetica, Arial, sans-serif", size=13, color="#1F2933")


def style(fig: go.Figure, title: str, x_title: str = "", y_title: str = "",
          height: int = 360) -> go.Figure:
    """Apply the dashboard's common look to a figure and return it."""
    fig.update_layout(
        template="plotly_white",
        title=dict(text=title, x=0.0, xanchor="left", y=0.985, yanchor="top",
                   yref="container", font_size=16),
        font=FONT, height=height, margin=dict(l=10, r=10, t=88, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0.0,
                    title_text=""),
        hovermode="x unified",
    )
    fig.update_xaxes(title_text=x_title, showgrid=False, zeroline=False)
    fig.update_yaxes(title_text=y_title, gridcolor="#E5E8EE", zeroline=False)
    return fig


def rgba(hex_color: str, alpha: float) -> str:
    """Return CSS ``rgba(r,g,b,a)`` text for a hex colour with the given opacity."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def quantile_bands(weekly: pd.DataFrame, column: str, by: str | None = None) -> pd.DataFrame:
    """10th, 50th and 90th percentile of ``column`` per week across replications.

    Args:
        weekly: One row per replication and week (and ``by`` group if given).
        column: The series to summarise.
        by: Optional grouping column (e.g. ``arm``) kept in the result.

    Returns:
        Columns ``week``, optionally ``by``, ``p10``, ``p50``, ``p90``.

    """
    keys = ["week"] if by is None else [by, "week"]
    grouped = weekly.groupby(keys, sort=True)[column]
    out = grouped.quantile([0.1, 0.5, 0.9]).unstack()
    out.columns = ["p10", "p50", "p90"]
    return out.reset_index()


def _add_band(fig: go.Figure, bands: pd.DataFrame, name: str, color: str,
              dash: str = "solid", **where: int) -> None:
    x = bands["week"]
    fig.add_trace(go.Scatter(x=x, y=bands["p90"], mode="lines", line=dict(width=0),
                             showlegend=False, hoverinfo="skip", legendgroup=name), **where)
    fig.add_trace(go.Scatter(x=x, y=bands["p10"], mode="lines", line=dict(width=0),
                             fill="tonexty", fillcolor=rgba(color, 0.18), showlegend=False,
                             hoverinfo="skip", legendgroup=name), **where)
    fig.add_trace(go.Scatter(x=x, y=bands["p50"], mode="lines", name=name, legendgroup=name,
                             line=dict(color=color, width=2.2, dash=dash),
                             hovertemplate="%{y:.3~g}"), **where)


def band_chart(weekly: pd.DataFrame, series: Sequence[tuple[str, str, str]], title: str,
               y_title: str) -> go.Figure:
    """Median line and 10–90% band across replications for each series over weeks.

    Args:
        weekly: The weekly frame (``replication``, ``week`` and the series columns).
        series: ``(column, legend label, colour)`` for each line.
        title: Chart title.
        y_title: Y-axis title with its unit.

    """
    fig = go.Figure()
    for column, label, color in series:
        _add_band(fig, quantile_bands(weekly, column), label, color)
    return style(fig, title, "Week", y_title)


def market_balance_chart(weekly: pd.DataFrame) -> go.Figure:
    """Open requisitions (startup, big tech) against ML candidates actively looking."""
    return band_chart(weekly, [
        ("open_reqs_startup", "Open startup reqs", STARTUP_COLOR),
        ("open_reqs_bigtech", "Open big-tech reqs", BIGTECH_COLOR),
        ("active_ml_candidates", "ML candidates looking", CANDIDATE_COLOR),
    ], "Open requisitions vs candidates looking", "Count")


def ratio_chart(weekly: pd.DataFrame, target: float | None = None) -> go.Figure:
    """Realised demand/supply ratio per week, with the configured target as a dashed line."""
    fig = band_chart(weekly, [("demand_supply_ratio", "Realised ratio", NEUTRAL_COLOR)],
                     "Demand / supply ratio", "Open reqs per active candidate")
    if target is not None:
        dashed = dict(color="#9AA5B1", dash="dash", width=1.5)
        fig.add_hline(y=target, line=dashed)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=dashed,
                                 name=f"Target {target:g}"))
    return fig


def hires_chart(weekly: pd.DataFrame) -> go.Figure:
    """Hires per week by firm kind."""
    return band_chart(weekly, [
        ("hires_startup", "Startups", STARTUP_COLOR),
        ("hires_bigtech", "Big tech & labs", BIGTECH_COLOR),
    ], "Hires per week", "Hires / week")


def _summary_rows(summary: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    idx = summary.set_index("metric")
    rows = idx.reindex(list(names))
    return rows.reset_index()


def interval_bars(summary: pd.DataFrame, names: Sequence[str], labels: Sequence[str],
                  title: str, x_title: str, percent: bool, color: str = NEUTRAL_COLOR,
                  horizontal: bool = True) -> go.Figure:
    """Bars of metric means with 95% intervals as error bars.

    Args:
        summary: Columns ``metric``, ``mean``, ``ci95_low``, ``ci95_high``.
        names: Metric names to show, in order.
        labels: Display label of each metric.
        title: Chart title.
        x_title: Value-axis title with unit.
        percent: Show values as percentages.
        color: Bar colour.
        horizontal: Horizontal bars (labels on the y axis).

    """
    rows = _summary_rows(summary, names)
    mean = rows["mean"]
    err_hi = (rows["ci95_high"] - mean).clip(lower=0)
    err_lo = (mean - rows["ci95_low"]).clip(lower=0)
    error = dict(type="data", array=err_hi, arrayminus=err_lo, color="#1F2933", thickness=1.2)
    fmt = ".1%" if percent else ".1f"
    values = [f"{v:{fmt}}" if pd.notna(v) else "n/a" for v in mean]
    sep = " · " if horizontal else "<br>"
    ticks = [f"{label}{sep}<b>{v}</b>" for label, v in zip(labels, values, strict=True)]
    common = dict(marker_color=color, customdata=values,
                  hovertemplate="%{customdata}<extra></extra>")
    if horizontal:
        bar = go.Bar(x=mean, y=ticks, orientation="h", error_x=error, **common)
    else:
        bar = go.Bar(x=ticks, y=mean, error_y=error, **common)
    fig = style(go.Figure(bar), title, x_title if horizontal else "",
                "" if horizontal else x_title, height=320)
    fig.update_layout(hovermode="closest", showlegend=False)
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    value_axis(tickformat=".0%" if percent else None, rangemode="tozero")
    if horizontal:
        fig.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)")
    return fig


def role_fill_chart(summary: pd.DataFrame, roles: Sequence[str]) -> go.Figure:
    """Fill rate by role (all firms) with 95% intervals."""
    return interval_bars(summary, [f"fill_rate.role.{r}" for r in roles],
                         [ROLE_LABELS.get(r, r) for r in roles], "Fill rate by role",
                         "Fill rate (share of reqs opened)", percent=True, color="#3A5BA0",
                         horizontal=False)


def role_weeks_chart(summary: pd.DataFrame, roles: Sequence[str]) -> go.Figure:
    """Weeks to fill by role, counting seats that never fill, with 95% intervals.

    The restricted mean (``weeks_to_fill_rmst.role.*``), not the median over filled
    seats: that median conditions on success, so a role whose seats rarely fill shows
    the few quick fills (docs/validity.md, "Time to fill").
    """
    return interval_bars(summary, [f"weeks_to_fill_rmst.role.{r}" for r in roles],
                         [ROLE_LABELS.get(r, r) for r in roles], "Time to fill by role",
                         "Weeks (mean, unfilled seats counted)", percent=False,
                         color="#8E5EA2", horizontal=False)


def stall_chart(summary: pd.DataFrame, causes: Sequence[str]) -> go.Figure:
    """Where processes that ended without a hire stalled, largest cause first."""
    rows = _summary_rows(summary, [f"stall_share.{c}" for c in causes])
    order = rows.sort_values("mean", ascending=False)["metric"].tolist()
    labels = [CAUSE_LABELS.get(m.removeprefix("stall_share."), m) for m in order]
    return interval_bars(summary, order, labels, "Why processes ended without a hire",
                         "Share of stalled processes", percent=True, color=NEUTRAL_COLOR)


def overlay_chart(weekly: pd.DataFrame, column: str, arms: Sequence[str], title: str,
                  y_title: str) -> go.Figure:
    """One median line and band per arm for the same weekly series (column ``arm``)."""
    fig = go.Figure()
    bands = quantile_bands(weekly, column, by="arm")
    for i, arm in enumerate(arms):
        sub = bands[bands["arm"] == arm]
        _add_band(fig, sub, arm, SERIES_COLORS[i % len(SERIES_COLORS)])
    return style(fig, title, "Week", y_title)


def _unit_title(unit: str) -> str:
    return "percentage points" if unit in {"share", "0/1"} else unit or "value"


def forest_chart(table: pd.DataFrame, metrics: Sequence[str], units: Mapping[str, str],
                 reference: str) -> go.Figure:
    """Paired differences to the reference arm with 95% intervals, one panel per unit.

    Args:
        table: Comparison table (``metric``, ``arm``, ``diff``, ``diff_low``, ``diff_high``).
        metrics: Metrics to show, top to bottom.
        units: Metric → unit; shares are drawn in percentage points.
        reference: The reference arm (left out: its differences are zero).

    """
    rows = table[(table["metric"].isin(metrics)) & (table["arm"] != reference)].copy()
    groups: dict[str, list[str]] = {}
    for m in metrics:
        groups.setdefault(_unit_title(units.get(m, "")), []).append(m)
    sizes = [len(ms) for ms in groups.values()] or [1]
    arms = list(dict.fromkeys(rows["arm"]))
    top = 88 + 22 * max(len(arms) - 1, 0)
    gap = 80  # pixels between panels: room for the tick labels and the next panel's title
    height = top + 60 + 46 * sum(sizes) + gap * (len(sizes) - 1)
    fig = make_subplots(rows=len(sizes), cols=1, row_heights=sizes,
                        vertical_spacing=gap / (height - top - 34) if len(sizes) > 1 else 0.0,
                        subplot_titles=[f"Difference in {g}" for g in groups])
    for r, (group, ms) in enumerate(groups.items(), start=1):
        scale = 100.0 if group == "percentage points" else 1.0
        for i, arm in enumerate(arms):
            sub = rows[rows["arm"] == arm].set_index("metric").reindex(ms)
            d = sub["diff"] * scale
            offset = (i - (len(arms) - 1) / 2) * 0.22
            fig.add_trace(go.Scatter(
                x=d, y=[k + offset for k in range(len(ms))], mode="markers",
                name=f"{arm} − {reference}", legendgroup=arm, showlegend=r == 1,
                marker=dict(size=10, color=SERIES_COLORS[(i + 1) % len(SERIES_COLORS)]),
                error_x=dict(type="data", array=(sub["diff_high"] * scale - d).clip(lower=0),
                             arrayminus=(d - sub["diff_low"] * scale).clip(lower=0)),
                customdata=[metric_label(m) for m in ms],
                hovertemplate="%{customdata}: %{x:.2f}<extra>" + arm + "</extra>"),
                row=r, col=1)
        fig.add_vline(x=0, line=dict(color="#9AA5B1", dash="dash"), row=r, col=1)
        fig.update_yaxes(tickvals=list(range(len(ms))), ticktext=[metric_label(m) for m in ms],
                         range=[len(ms) - 0.5, -0.5], showgrid=False, row=r, col=1)
    fig = style(fig, f"Paired differences to {reference} (95% CI)", height=height)
    fig.update_layout(hovermode="closest", margin=dict(t=top + 24),
                      legend=dict(y=1.0 + 28 / (height - top - 34)))
    fig.update_annotations(font_size=12, xanchor="left", x=0.0)
    return fig


def metric_distribution(runs: pd.DataFrame, metric: str, group: str, order: Sequence[str],
                        title: str, y_title: str, percent: bool = False) -> go.Figure:
    """Per-run values of one metric as a box with points, one box per group."""
    fig = go.Figure()
    for i, name in enumerate(order):
        y = runs.loc[runs[group] == name, metric]
        fig.add_trace(go.Box(y=y, name=str(name), boxpoints="all", jitter=0.4, pointpos=0,
                             marker=dict(size=5, opacity=0.7),
                             line=dict(color=SERIES_COLORS[i % len(SERIES_COLORS)])))
    fig = style(fig, title, "", y_title)
    fig.update_layout(showlegend=False, hovermode="closest")
    if percent:
        fig.update_yaxes(tickformat=".0%")
    return fig

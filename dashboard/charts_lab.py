"""Charts for the Strategy lab: per-seat timelines, fill curves and reasons seats went slow.

Pure functions: data frames in, plotly figures out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import rgba, style
from dashboard.labels import ROLE_LABELS, SERIES_COLORS

PROJECTED_REACH = 1.5
"""A runway up to this many horizons is drawn on the fill-curve chart (past it: the
legend names it)."""


def seat_timeline(seats: pd.DataFrame, strategies: Sequence[str], horizon: int,
                  labels: dict[str, str] | None = None) -> go.Figure:
    """One bar per seat from the week it opened to the week it was filled (or the horizon).

    Args:
        seats: Rows of one replication: ``strategy``, ``role``, ``seniority``,
            ``opened_week``, ``filled_week`` (NaN if unfilled), ``main_stall_reason``.
        strategies: Strategy order (colours follow it; the first is the reference).
        horizon: Last simulated week (unfilled seats run to it).
        labels: Optional display names of strategies.

    """
    labels = labels or {}
    fig = go.Figure()
    for i, name in enumerate(strategies):
        sub = seats[seats["strategy"] == name].sort_values("opened_week")
        if sub.empty:
            continue
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        filled = sub["filled_week"].notna().to_numpy()
        end = sub["filled_week"].fillna(horizon).to_numpy(dtype=float)
        start = sub["opened_week"].to_numpy(dtype=float)
        seat_no = np.arange(1, len(sub) + 1)
        y = [f"{labels.get(name, name)} · seat {k}: {ROLE_LABELS.get(r, r)} ({s})"
             for k, r, s in zip(seat_no, sub["role"], sub["seniority"], strict=True)]
        reason = sub["main_stall_reason"].fillna("").astype(str).str.replace("_", " ")
        text = [f"filled in {e - b:.0f} wk" if f else
                ("unfilled" + (f": mostly {r}" if r else ""))
                for f, b, e, r in zip(filled, start, end, reason, strict=True)]
        fig.add_trace(go.Bar(
            x=np.maximum(end - start, 0.6), base=start, y=y, orientation="h",
            name=labels.get(name, name), text=text, textposition="inside",
            insidetextanchor="start", textfont=dict(size=11),
            marker=dict(color=[color if f else rgba(color, 0.28) for f in filled],
                        line=dict(color=color, width=1)),
            hovertemplate="%{y}<br>opened week %{base}<br>%{text}<extra></extra>"))
    n_rows = max(len(seats), 1)
    fig = style(fig, "Seats over time (one run)", "Week", "", height=120 + 30 * n_rows)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(range=[0, horizon + 1], showgrid=True, gridcolor="#E5E8EE")
    fig.update_layout(barmode="overlay", hovermode="closest", bargap=0.25)
    return fig


def reasons_chart(reasons: pd.DataFrame, strategies: Sequence[str],
                  labels: dict[str, str] | None = None) -> go.Figure:
    """Share of each reason the focal startup's processes ended without a hire, by strategy.

    Args:
        reasons: Columns ``strategy``, ``reason`` (or ``cause``) and ``share``.
        strategies: Strategy order.
        labels: Optional display names of strategies.

    """
    labels = labels or {}
    col = "reason" if "reason" in reasons.columns else "cause"
    order = (reasons.groupby(col)["share"].mean().sort_values(ascending=False).index.tolist()
             if len(reasons) else [])
    fig = go.Figure()
    for i, name in enumerate(strategies):
        sub = reasons[reasons["strategy"] == name].set_index(col).reindex(order)
        fig.add_trace(go.Bar(
            y=[r[:1].upper() + r[1:] for r in order], x=sub["share"].fillna(0.0),
            orientation="h", name=labels.get(name, name),
            marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
            hovertemplate="%{y}: %{x:.1%}<extra>" + labels.get(name, name) + "</extra>"))
    fig = style(fig, "Why processes ended without a hire", "Share of stalled processes", "",
                height=160 + 26 * max(len(order), 1) * max(len(strategies), 1) // 2)
    fig.update_xaxes(tickformat=".0%", rangemode="tozero", showgrid=True, gridcolor="#E5E8EE")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(barmode="group", hovermode="closest")
    return fig


def fill_curve_chart(curves: pd.DataFrame, seat: str, strategies: Sequence[str],
                     horizon: int, runway: pd.DataFrame | None = None,
                     labels: dict[str, str] | None = None) -> go.Figure:
    """P(seat filled by week w) per strategy on one axis, with the runway marked.

    Each strategy's product-limit curve is a step line with its pointwise 95% band. Its
    runway (the median week the cash runs out) is a dashed vertical line with its
    interval shaded, on a grey stretch past the horizon when it falls there (up to
    :data:`PROJECTED_REACH` horizons); a runway further out is named in the legend only.

    Args:
        curves: Tidy curves (``sim.experiments.fill_curves.CURVE_COLUMNS``): ``strategy``,
            ``seat``, ``week``, ``p_filled``, ``p_low``, ``p_high``, ``runs``.
        seat: The seat to draw (e.g. ``senior ml_engineer``).
        strategies: Strategy order (colours follow it; the first is the reference).
        horizon: Last simulated week.
        runway: One row per strategy: ``strategy``, ``cash_out_week``, ``cash_out_low``,
            ``cash_out_high``, ``projected`` (None: no runway marked).
        labels: Optional display names of strategies.

    """
    labels = labels or {}
    fig = go.Figure()
    cash = runway.set_index("strategy") if runway is not None and len(runway) else None
    # A runway shortly past the horizon is still drawn (up to half a horizon further):
    # "cash runs out two months after the simulation ends" is worth seeing.
    x_max = float(horizon + 1)
    if cash is not None:
        near = cash.loc[cash["cash_out_week"] <= PROJECTED_REACH * horizon]
        x_max = max([x_max, *(near["cash_out_week"] + 2),
                     *near["cash_out_high"].where(near["cash_out_high"]
                                                  <= PROJECTED_REACH * horizon).dropna()])
    for i, name in enumerate(strategies):
        sub = curves[(curves["strategy"] == name) & (curves["seat"] == seat)].sort_values("week")
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        label = labels.get(name, name)
        if len(sub):
            x = sub["week"].to_numpy()
            fig.add_trace(go.Scatter(x=x, y=sub["p_high"], mode="lines", line_shape="hv",
                                     line=dict(width=0), showlegend=False, hoverinfo="skip",
                                     legendgroup=name))
            fig.add_trace(go.Scatter(x=x, y=sub["p_low"], mode="lines", line_shape="hv",
                                     line=dict(width=0), fill="tonexty",
                                     fillcolor=rgba(color, 0.16), showlegend=False,
                                     hoverinfo="skip", legendgroup=name))
            fig.add_trace(go.Scatter(
                x=x, y=sub["p_filled"], mode="lines", line_shape="hv", name=label,
                line=dict(color=color, width=2.5), legendgroup=name,
                customdata=np.column_stack([sub["p_low"], sub["p_high"], sub["runs"]]),
                hovertemplate=(f"{label}<br>by week %{{x}}: %{{y:.0%}} "
                               "[%{customdata[0]:.0%}–%{customdata[1]:.0%}] of "
                               "%{customdata[2]} runs<extra></extra>")))
        if cash is None or name not in cash.index:
            continue
        r = cash.loc[name]
        week = float(r["cash_out_week"])
        if not np.isfinite(week):
            continue
        beyond = week > horizon
        lo, hi = r["cash_out_low"], r["cash_out_high"]
        band = "" if not (np.isfinite(lo) and np.isfinite(hi)) else f" [{lo:.0f}–{hi:.0f}]"
        text = (f"{label}: cash runs out ~week {week:.0f}{band}"
                + (" (projected, past the horizon)" if beyond else ""))
        fig.add_trace(go.Scatter(x=[week, week], y=[0, 1], mode="lines", name=text,
                                 line=dict(color=color, width=1.5, dash="dash"),
                                 legendgroup=f"runway {name}", hoverinfo="name"))
        if band and week <= x_max:
            fig.add_vrect(x0=max(lo, 0), x1=min(hi, x_max), fillcolor=rgba(color, 0.08),
                          line_width=0, layer="below")
    if x_max > horizon + 1:
        fig.add_vrect(x0=horizon, x1=x_max, fillcolor="rgba(82,96,109,0.07)", line_width=0,
                      layer="below")
        fig.add_annotation(x=x_max, xanchor="right", y=1.0, yref="paper", yanchor="bottom",
                           text="past the horizon: runway projected →", showarrow=False,
                           font=dict(size=11, color="#52606D"))
    fig = style(fig, f"When the {seat} seat fills, and when the cash runs out",
                "Week (1 = first simulated week)", "P(seat filled by this week)", height=460)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    fig.update_xaxes(range=[0, x_max], showgrid=True, gridcolor="#E5E8EE")
    fig.update_layout(hovermode="closest",
                      legend=dict(orientation="v", yanchor="top", y=-0.18, x=0.0),
                      margin=dict(b=40 + 22 * 2 * max(len(strategies), 1)))
    return fig

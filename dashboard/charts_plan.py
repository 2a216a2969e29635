"""Charts for the Plan search page: the trials as the search made them, and P(best).

Pure functions: data frames in, plotly figures out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import rgba, style
from dashboard.labels import NEUTRAL_COLOR, SERIES_COLORS


def trials_chart(trials: pd.DataFrame, current: float, label: str,
                 higher_is_better: bool) -> go.Figure:
    """Each trial's objective on the search's seeds, the best so far, and the current plan.

    Args:
        trials: One row per trial: ``trial``, ``objective``, ``feasible``, ``ran``, ``plan``.
        current: The current plan's objective on the same seeds (a dashed line).
        label: The objective's name for the axis.
        higher_is_better: Whether the best so far is the running maximum (else minimum).

    """
    color = SERIES_COLORS[0]
    fig = go.Figure()
    ran = trials[trials["ran"]] if len(trials) else trials
    for feasible, name, marker in ((True, "within budget", dict(color=color, size=9)),
                                   (False, "over budget", dict(color="white", size=9, line=dict(
                                       color=NEUTRAL_COLOR, width=1.5)))):
        sub = ran[ran["feasible"] == feasible]
        if sub.empty:
            continue
        fig.add_trace(go.Scatter(
            x=sub["trial"], y=sub["objective"], mode="markers", name=name, marker=marker,
            text=sub["plan"], hovertemplate="trial %{x}: %{y:.3g}<br>%{text}<extra></extra>"))
    ok = ran[ran["feasible"]].sort_values("trial")
    if len(ok):
        values = ok["objective"].to_numpy(dtype=float)
        best = (np.fmax.accumulate(values) if higher_is_better
                else np.fmin.accumulate(values))
        fig.add_trace(go.Scatter(x=ok["trial"], y=best, mode="lines", name="best so far",
                                 line=dict(color=rgba(color, 0.6), width=2, shape="hv"),
                                 hoverinfo="skip"))
    if np.isfinite(current):
        fig.add_hline(y=current, line=dict(color=SERIES_COLORS[1], dash="dash", width=2),
                      annotation_text="current plan", annotation_position="top left")
    fig = style(fig, "Trials (on the search's common seeds)", "Trial", label, height=380)
    fig.update_layout(hovermode="closest")
    return fig


def p_best_chart(finalists: pd.DataFrame) -> go.Figure:
    """P(best) of each finalist and the current plan (bootstrap over the fresh seeds)."""
    order = finalists.sort_values("rank")
    colors = [SERIES_COLORS[1] if lab == "current" else SERIES_COLORS[0]
              for lab in order["label"]]
    fig = go.Figure(go.Bar(
        x=order["p_best"], y=order["label"], orientation="h", marker_color=colors,
        text=[f"{100 * p:.0f}%" for p in order["p_best"]], textposition="outside",
        hovertemplate="%{y}: P(best) %{x:.0%}<extra></extra>"))
    fig = style(fig, "P(best) on the fresh seeds", "P(best)", "",
                height=140 + 40 * max(len(order), 1))
    fig.update_xaxes(range=[0, 1.1], tickformat=".0%", showgrid=True, gridcolor="#E5E8EE")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig

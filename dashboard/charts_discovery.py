"""The Sweeps page's scenario-discovery chart: PRIM's peeling trajectory.

A pure function: the trajectory frame in, a plotly figure out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import style
from dashboard.labels import SERIES_COLORS


def trajectory_chart(trajectory: pd.DataFrame, box: int | None, condition: str) -> go.Figure:
    """PRIM's peeling trajectory: density against coverage, one point a step, the box marked.

    Args:
        trajectory: ``Discovery.trajectory`` (``step``, ``coverage``, ``density``,
            ``mass``, ``restricted``).
        box: The chosen step (a ring around it), or None.
        condition: The condition, for the title.

    """
    fig = go.Figure(go.Scatter(
        x=trajectory["coverage"], y=trajectory["density"], mode="lines+markers",
        name="peeling steps", line=dict(color="#9AA5B1", width=1),
        marker=dict(size=9, color=SERIES_COLORS[0]),
        customdata=trajectory[["step", "mass", "restricted"]].to_numpy(),
        hovertemplate="step %{customdata[0]}<br>coverage %{x:.2f}<br>density %{y:.2f}<br>"
                      "mass %{customdata[1]:.2f}<br>%{customdata[2]} inputs restricted"
                      "<extra></extra>"))
    if box is not None:
        chosen = trajectory.iloc[box]
        fig.add_trace(go.Scatter(
            x=[chosen["coverage"]], y=[chosen["density"]], mode="markers",
            name=f"chosen box (step {box})",
            marker=dict(symbol="circle-open", size=22, color=SERIES_COLORS[1],
                        line=dict(width=3)), hoverinfo="name"))
    fig = style(fig, f"Peeling trajectory: {condition}",
                "coverage (share of the cases where it holds that the box holds)",
                "density (share of the box where it holds)", height=420)
    fig.update_xaxes(range=[0, 1.02], showgrid=True, gridcolor="#E5E8EE")
    fig.update_yaxes(range=[0, 1.02])
    fig.update_layout(hovermode="closest")
    return fig

"""Charts for the Offer check page: P(accept) by segment, why offers lose, the what-ifs.

Pure functions: the offer check's report (``sim.check_offer``'s dict) in, plotly figures
out. Every share carries its 95% interval over replications as an error bar.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from dashboard.charts import rgba, style
from dashboard.labels import NEUTRAL_COLOR, SERIES_COLORS, STARTUP_COLOR

GRID = dict(showgrid=True, gridcolor="#E5E8EE")


def _bars(labels: Sequence[str], cis: Sequence[Sequence[float]], color: str | Sequence[str],
          name: str, extra: Sequence[str] | None = None) -> go.Bar:
    """Horizontal bars of shares with their intervals as error bars."""
    p = [_num(c[0]) for c in cis]
    lo = [_num(c[1]) for c in cis]
    hi = [_num(c[2]) for c in cis]
    plus = [h - v if math.isfinite(h) and math.isfinite(v) else 0.0 for v, h in zip(p, hi,
                                                                                     strict=True)]
    minus = [v - low if math.isfinite(low) and math.isfinite(v) else 0.0
             for v, low in zip(p, lo, strict=True)]
    text = [f"{100 * v:.0f}%" if math.isfinite(v) else "–" for v in p]
    hover = [f"{t} [{100 * a:.0f}–{100 * b:.0f}%]" if math.isfinite(a) and math.isfinite(b)
             else t for t, a, b in zip(text, lo, hi, strict=True)]
    if extra is not None:
        hover = [f"{h}<br>{e}" for h, e in zip(hover, extra, strict=True)]
    return go.Bar(y=list(labels), x=[v if math.isfinite(v) else 0.0 for v in p],
                  orientation="h", name=name, marker_color=color, text=text,
                  textposition="outside", cliponaxis=False, customdata=hover,
                  error_x=dict(type="data", symmetric=False, array=plus, arrayminus=minus,
                               color="#52606D", thickness=1.2),
                  hovertemplate="%{y}: %{customdata}<extra></extra>")


def _num(x: Any) -> float:
    return math.nan if x is None else float(x)


def segment_chart(report: Mapping[str, Any]) -> go.Figure:
    """P(accept) per candidate segment, with the overall P(accept) and its band behind.

    Args:
        report: The offer check's report: ``p_accept`` (p, low, high) and ``segments``
            (``segment``, ``group``, ``p_accept``, ``offers``).

    """
    segs = report["segments"]
    labels = [f"{s['segment']}: {s['group']}" for s in segs]
    colors = [SERIES_COLORS[i // 2 % len(SERIES_COLORS)] for i in range(len(segs))]
    fig = go.Figure(_bars(labels, [s["p_accept"] for s in segs], colors, "P(accept)",
                          [f"{s['offers']} offers" for s in segs]))
    p, lo, hi = (_num(v) for v in report["p_accept"])
    if math.isfinite(p):
        if math.isfinite(lo) and math.isfinite(hi):
            fig.add_vrect(x0=lo, x1=hi, fillcolor=rgba(NEUTRAL_COLOR, 0.12), line_width=0,
                          layer="below")
        fig.add_vline(x=p, line=dict(color=NEUTRAL_COLOR, dash="dash", width=1.5),
                      annotation_text=f"all candidates {100 * p:.0f}%",
                      annotation_position="top")
    fig = style(fig, "P(accept) by candidate segment", "P(accept), share of offers made",
                "", height=140 + 34 * max(len(segs), 1))
    fig.update_xaxes(range=[0, 1.12], tickformat=".0%", **GRID)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig


def loss_chart(report: Mapping[str, Any]) -> go.Figure:
    """Why the offer loses: what decliners did instead, as shares of the offers made."""
    reasons = report["reasons"]
    labels = [r["reason"][:1].upper() + r["reason"][1:] if r.get("partition", True)
              else f"Of those: {r['reason']}" for r in reasons]
    fig = go.Figure(_bars(labels, [r["share_of_offers"] for r in reasons], STARTUP_COLOR,
                          "share of offers"))
    fig = style(fig, "Why it loses", "Share of the offers made", "",
                height=140 + 38 * max(len(reasons), 1))
    fig.update_xaxes(range=[0, 1.12], tickformat=".0%", **GRID)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig


def whatif_chart(report: Mapping[str, Any]) -> go.Figure:
    """P(accept) of the offer as made and of each change, with the target marked.

    Changes that reach the target are drawn solid, the others pale; a change the model
    cannot express is left out (the table says why).
    """
    rows = [w for w in report["whatifs"] if "p_accept" in w]
    labels = [w["change"] for w in rows]
    colors = [STARTUP_COLOR if w["reaches_target"] else rgba(STARTUP_COLOR, 0.35)
              for w in rows]
    costs = [f"{w['cash_cost_kusd_per_year']:.1f} kUSD/yr cash, "
             f"{w['equity_cost_kusd_per_year']:.1f} kUSD/yr equity, "
             f"{w['runway_weeks_lost']:.2f} runway weeks" for w in rows]
    fig = go.Figure(_bars(labels, [w["p_accept"] for w in rows], colors, "P(accept)", costs))
    target = float(report["target"])
    fig.add_vline(x=target, line=dict(color="#C0392B", dash="dash", width=1.5),
                  annotation_text=f"target {100 * target:.0f}%", annotation_position="top")
    fig = style(fig, "What would close it", "P(accept), share of offers made", "",
                height=140 + 34 * max(len(rows), 1))
    fig.update_xaxes(range=[0, 1.12], tickformat=".0%", **GRID)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig

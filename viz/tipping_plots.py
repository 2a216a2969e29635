"""Figures of where outcomes tip: tipping points on response curves, PRIM's trajectory.

Pure functions from :mod:`sim.sweep` results to matplotlib Figures, on the axes of
:mod:`sim.sweep.axes` (see :mod:`viz.sweep_plots`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from sim.sweep import parameter_axis_label
from viz.sweep_plots import DPI, draw_reference, set_value_axis

MAX_SLICES = 8
"""Curves drawn on one tipping chart; a grid with more slices draws the first ones."""


def tipping_figure(tip: Any, reference: float | None = None,
                   ref_name: str = "base scenario") -> Figure:
    """The response curve with where it tips (:class:`sim.sweep.tipping.Tipping`).

    One slice: the curve with its interval band, the threshold as a horizontal line, the
    crossing as a vertical line with its 95% interval as a shaded band, and the
    breakpoint as a dotted line with its interval as a bracket. Several slices (a grid):
    one curve each, and each crossing as a point on the threshold line with its interval
    as a horizontal error bar.
    """
    metric, threshold = tip.request.metric, tip.request.threshold
    fig = Figure(figsize=(6.0, 3.8), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    labels = list(tip.curves)[:MAX_SLICES]
    values, xs = [], []
    for k, label in enumerate(labels):
        curve, color = tip.curves[label], f"C{k % 10}"
        x = curve["x"].to_numpy(float)
        xs += list(x)
        values += [*curve["mean"], *curve["low"], *curve["high"]]
        ax.fill_between(x, curve["low"], curve["high"], alpha=0.15, color=color, linewidth=0)
        ax.plot(x, curve["mean"], marker="o", markersize=4, color=color,
                label=label or "mean, 95% interval")
        rows = tip.table[tip.table["slice"] == label]
        for r in rows.itertuples():
            _draw_tip(ax, r, threshold, color, single=len(labels) == 1)
    if threshold is not None:
        ax.axhline(threshold, color="0.15", linestyle="-.", linewidth=1,
                   label=f"threshold {threshold:g}")
        values.append(threshold)
    draw_reference(ax, reference, xs, ref_name)
    ax.set_xlabel(parameter_axis_label(tip.along))
    set_value_axis(ax, metric, values)
    what = f"crosses {threshold:g}" if threshold is not None else "changes slope"
    shown = f"\n(first {len(labels)} of {len(tip.curves)} slices; the report's table has all)" \
        if len(tip.curves) > len(labels) else ""
    ax.set_title(f"Where {metric} {what}, along {tip.along}{shown}", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    return fig


def _draw_tip(ax: Any, r: Any, threshold: float | None, color: str, single: bool) -> None:
    if not np.isfinite(r.estimate):
        return
    has_ci = np.isfinite(r.ci95_low) and np.isfinite(r.ci95_high)
    if r.kind == "threshold" and single:
        ax.axvline(r.estimate, color="C3", linestyle="-", linewidth=1.2,
                   label=f"crossing {r.estimate:.3g}")
        if has_ci:
            ax.axvspan(r.ci95_low, r.ci95_high, color="C3", alpha=0.12,
                       label=f"95% interval [{r.ci95_low:.3g}, {r.ci95_high:.3g}]")
    elif r.kind == "threshold":
        err = [[r.estimate - r.ci95_low], [r.ci95_high - r.estimate]] if has_ci else None
        ax.errorbar([r.estimate], [threshold], xerr=err, fmt="D", color=color,
                    markersize=5, capsize=3)
    elif single:
        ax.axvline(r.estimate, color="C2", linestyle=":", linewidth=1.5,
                   label=f"breakpoint {r.estimate:.3g}"
                   + (f" [{r.ci95_low:.3g}, {r.ci95_high:.3g}]" if has_ci else ""))
        if has_ci:
            ax.axvspan(r.ci95_low, r.ci95_high, color="C2", alpha=0.08)


def trajectory_figure(discovery: Any) -> Figure:
    """PRIM's peeling trajectory: density against coverage per step, the chosen box marked.

    Args:
        discovery: A :class:`sim.sweep.discovery.Discovery` with a trajectory.

    """
    traj = discovery.trajectory
    fig = Figure(figsize=(5.6, 4.0), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    ax.plot(traj["coverage"], traj["density"], color="0.6", linewidth=1, zorder=1)
    points = ax.scatter(traj["coverage"], traj["density"], c=traj["restricted"],
                        cmap="viridis", s=28, zorder=2)
    fig.colorbar(points, ax=ax, label="inputs restricted (count)")
    if discovery.box is not None:
        box = traj.iloc[discovery.box]
        ax.scatter([box["coverage"]], [box["density"]], s=180, facecolors="none",
                   edgecolors="C3", linewidths=2, zorder=3,
                   label=f"chosen box (step {discovery.box}): coverage "
                         f"{box['coverage']:.2f}, density {box['density']:.2f}")
        ax.legend(fontsize=7, loc="lower left")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("coverage (share of the cases where it holds that the box holds)")
    ax.set_ylabel("density (share of the box where it holds)")
    ax.set_title(f"Peeling trajectory: {discovery.condition}", fontsize=10)
    ax.grid(alpha=0.3)
    return fig

"""Plots of sweep analyses: pure functions from tables to matplotlib Figures / PNGs.

Uses :class:`matplotlib.figure.Figure` directly (the Agg canvas, no pyplot state),
so it is safe in scripts, servers and worker threads. Inputs are the DataFrames of
:mod:`sim.sweep.analysis`. Every axis follows :mod:`sim.sweep.axes`: zero on the axis
of a share or a count, units in the labels, the base scenario drawn where it falls in
the swept range.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.sweep import metric_axis_label, parameter_axis_label, value_axis, within

DPI = 110
REFERENCE_STYLE = dict(color="0.35", linestyle="--", linewidth=1.2)
"""The base scenario: a grey dashed line (or a star on a heat map)."""


def set_value_axis(ax: Any, metric: str, values: Any, axis: str = "y") -> None:
    """Label an axis with the metric and its unit and give it the registered range."""
    limits = value_axis(metric, np.asarray(values, dtype=float).ravel())
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(metric_axis_label(metric))
    if limits is not None:
        (ax.set_ylim if axis == "y" else ax.set_xlim)(*limits)


def draw_reference(ax: Any, x: float | None, xs: Any, name: str) -> bool:
    """A vertical line at the base scenario's input value, if it lies in the swept range."""
    if not within(x, np.asarray(xs, dtype=float)):
        return False
    ax.axvline(x, label=f"{name}: {x:.3g}", **REFERENCE_STYLE)
    return True


def effect_figure(effects: pd.DataFrame, parameter: str, metric: str,
                  reference: float | None = None, ref_name: str = "base scenario") -> Figure:
    """Mean and 95% interval of ``metric`` at each level of ``parameter``."""
    df = effects[(effects["parameter"] == parameter) & (effects["metric"] == metric)]
    df = df.sort_values("x")
    fig = Figure(figsize=(5.0, 3.4), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    x, y = df["x"].to_numpy(float), df["mean"].to_numpy(float)
    lo, hi = df["ci95_low"].to_numpy(float), df["ci95_high"].to_numpy(float)
    ax.fill_between(x, lo, hi, alpha=0.25, color="C0", label="95% interval")
    ax.plot(x, y, marker="o", color="C0", label="mean")
    draw_reference(ax, reference, x, ref_name)
    binned = len(df) and df["level"].astype(str).str.contains("–").any()
    ax.set_xlabel(parameter_axis_label(parameter)
                  + (", median of quantile bin" if binned else ""))
    set_value_axis(ax, metric, [*y, *lo, *hi])
    ax.set_title(f"{metric} by {parameter}", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def sensitivity_figure(indices: pd.DataFrame, metric: str, kind: str = "sobol") -> Figure:
    """Bar chart of Sobol S1/ST or Morris μ* with confidence intervals, for one metric."""
    df = indices[indices["metric"] == metric]
    fig = Figure(figsize=(6.0, 0.45 * max(len(df), 3) + 1.2), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    if kind == "sobol":
        df = df.sort_values("ST")
        pos = np.arange(len(df))
        ax.barh(pos - 0.2, df["S1"], 0.4, xerr=df["S1_conf"], label="first order S1",
                color="C0", capsize=2)
        ax.barh(pos + 0.2, df["ST"], 0.4, xerr=df["ST_conf"], label="total ST",
                color="C1", capsize=2)
        ax.set_xlabel("Sobol index (95% bootstrap interval)")
        ax.legend(fontsize=8, loc="lower right")
    else:
        df = df.sort_values("mu_star")
        pos = np.arange(len(df))
        ax.barh(pos, df["mu_star"], 0.6, xerr=df["mu_star_conf"], color="C2", capsize=2)
        ax.set_xlabel("Morris μ* (per unit of parameter range; 95% interval)")
    ax.set_yticks(pos, df["parameter"], fontsize=8)
    ax.set_title(metric, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


def heatmap_figure(pivot: pd.DataFrame, metric: str, cells: pd.DataFrame | None = None,
                   reference: Mapping[str, float] | None = None,
                   ref_name: str = "base scenario") -> Figure:
    """Heat map of a metric's mean over two parameters, with its interval companion.

    Args:
        pivot: Means, rows = values of the first parameter, columns = the second.
        metric: The metric (its unit labels the colour bar).
        cells: :func:`sim.sweep.cell_intervals` of the same grid: adds a second panel with
            each cell's 95% interval half-width, and hatches the cells of the first
            panel whose interval overlaps a neighbour's (not distinguishable).
        reference: The base scenario's value of each input: a star on its cell.
        ref_name: The base scenario's name, for the legend.

    """
    p1, p2 = str(pivot.index.name), str(pivot.columns.name)
    # the half-width panel needs intervals: none with one run a cell
    panels = 2 if cells is not None and bool(cells["half_width"].notna().any()) else 1
    fig = Figure(figsize=(5.2 * panels, 4.2), dpi=DPI, layout="constrained")
    axes = fig.subplots(1, panels, squeeze=False)[0]
    data = pivot.to_numpy(dtype=float)
    image = _heat_panel(fig, axes[0], pivot, data, metric_axis_label(metric), p1, p2)
    axes[0].set_title(f"{metric}: mean", fontsize=10)
    if panels == 2:
        aligned = cells.set_index(["row", "column"])
        half = aligned["half_width"].unstack().reindex(index=pivot.index, columns=pivot.columns)
        _heat_panel(fig, axes[1], pivot, half.to_numpy(float),
                    f"± half-width of the 95% interval ({_unit(metric)})", p1, p2, "magma_r")
        axes[1].set_title(f"{metric}: 95% interval half-width", fontsize=10)
        clear = aligned["distinguishable"].unstack().reindex(index=pivot.index,
                                                             columns=pivot.columns)
        for (i, j), ok in np.ndenumerate(clear.to_numpy()):
            if isinstance(ok, bool | np.bool_) and not ok:
                axes[0].add_patch(_hatch(j, i, edgecolor="black" if _light(image, data[i, j])
                                         else "white"))
        axes[0].add_patch(_hatch(-10, -10, label="not distinguishable from a neighbour",
                                 edgecolor="0.25"))
        axes[0].legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12))
    ref = reference or {}
    if p1 in ref and p2 in ref:
        i, j = _position(pivot.index, ref[p1]), _position(pivot.columns, ref[p2])
        if i is not None and j is not None:
            for ax in axes:
                ax.plot(j, i, marker="*", markersize=16, markerfacecolor="none",
                        markeredgecolor="white", markeredgewidth=1.6,
                        label=f"{ref_name}" if ax is axes[-1] else None)
            axes[-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12))
    for ax in axes:
        ax.set_xlim(-0.5, data.shape[1] - 0.5)
        ax.set_ylim(-0.5, data.shape[0] - 0.5)
    return fig


def _heat_panel(fig: Figure, ax: Any, pivot: pd.DataFrame, data: np.ndarray, bar: str,
                p1: str, p2: str, cmap: str = "viridis") -> Any:
    image = ax.imshow(data, origin="lower", aspect="auto", cmap=cmap)
    ax.set_xticks(range(data.shape[1]), [f"{c:.3g}" for c in pivot.columns])
    ax.set_yticks(range(data.shape[0]), [f"{r:.3g}" for r in pivot.index])
    ax.set_xlabel(parameter_axis_label(p2))
    ax.set_ylabel(parameter_axis_label(p1))
    for (i, j), v in np.ndenumerate(data):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=7,
                    color="black" if _light(image, v) else "white", fontweight="bold")
    fig.colorbar(image, ax=ax, label=bar)
    return image


def _light(image: Any, value: float) -> bool:
    """Whether a value's colour is light (dark text and hatching on it), by its luma."""
    if not np.isfinite(value):
        return True
    r, g, b, _ = image.cmap(image.norm(value))
    return 0.299 * r + 0.587 * g + 0.114 * b > 0.55  # ITU-R BT.601 luma weights


def _hatch(j: float, i: float, label: str | None = None, edgecolor: str = "white") -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor=edgecolor,
                     linewidth=0, label=label)


def _position(levels: pd.Index, value: float) -> int | None:
    hits = [k for k, v in enumerate(levels) if np.isclose(float(v), value)]
    return hits[0] if hits else None


def _unit(metric: str) -> str:
    label = metric_axis_label(metric)
    return label[len(metric) + 2:-1] if label != metric else "metric units"


def save_png(fig: Figure, path: str | Path) -> Path:
    """Save a figure as PNG (written to ``*.tmp`` then renamed)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    fig.savefig(tmp, format="png")
    tmp.replace(path)
    return path


def slug(text: str) -> str:
    """A file-name-safe version of a parameter or metric name."""
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


def write_plots(analysis: Any, out_dir: str | Path) -> dict[str, dict[Any, str]]:
    """Write every plot of a :class:`sim.sweep.analysis.SweepAnalysis` as PNG.

    Returns:
        File names (relative to ``out_dir``) by section, in the form
        :func:`sim.sweep.report.render_report` takes.

    """
    from sim.sweep import reference_name

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ref, ref_name = analysis.reference, reference_name(analysis.manifest)
    made: dict[str, Any] = {"effects": {}, "sensitivity": {}, "heatmap": {}, "tipping": {}}
    for (param, metric), _ in analysis.effects.groupby(["parameter", "metric"], sort=False):
        name = f"effect_{slug(param)}__{slug(metric)}.png"
        save_png(effect_figure(analysis.effects, param, metric, ref.get(param), ref_name),
                 out / name)
        made["effects"][(param, metric)] = name
    for kind, table in (("sobol", analysis.sobol), ("morris", analysis.morris)):
        if table is None or table.empty:
            continue
        for metric in dict.fromkeys(table["metric"]):
            name = f"{kind}_{slug(metric)}.png"
            save_png(sensitivity_figure(table, metric, kind), out / name)
            made["sensitivity"][metric] = name
    for metric, pivot in analysis.heatmaps.items():
        name = f"heatmap_{slug(metric)}.png"
        save_png(heatmap_figure(pivot, metric, analysis.heatmap_cells.get(metric), ref,
                                ref_name), out / name)
        made["heatmap"][metric] = name
    from viz.tipping_plots import tipping_figure, trajectory_figure

    for i, tip in enumerate(analysis.tipping):
        name = f"tipping_{i + 1}_{slug(tip.request.metric)}.png"
        save_png(tipping_figure(tip, ref.get(tip.along), ref_name), out / name)
        made["tipping"][i] = name
    if analysis.discovery is not None and analysis.discovery.box is not None:
        save_png(trajectory_figure(analysis.discovery), out / "discovery_trajectory.png")
        made["discovery"] = "discovery_trajectory.png"
    return made

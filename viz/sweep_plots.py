"""Plots of sweep analyses: pure functions from tables to matplotlib Figures / PNGs.

Uses :class:`matplotlib.figure.Figure` directly (the Agg canvas, no pyplot state),
so it is safe in scripts, servers and worker threads. Inputs are the DataFrames of
:mod:`sim.sweep.analysis`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

DPI = 110


def effect_figure(effects: pd.DataFrame, parameter: str, metric: str) -> Figure:
    """Mean and 95% interval of ``metric`` at each level of ``parameter``."""
    df = effects[(effects["parameter"] == parameter) & (effects["metric"] == metric)]
    df = df.sort_values("x")
    fig = Figure(figsize=(5.0, 3.4), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    x, y = df["x"].to_numpy(float), df["mean"].to_numpy(float)
    lo, hi = df["ci95_low"].to_numpy(float), df["ci95_high"].to_numpy(float)
    ax.fill_between(x, lo, hi, alpha=0.25, color="C0", label="95% interval")
    ax.plot(x, y, marker="o", color="C0", label="mean")
    if len(df) and df["level"].astype(str).str.contains("–").any():
        ax.set_xlabel(f"{parameter} (median of quantile bin)")
    else:
        ax.set_xlabel(parameter)
    ax.set_ylabel(metric)
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


def heatmap_figure(pivot: pd.DataFrame, metric: str) -> Figure:
    """Heat map of a metric's mean over a grid of two parameters."""
    fig = Figure(figsize=(5.2, 4.0), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    data = pivot.to_numpy(dtype=float)
    image = ax.imshow(data, origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(data.shape[1]), [f"{c:.3g}" for c in pivot.columns])
    ax.set_yticks(range(data.shape[0]), [f"{r:.3g}" for r in pivot.index])
    ax.set_xlabel(str(pivot.columns.name))
    ax.set_ylabel(str(pivot.index.name))
    for (i, j), v in np.ndenumerate(data):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=7, color="w")
    fig.colorbar(image, ax=ax, label=metric)
    ax.set_title(metric, fontsize=10)
    return fig


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
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, dict[Any, str]] = {"effects": {}, "sensitivity": {}, "heatmap": {}}
    for (param, metric), _ in analysis.effects.groupby(["parameter", "metric"], sort=False):
        name = f"effect_{slug(param)}__{slug(metric)}.png"
        save_png(effect_figure(analysis.effects, param, metric), out / name)
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
        save_png(heatmap_figure(pivot, metric), out / name)
        made["heatmap"][metric] = name
    return made

"""Small Streamlit building blocks shared by the pages (metric cards, progress, tables)."""

from __future__ import annotations

import math
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from dashboard.labels import fmt_interval, fmt_value, metric_label
from sim import REGISTRY


@contextmanager
def guarded(what: str, cleanup: Callable[[], None] | None = None) -> Iterator[None]:
    """Turn errors from the model into a one-line ``st.error`` and stop the page.

    Bad input (``ValueError``, which includes ``ConfigError``) shows its own one-line
    message. Anything else is a bug: the page says so in one line and keeps the
    traceback in a collapsed "Technical details" box for a bug report.

    Args:
        what: Start of the message, e.g. "Cannot run these settings".
        cleanup: Called before the message (e.g. to remove a progress bar).

    """
    try:
        yield
    except ValueError as err:
        if cleanup is not None:
            cleanup()
        st.error(f"{what}: {err}")
        st.stop()
    except Exception as err:  # noqa: BLE001 - the page must never show a raw traceback
        if cleanup is not None:
            cleanup()
        st.error(f"{what}: the simulation failed ({type(err).__name__}: {err}). "
                 "Please report this with the details below.")
        with st.expander("Technical details"):
            st.code(traceback.format_exc(), language="text")
        st.stop()


def unit_of(name: str) -> str:
    """The registered unit of a metric ('' if unknown)."""
    metric = REGISTRY.get(name)
    return metric.unit if metric else ""


def metric_cards(summary: pd.DataFrame, names: Sequence[str], columns: int = 4) -> None:
    """One ``st.metric`` per metric with its mean and, underneath, its 95% interval.

    Args:
        summary: Columns ``metric``, ``mean``, ``ci95_low``, ``ci95_high``, ``n``.
        names: Metrics to show, in order.
        columns: Cards per row.

    """
    rows = summary.set_index("metric")
    for start in range(0, len(names), columns):
        cols = st.columns(columns)
        for col, name in zip(cols, names[start:start + columns], strict=False):
            unit = unit_of(name)
            if name in rows.index:
                r = rows.loc[name]
                mean, lo, hi, n = r["mean"], r["ci95_low"], r["ci95_high"], r["n"]
            else:
                mean = lo = hi = math.nan
                n = 0
            desc = REGISTRY[name].description if name in REGISTRY else name
            with col:
                st.metric(metric_label(name), fmt_value(mean, unit), border=True,
                          help=f"{desc}. Mean over {int(n)} runs with a value.")
                st.caption(fmt_interval(lo, hi, unit))


def delta_args(diff: float, unit: str, lower_is_better: bool, is_reference: bool) -> dict:
    """``st.metric`` keyword arguments showing a paired difference to the reference.

    Shares are shown in percentage points; a zero difference is shown without colour.
    """
    if is_reference or diff is None or not math.isfinite(diff):
        return {}
    scale, suffix = (100.0, " pp") if unit in {"share", "0/1"} else (1.0, f" {unit}")
    value = diff * scale
    if abs(value) < 0.05:
        return {"delta": f"±0{suffix}", "delta_color": "off", "delta_arrow": "off"}
    return {"delta": f"{value:+.1f}{suffix}",
            "delta_color": "inverse" if lower_is_better else "normal"}


def progress_callback(text: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress bar and its callback; returns ``(on_progress, done)``.

    ``on_progress(done, total)`` advances the bar; ``done()`` removes it.
    """
    bar = st.progress(0.0, text=text)

    def on_progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{text} — run {done} of {total}")

    return on_progress, bar.empty


def metrics_table(summary: pd.DataFrame) -> pd.DataFrame:
    """A display table of a summary: label, mean, interval, runs, unit, name."""
    out = summary.copy()
    out.insert(0, "label", [metric_label(m) for m in out["metric"]])
    out["unit"] = [unit_of(m) for m in out["metric"]]
    return out[["label", "mean", "ci95_low", "ci95_high", "n", "unit", "metric"]]


METRIC_COLUMN_CONFIG = {
    "label": st.column_config.TextColumn("Metric"),
    "mean": st.column_config.NumberColumn("Mean", format="%.3f"),
    "ci95_low": st.column_config.NumberColumn("95% CI low", format="%.3f"),
    "ci95_high": st.column_config.NumberColumn("95% CI high", format="%.3f"),
    "n": st.column_config.NumberColumn("Runs", format="%d"),
    "unit": st.column_config.TextColumn("Unit"),
    "metric": st.column_config.TextColumn("Name"),
}


def seat_fill_table(summary: pd.DataFrame, seat: str, labels: dict[str, str],
                    horizon: int) -> pd.DataFrame:
    """One seat's fill summary per strategy, as display text (median week, P by 13/26/52 w).

    Args:
        summary: ``SeatFill.summary`` (one row per strategy and seat).
        seat: The seat shown.
        labels: Display names of strategies.
        horizon: Last simulated week (a median not reached shows as "> horizon").

    """
    def pct(p: float, lo: float, hi: float) -> str:
        if not math.isfinite(p):
            return "–"
        return f"{100 * p:.0f}% [{100 * lo:.0f}–{100 * hi:.0f}%]"

    def week(x: float) -> str:
        return f"{x:.0f}" if math.isfinite(x) else f"> {horizon}"

    rows = []
    for r in summary[summary["seat"] == seat].to_dict("records"):
        median = ("never opened" if not r["opened"] else
                  f"{week(r['median_week'])} [{week(r['median_low'])}, {week(r['median_high'])}]")
        rows.append({"Strategy": labels.get(r["strategy"], r["strategy"]),
                     "Opened in": f"{r['opened']} of {r['runs']} runs",
                     "Median week filled [95%]": median,
                     **{f"Filled by week {w}": pct(r[f"p_by_{w}w"], r[f"p_by_{w}w_low"],
                                                   r[f"p_by_{w}w_high"]) for w in (13, 26, 52)},
                     "Productive before cash-out": pct(r["p_productive"],
                                                       r["p_productive_low"],
                                                       r["p_productive_high"])})
    return pd.DataFrame(rows)

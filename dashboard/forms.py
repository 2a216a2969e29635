"""Parameter widgets built from the configuration's own metadata (``sim.config.iter_params``).

Ranges, units, help text and sources come from the model's declarations; nothing is
repeated here except short display labels.
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from sim.config import ParamInfo, SimConfig, iter_params, parse_settings

SHORT_LABELS = {
    "market.demand_supply_ratio": "Demand / supply ratio",
    "market.weeks": "Weeks simulated",
    "bigtech.pay_gap_mult": "Big-tech pay multiplier",
    "startups.share_deliberate": "Startups fixing all four mistakes",
    "startups.share_explained": "Other startups explaining equity",
    "startups.share_precise_titles": "Other startups with precise titles",
    "startups.share_focused_jd": "Other startups with focused JDs",
    "startups.share_lean_process": "Other startups with a lean process",
    "candidates.n_ml": "ML candidates",
    "startups.n": "Startups",
    "focal.cash_musd": "Cash in the bank",
    "focal.other_burn": "Other weekly burn",
    "focal.pay_mult": "Pay band",
    "focal.equity_mult": "Option grants",
    "focal.post_money_musd": "Post-money valuation",
    "focal.progress": "Progress toward milestone",
    "focal.ml_team_target": "ML hires planned",
    "focal.initial_team": "ML staff already on the team",
}


@functools.cache
def param_infos() -> dict[str, ParamInfo]:
    """Every scalar parameter's metadata, by dotted path (including ``focal.*``)."""
    from sim.config import FocalConfig

    infos = {p.path: p for p in iter_params()}
    infos.update({p.path: p for p in iter_params(FocalConfig, "focal.")})
    return infos


def help_text(info: ParamInfo) -> str:
    """Tooltip text: what the parameter means, its unit, range, default and source."""
    rng = ""
    if info.ge is not None and info.le is not None:
        rng = f" Allowed {info.ge:g} to {info.le:g}."
    return (f"{info.doc} Unit: {info.unit}.{rng} Model default {info.default:g}. "
            f"Source: {info.source}. (`{info.path}`)")


def get_dotted(cfg: SimConfig, path: str) -> Any:
    """The value at a dotted path of a config, e.g. ``market.weeks``."""
    node: Any = cfg
    for key in path.split("."):
        node = getattr(node, key)
    return node


def label_for(path: str, info: ParamInfo) -> str:
    """Widget label: the short name and the unit."""
    name = SHORT_LABELS.get(path, path.rsplit(".", 1)[-1].replace("_", " ").capitalize())
    if info.unit == "share" or info.unit.lower() in name.lower():
        return name
    return f"{name} ({info.unit})"


def query_int(name: str, default: int, lo: int, hi: int) -> int:
    """An integer from the page URL's query string, clamped to ``[lo, hi]``."""
    try:
        return min(max(int(st.query_params.get(name, default)), lo), hi)
    except (TypeError, ValueError):
        return default


def quick_size(cfg: SimConfig) -> dict[str, int]:
    """Overrides that halve a market's size (candidates and startups) for quick runs."""
    return {"candidates.n_ml": (cfg.candidates.n_ml + 1) // 2,
            "startups.n": (cfg.startups.n + 1) // 2}


def param_widget(path: str, value: Any, key: str, label: str | None = None) -> Any:
    """A widget for one parameter, bounded by its declared range.

    Shares between 0 and 1 get a slider; integers and other numbers a number box.

    Args:
        path: Dotted parameter path (must be declared with ``sim.config.params.param``).
        value: Initial value (e.g. the preset's).
        key: Streamlit widget key.
        label: Override of the display label.

    Returns:
        The widget's current value.

    """
    info = param_infos()[path]
    text = label or label_for(path, info)
    lo = info.ge if info.ge is not None else None
    hi = info.le if info.le is not None else None
    if isinstance(info.default, bool):
        return st.checkbox(text, value=bool(value), key=key, help=help_text(info))
    if isinstance(info.default, int):
        return st.number_input(text, min_value=None if lo is None else int(lo),
                               max_value=None if hi is None else int(hi), value=int(value),
                               step=1, key=key, help=help_text(info))
    if info.unit == "share" and lo == 0.0 and hi == 1.0:
        return st.slider(text, 0.0, 1.0, float(value), 0.01, key=key, help=help_text(info),
                         format="%.2f")
    step = 0.1 if (hi or 10) <= 100 else 1.0
    return st.number_input(text, min_value=None if lo is None else float(lo),
                           max_value=None if hi is None else float(hi), value=float(value),
                           step=step, key=key, help=help_text(info), format="%.2f")


def parse_overrides(text: str) -> dict[str, Any]:
    """Parse the "Extra settings" box, a TOML document, into ``{"dotted.path": value}``.

    ``market.weeks = 10`` (one per line), ``market = {weeks = 10}`` and ``[market]``
    tables all work; strings need quotes. The parser is the one ``--set`` and sweep
    specs use (:func:`sim.config.parse_settings`), so values are typed the same way.

    Raises:
        ConfigError: with a one-line message naming the bad line (a ``ValueError``).

    """
    return parse_settings(text)


def plain(text: str) -> str:
    """``text`` with Markdown's markup characters escaped, so Streamlit shows it as written.

    Error messages quote TOML values and settings (``{a = 1}``, ``*``, ``$``) that
    Markdown would render as emphasis, links, HTML or LaTeX. Dots and underscores are
    left alone: an underscore inside a word (``demand_supply_ratio``) is never emphasis
    in CommonMark, and escaping them would make dotted paths hard to read and search.
    """
    return "".join(f"\\{ch}" if ch in _MARKDOWN else ch for ch in text)


# CommonMark lets ASCII punctuation be backslash-escaped; these start markup mid-line
# (emphasis, code, links, raw HTML, strikethrough, tables, Streamlit's $ LaTeX).
_MARKDOWN = frozenset("\\`*[]<>$~|")

"""docs/scenarios.md's table of interval methods is the registry's (regenerate:
HIRESIM_UPDATE_DOCS=1)."""

from __future__ import annotations

import os
from pathlib import Path

from sim.outputs.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scenarios.md"
BEGIN, END = "<!-- intervals:begin -->\n", "<!-- intervals:end -->\n"


def _bounds(low: float | None, high: float | None) -> str:
    lo = "−∞" if low is None else f"{low:g}"
    return f"[{lo}, ∞)" if high is None else f"[{lo}, {high:g}]"


def _families(names: list[str]) -> list[str]:
    """Names shortened to ``family.*`` where a whole dotted family shares the group."""
    out: list[str] = []
    for name in names:
        parts = name.split(".")
        family = ".".join(parts[:-1])
        members = [n for n in REGISTRY if n.startswith(family + ".")] if family else []
        short = f"`{family}.*`" if len(members) > 2 and set(members) <= set(names) \
            else f"`{name}`"
        if short not in out:
            out.append(short)
    return out


def interval_table() -> str:
    """The Markdown table: each (method, bounds) and the metrics that use it."""
    groups: dict[tuple[str, str], list[str]] = {}
    for m in REGISTRY.values():
        bounds = "[0, horizon + 1]" if m.censored else _bounds(m.low, m.high)  # type: ignore[arg-type]
        key = (m.method, bounds)
        groups.setdefault(key, []).append(m.name)
    lines = ["| method | bounds | metrics |", "|---|---|---|"]
    for (method, bounds), names in groups.items():
        lines.append(f"| `{method}` | {bounds} | {', '.join(_families(names))} |")
    return "\n".join(lines) + "\n"


def test_interval_table_in_the_docs_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    fresh = f"{head}{BEGIN}{interval_table()}{END}{tail}"
    if os.environ.get("HIRESIM_UPDATE_DOCS") == "1":
        DOC.write_text(fresh, encoding="utf-8")
    assert fresh == text, "interval table is stale: run HIRESIM_UPDATE_DOCS=1 pytest " + __file__

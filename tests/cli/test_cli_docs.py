"""docs/scenarios.md lists every preset as the files say (regenerate: HIRESIM_UPDATE_DOCS=1)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scenarios.md"
BEGIN, END = "<!-- presets:begin -->\n", "<!-- presets:end -->\n"


def _flat(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            out += _flat(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                inner = ", ".join(f"{k} = {_toml(v)}" for k, v in item.items())
                out.append((f"{prefix}{key}[{i}]", "{" + inner + "}"))
        else:
            out.append((f"{prefix}{key}", _toml(value)))
    return out


def _toml(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def preset_table() -> str:
    """The Markdown table of presets, generated from scenarios/*.toml."""
    lines = ["| Preset | Sets (over `extends`) | Description |", "|---|---|---|"]
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        body = {k: v for k, v in data.items() if k not in ("name", "description", "extends")}
        sets = "<br>".join(f"`{k} = {v}`" for k, v in _flat(body))
        lines.append(f"| `{path.stem}` | {sets} | {data['description']} |")
    return "\n".join(lines) + "\n"


def test_preset_table_in_the_docs_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    fresh = f"{head}{BEGIN}{preset_table()}{END}{tail}"
    if os.environ.get("HIRESIM_UPDATE_DOCS") == "1":
        DOC.write_text(fresh, encoding="utf-8")
    assert fresh == text, "preset table is stale: run HIRESIM_UPDATE_DOCS=1 pytest " + __file__

"""Write docs/parameters.md from the configuration's own metadata (units, sources, ranges).

Run ``python scripts/gen_param_docs.py`` after changing a default; a test fails while
the page and the code disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.config import iter_params  # noqa: E402

HEADER = """# Parameters

Every model parameter, with its default, unit, allowed range and source. This page is
generated from the code (`python scripts/gen_param_docs.py`); a test fails when the two
disagree. "cal §8 #17" means row 17 of the parameter table in section 8 of the
calibration notes (`calibration.md`). **ASSUMPTION** marks a value chosen for the model
that no source pins down: sweep it (see [sweeps.md](sweeps.md)). Money is in thousands
of US dollars (kUSD) unless the name says `_musd` (millions).

Set any of them in a scenario file's table (`[market]`, `[candidates]`, …) or with
`--set dotted.path=value`.
"""


def _fmt(x: object) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        return f"{x:g}"
    return str(x)


def render() -> str:
    """The page's Markdown."""
    lines = [HEADER]
    section = None
    for p in iter_params():
        top = p.path.split(".")[0]
        if top != section:
            section = top
            lines += ["", f"## `[{top}]`", "",
                      "| parameter | default | unit | range | source | meaning |",
                      "|---|---|---|---|---|---|"]
        rng = f"{_fmt(p.ge)} – {_fmt(p.le)}" if p.le is not None else f"≥ {_fmt(p.ge)}" \
            if p.ge is not None else ""
        source = p.source.replace("ASSUMPTION", "**ASSUMPTION**").replace("|", "/")
        lines.append(f"| `{p.path}` | {_fmt(p.default)} | {p.unit} | {rng} | {source} | "
                     f"{p.doc.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the page."""
    (ROOT / "docs" / "parameters.md").write_text(render(), encoding="utf-8")
    print("wrote docs/parameters.md")


if __name__ == "__main__":
    main()

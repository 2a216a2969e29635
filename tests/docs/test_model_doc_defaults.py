"""docs/model.md quotes parameter defaults in prose; they must be the code's defaults.

The parameter table (docs/parameters.md) is generated, but the model description is
written by hand and cites defaults beside names, e.g. "`option_factor_explained`
(0.70)". A default changed in the code and not in the prose would mislead the reader
who checks where a number comes from, so every such citation is compared with
``sim.config``. A name counts when it resolves to exactly one parameter (a full dotted
path, or a unique last part such as ``option_factor_explained``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.config import iter_params

MODEL_DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"
# `name` followed by a number, directly or in brackets: `x` (0.70), `x` 0.20, `x` = 3.
CITATION = re.compile(r"`([a-z_][a-z0-9_.]*)`\s*(?:\(|=\s*)?(-?\d+(?:\.\d+)?)\b")


def _params() -> dict[str, float]:
    return {p.path: p.default for p in iter_params()
            if isinstance(p.default, int | float) and not isinstance(p.default, bool)}


def _citations() -> list[tuple[str, str, float]]:
    params = _params()
    found = []
    for match in CITATION.finditer(MODEL_DOC.read_text(encoding="utf-8")):
        name, number = match.group(1), float(match.group(2))
        paths = [p for p in params if p == name or p.endswith("." + name)]
        if len(paths) == 1:
            found.append((name, paths[0], number))
    return found


def test_model_doc_cites_parameters() -> None:
    """The check has something to check (the doc cites several defaults this way)."""
    assert len(_citations()) >= 3


@pytest.mark.parametrize(("name", "path", "number"), _citations(),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_cited_default_matches_the_code(name: str, path: str, number: float) -> None:
    assert _params()[path] == pytest.approx(number, abs=1e-9), (
        f"docs/model.md cites `{name}` as {number:g}, but {path} defaults to "
        f"{_params()[path]:g}")

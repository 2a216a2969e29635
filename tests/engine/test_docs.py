"""Generated documentation matches the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_parameter_page_is_up_to_date():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_param_docs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    on_disk = (ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
    assert on_disk == gen.render(), "run: python scripts/gen_param_docs.py"


def test_model_page_names_every_mechanism():
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for i in range(1, 14):
        assert f"M{i} " in text or f"M{i}:" in text or f"(M{i})" in text, f"M{i} missing"

"""Fixtures for the sweep tests: tiny markets (≈30 ms a run) written as real spec files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sweep_helpers import spec_text


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    """Write spec text to a file in the test's temp folder and return its path."""
    def write(text: str | None = None, name: str = "spec.toml") -> Path:
        path = tmp_path / name
        path.write_text(text if text is not None else spec_text(), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def reference_grid(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The tiny grid sweep run serially in this process: the table every executor must match."""
    from sim.sweep import load_spec, load_sweep, run_sweep

    root = tmp_path_factory.mktemp("reference")
    spec_path = root / "spec.toml"
    spec_path.write_text(spec_text(), encoding="utf-8")
    run_sweep(load_spec(spec_path), root / "out", workers=1, progress=False)
    return load_sweep(root / "out")

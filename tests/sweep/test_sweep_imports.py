"""Analysing a sweep pulls in no plotting or UI library (reports draw plots on request).

That no ``sim`` module imports one is checked in tests/engine/test_architecture.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FORBIDDEN = ("matplotlib", "plotly", "streamlit")
ROOT = Path(__file__).resolve().parents[2]


def forbidden_after(code: str) -> list[str]:
    """Top-level plotting/UI modules loaded after running ``code`` in a fresh interpreter."""
    probe = code + (f"\nbad = sorted({{m.split('.')[0] for m in sys.modules}} & "
                    f"set({FORBIDDEN!r}))\nprint('FORBIDDEN:' + ','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", "import sys\n" + probe], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("FORBIDDEN:"))
    return [m for m in line.removeprefix("FORBIDDEN:").split(",") if m]


def test_analysing_a_sweep_without_a_report_imports_no_plotting_library(write_spec, tmp_path):
    from sim.sweep import load_spec, run_sweep

    run_sweep(load_spec(write_spec()), tmp_path / "out", workers=1, progress=False)
    code = ("from sim.cli import main\n"
            f"assert main(['analyze', {str(tmp_path / 'out')!r}, '--json']) == 0\n")
    assert forbidden_after(code) == []

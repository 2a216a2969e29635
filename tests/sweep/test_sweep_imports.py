"""Architecture: the `sim` package never pulls in plotting or UI libraries."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import sim

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


def test_importing_every_sim_module_imports_no_plotting_library():
    modules = sorted(m.name for m in pkgutil.walk_packages(sim.__path__, "sim."))
    assert {"sim.sweep.analysis", "sim.sweep.report", "sim.cli_sweep"} <= set(modules)
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    assert forbidden_after(code) == []


def test_analysing_a_sweep_without_a_report_imports_no_plotting_library(write_spec, tmp_path):
    from sim.sweep import load_spec, run_sweep

    run_sweep(load_spec(write_spec()), tmp_path / "out", workers=1, progress=False)
    code = ("from sim.cli_sweep import main_analyze\n"
            f"assert main_analyze([{str(tmp_path / 'out')!r}, '--json']) == 0\n")
    assert forbidden_after(code) == []

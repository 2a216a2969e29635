"""The model package imports no UI or plotting library (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import sim

FORBIDDEN = ("streamlit", "matplotlib", "plotly")


def test_importing_every_sim_module_pulls_in_no_ui_library():
    modules = sorted(m.name for m in pkgutil.walk_packages(sim.__path__, "sim."))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"sim imports UI/plotting modules: {out.stdout}"
    assert "sim.market" in modules and "sim.config" in modules


def test_import_sim_is_light():
    code = "import sys, sim\nprint(','.join(m for m in ('mesa', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""

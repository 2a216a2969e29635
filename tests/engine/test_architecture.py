"""The package's layers: what may import what (DESIGN §5, docs/architecture.md).

``sim`` is layered, lowest first: config < model < outputs < experiments < sweep < cli.
A module imports only from its own layer or below; a weekly phase imports no other
phase; the dashboard uses the public API; and no ``sim`` module pulls in a UI library.
Imports are read from the source (every ``import``, including those inside functions
and ``TYPE_CHECKING`` blocks), so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("streamlit", "matplotlib", "plotly")
LAYERS = ("config", "model", "outputs", "experiments", "sweep", "cli")
# What the dashboard may import from ``sim``: the top-level API and two public packages.
PUBLIC_API = {"sim", "sim.config", "sim.sweep"}


def sim_imports(path: Path) -> set[str]:
    """Every ``sim...`` module a source file imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "sim" and [a.name for a in node.names] == ["__version__"]:
                continue  # the version string sits on the root package, above no layer
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(n for n in names if n == "sim" or n.startswith("sim."))
    return found


def layer_of(module: str) -> str | None:
    """The layer a dotted ``sim.<layer>...`` name belongs to (None for ``sim`` itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def sim_sources() -> list[tuple[str, Path]]:
    """(dotted module name, path) of every module under ``sim/``."""
    out = []
    for path in sorted((ROOT / "sim").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out.append((".".join(parts), path))
    return out


def layering_violations(sources: list[tuple[str, Path]]) -> list[str]:
    """Imports from a higher layer, and phases importing phases."""
    bad = []
    for module, path in sources:
        mine = layer_of(module)
        if mine is None:
            continue
        for target in sim_imports(path):
            theirs = layer_of(target)
            if target == "sim" or (theirs is not None
                                   and LAYERS.index(theirs) > LAYERS.index(mine)):
                bad.append(f"{module} imports {target}")
            if (module.startswith("sim.model.phases.") and target.startswith("sim.model.phases.")
                    and target != module):
                bad.append(f"phase {module} imports phase {target}")
    return bad


def test_ls_sim_shows_the_layers():
    packages = sorted(p.name for p in (ROOT / "sim").iterdir()
                      if p.is_dir() and not p.name.startswith("__"))
    assert packages == sorted(LAYERS)
    assert sorted(p.name for p in (ROOT / "sim").glob("*.py")) == ["__init__.py"]


def test_every_module_imports_only_its_layer_or_below():
    sources = sim_sources()
    assert len(sources) > 40
    assert layering_violations(sources) == []


def test_the_layer_check_catches_an_upward_import(tmp_path):
    upward = tmp_path / "market.py"
    upward.write_text("def f():\n    from sim.experiments.runs import run\n")
    phase = tmp_path / "offers.py"
    phase.write_text("from sim.model.phases.processes import advance\n")
    fine = tmp_path / "demand.py"
    fine.write_text("from sim.config import SimConfig\nfrom sim.model.ops import end_processes\n")
    found = layering_violations([("sim.model.market", upward),
                                 ("sim.model.phases.offers", phase),
                                 ("sim.model.phases.demand", fine)])
    assert found == ["sim.model.market imports sim.experiments.runs",
                     "phase sim.model.phases.offers imports phase sim.model.phases.processes"]


@pytest.mark.parametrize("folder", ["dashboard", "viz"])
def test_the_dashboard_and_plots_use_the_public_api_only(folder):
    used = {(path.name, target) for path in (ROOT / folder).rglob("*.py")
            for target in sim_imports(path)}
    assert {pair for pair in used if pair[1] not in PUBLIC_API} == set()


def test_importing_every_sim_module_pulls_in_no_ui_library():
    modules = sorted(m.name for m in pkgutil.walk_packages(sim.__path__, "sim.")
                     if not m.name.endswith("__main__"))  # __main__ runs the CLI
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
    assert "sim.model.market" in modules and "sim.config" in modules


def test_import_sim_is_light():
    code = "import sys, sim\nprint(','.join(m for m in ('mesa', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_sim_run_is_a_plain_function():
    import inspect

    assert inspect.isfunction(sim.run)
    assert sim.run.__module__ == "sim.experiments.runs"

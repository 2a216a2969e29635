"""Package discovery for setuptools; everything else is declared in pyproject.toml.

The preset scenarios live in ``scenarios/`` (data only, DESIGN §5) and are installed as
the package ``sim.presets`` (``[tool.setuptools.package-dir]`` maps it), so that
``sim.experiments.scenarios.preset_dir()`` finds them inside an installed wheel. The packages are
listed here because ``[tool.setuptools.packages.find]`` cannot add a mapped package to
what it finds; a new folder under ``sim/``, ``dashboard/`` or ``scenarios/`` is picked
up without editing this file (``tests/cli/test_cli_wheel.py`` checks the wheel).
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent


def code_packages() -> list[str]:
    """``sim``, ``dashboard``, ``viz`` and every package below them (no caches)."""
    return find_namespace_packages(
        where=str(HERE), include=["sim", "sim.*", "dashboard", "dashboard.*", "viz", "viz.*"],
        exclude=["*.__pycache__", "*.__pycache__.*"])


def preset_packages() -> list[str]:
    """``sim.presets`` and one package per sub-folder of ``scenarios/`` (e.g. sweeps)."""
    root = HERE / "scenarios"
    folders = sorted(p for p in root.rglob("*")
                     if p.is_dir() and not p.name.startswith((".", "_")))
    return ["sim.presets", *("sim.presets." + ".".join(p.relative_to(root).parts)
                             for p in folders)]


setup(packages=[*code_packages(), *preset_packages()])

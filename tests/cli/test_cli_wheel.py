"""The presets ship inside a built (non-editable) wheel as ``sim/presets/*.toml``.

The wheel is built from a copy of the sources in a temporary folder (so the shared
checkout gets no ``build/`` folder), unpacked, and imported from there in a subprocess:
``sim.experiments.scenarios.preset_dir()`` must then find the presets inside the package.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "sim", "scenarios", "dashboard", "viz")


def _copy_sources(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".*")
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, dest / name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    _copy_sources(src)
    dist = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist),
           str(src)]
    if importlib.util.find_spec("setuptools") is not None:
        cmd.insert(4, "--no-build-isolation")  # else pip fetches setuptools to build
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300)
    (built,) = dist.glob("hiresim-*.whl")
    return built


def test_wheel_contains_every_scenario_file_under_sim_presets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"sim/presets/{p.relative_to(ROOT / 'scenarios').as_posix()}"
                for p in (ROOT / "scenarios").rglob("*.toml")}
    assert expected and expected <= names
    assert "sim/presets/baseline.toml" in names
    assert "sim/cli/__init__.py" in names and "sim/experiments/scenarios.py" in names
    assert not any("__pycache__" in n for n in names)


def test_wheel_ships_every_python_package_of_the_checkout(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for top in ("sim", "dashboard", "viz"):
        for path in (ROOT / top).rglob("*.py") if (ROOT / top).is_dir() else ():
            if "__pycache__" not in path.parts:
                assert path.relative_to(ROOT).as_posix() in names, path


def test_installed_wheel_finds_its_presets(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import json, sim, sim.experiments.scenarios as s\n"
        "from sim.cli import main\n"
        "names = [n for n, _ in s.list_presets()]\n"
        "cfg = s.load_scenario('layoff_wave').config\n"
        "print(json.dumps({'sim': sim.__file__, 'dir': str(s.preset_dir()), 'names': names,"
        " 'shocks': len(cfg.shocks), 'rc': main(['validate', 'baseline'])}))\n"
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout
    doc = json.loads(out.splitlines()[-1])
    assert doc["sim"].startswith(str(site))
    assert doc["dir"] == str(site / "sim" / "presets")
    assert doc["names"] == sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml"))
    assert doc["shocks"] == 1 and doc["rc"] == 0

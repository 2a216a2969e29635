"""``hiresim scenarios``, ``metrics``, ``validate``, ``dashboard`` and the command registry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sim.cli.commands.dashboard
from sim.cli import COMMAND_MODULES, build_parser
from sim.experiments.scenarios import list_presets
from sim.outputs.registry import REGISTRY

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
HEAVY = ("mesa", "pandas", "numpy", "scipy", "pydantic", "pyarrow", "tqdm", "sim.model.market",
         "sim.experiments.runs", "sim.config", "duckdb", "prim", "matplotlib")


def test_scenarios_lists_every_preset_with_its_description(cli) -> None:
    result = cli("scenarios")
    assert result.code == 0
    for name, description in list_presets():
        assert f"  {name}  " in result.out
        assert description.split()[0] in result.out
    doc = cli("scenarios", "--json").json()
    assert [d["name"] for d in doc] == [n for n, _ in list_presets()]


def test_metrics_table_and_json_are_the_registry(cli) -> None:
    result = cli("metrics")
    assert result.code == 0
    names = [line.split()[0] for line in result.out.splitlines()[2:]
             if line and not line.startswith(" ")]
    assert names[:len(REGISTRY)] == list(REGISTRY)
    doc = cli("metrics", "--json").json()
    assert doc == {m.name: {"description": m.description, "unit": m.unit, "low": m.low,
                            "high": m.high, "method": m.method, "censored": m.censored,
                            "missing_reason": m.missing_reason}
                   for m in REGISTRY.values()}
    row = next(line for line in result.out.splitlines() if line.startswith("fill_rate "))
    assert "[0, 1] bootstrap" in row


def test_validate_prints_ok_per_file(cli) -> None:
    files = sorted(SCENARIOS.glob("*.toml"))
    result = cli("validate", *files, "baseline")
    assert result.code == 0, result.err
    assert result.out.count("OK  ") == len(files) + 1
    assert "scenario 'layoff_wave'" in result.out


def test_validate_sends_sweep_specs_to_the_sweep_loader(tmp_path: Path, cli) -> None:
    spec = tmp_path / "sweep.toml"
    spec.write_text('[sweep]\nname = "s"\nbase = "baseline"\nsampler = "bogus"\n')
    result = cli("validate", spec)
    assert result.code == 2
    assert "sweep.toml" in result.err and "sweep.sampler" in result.err


def test_dashboard_without_the_app_is_an_environment_error(monkeypatch, cli) -> None:
    monkeypatch.setattr(sim.cli.commands.dashboard, "find_app", lambda: None)
    result = cli("dashboard", "--port", "8765")
    assert result.code == 2
    assert result.err.startswith("hiresim: error: the dashboard is not installed")


def test_dashboard_command_stays_on_localhost(tmp_path: Path) -> None:
    cmd = sim.cli.commands.dashboard.streamlit_command(tmp_path / "app.py", 8765)
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    flags = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert flags == {"--server.port": "8765", "--server.address": "127.0.0.1",
                     "--server.headless": "true", "--browser.gatherUsageStats": "false"}


ALL_COMMANDS = {"scenarios", "metrics", "validate", "run", "compare", "strategies", "offer", "plan",
                "sweep", "analyze", "discover", "query", "dashboard"}


def test_every_command_is_registered_in_the_one_parser() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "==SUPPRESS==" or a.choices)
    assert set(commands.choices) == ALL_COMMANDS


def test_a_command_module_that_fails_to_import_is_a_bug_not_a_missing_command(
        monkeypatch, cli) -> None:
    monkeypatch.setattr(sim.cli, "COMMAND_MODULES", (*COMMAND_MODULES, "sim.cli.no_such"))
    result = cli("metrics")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("hiresim: internal error: ModuleNotFoundError")
    assert "--debug" in result.err
    result = cli("metrics", "--debug")
    assert result.code == 1 and "Traceback" in result.err


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["compare", "--help"],
                                  ["sweep", "--help"], ["analyze", "--help"],
                                  ["discover", "--help"], ["query", "--help"], ["--version"]])
def test_help_does_not_import_heavy_modules(argv: list[str]) -> None:
    code = (
        "import json, sys\n"
        "from sim.cli import main\n"
        f"rc = main({argv!r})\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps({'rc': rc, 'heavy': heavy}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    result = json.loads(out.splitlines()[-1])
    assert result == {"rc": 0, "heavy": []}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dashboard_serves_on_localhost(tmp_path: Path) -> None:
    import time
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "dashboard", "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        deadline, body = time.monotonic() + 60, ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.urlopen(url, timeout=1) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert body == "ok"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert out.startswith(f"HireSim dashboard: http://127.0.0.1:{port}")

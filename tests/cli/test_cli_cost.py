"""Estimates before work: ``validate`` says what a file costs; large requests need --yes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli.cost import MAX_CPU_SECONDS, guard
from sim.cli.errors import CliError
from sim.config import SimConfig

LEVERS = Path(__file__).resolve().parents[2] / "scenarios" / "sweeps" / "levers.toml"

HUGE_SPEC = """
[sweep]
name = "huge"
base = "baseline"
sampler = "grid"
replications = 200000
[parameters]
"market.demand_supply_ratio" = {values = [1.0, 3.0]}
"""


def test_validate_prints_runs_time_and_memory(cli):
    result = cli("validate", "baseline", LEVERS)
    assert result.code == 0, result.err
    scenario, spec = result.out.strip().splitlines()
    assert "1 run, about" in scenario and "MiB per running run" in scenario
    assert "128 runs, about" in spec and "cores" in spec


def test_run_refuses_an_hour_of_cpu_without_yes(cli, tmp_path):
    result = cli("run", "baseline", "-r", "20000", "--out", tmp_path / "out")
    assert result.code == 2
    line = result.err.strip()
    assert "\n" not in line and "20,000 runs" in line and "--yes" in line
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_sweep_refuses_a_huge_spec_without_yes(cli, tmp_path):
    spec = tmp_path / "huge.toml"
    spec.write_text(HUGE_SPEC, encoding="utf-8")
    result = cli("sweep", spec, "--out", tmp_path / "out", "--workers", "2")
    assert result.code == 2
    assert "400,000 runs" in result.err and "--yes" in result.err
    assert not (tmp_path / "out").exists()


def test_the_guard_lets_small_requests_and_yes_through():
    guard(SimConfig(), 10, workers=2, yes=False)  # seconds of work: no question asked
    guard(SimConfig(), 50_000, workers=2, yes=True)
    with pytest.raises(CliError, match="--yes"):
        guard(SimConfig(), 50_000, workers=2, yes=False)
    assert MAX_CPU_SECONDS == 3600.0

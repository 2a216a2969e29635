"""Analysis: Sobol and Morris on the Ishigami function, effect tables, reports from real sweeps."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sweep_helpers import TINY_OVERRIDES

from sim.cli import main
from sim.sweep import load_spec, run_sweep
from sim.sweep.analysis import effect_table, morris_indices, sobol_indices
from sim.sweep.design import unit_sample

NAMES = ["x1", "x2", "x3"]
S1 = [0.3139, 0.4424, 0.0]
ST = [0.5576, 0.4424, 0.2437]


def ishigami(unit: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    x = -np.pi + 2 * np.pi * unit
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def runs_frame(y: np.ndarray, replications: int = 1) -> pd.DataFrame:
    """Outputs as a sweep table; replications straddle the true value and average to it."""
    point = np.repeat(np.arange(len(y)), replications)
    offsets = np.tile(np.linspace(-1, 1, replications) if replications > 1 else [0.0], len(y))
    return pd.DataFrame({"point_id": point, "replication": np.tile(range(replications), len(y)),
                         "y": np.repeat(y, replications) + offsets, "status": "ok"})


@pytest.mark.parametrize("replications", [1, 3])
def test_sobol_indices_of_ishigami_match_the_analytic_values(replications):
    unit = unit_sample("sobol", 3, 1024, seed=3, calc_second_order=True)
    first, second, notes = sobol_indices(runs_frame(ishigami(unit), replications), NAMES, ["y"],
                                         calc_second_order=True)
    assert notes == []
    assert list(first["parameter"]) == NAMES
    np.testing.assert_allclose(first["S1"], S1, atol=0.05)
    np.testing.assert_allclose(first["ST"], ST, atol=0.05)
    assert (first["S1_conf"] > 0).all() and (first["ST_conf"] < 0.15).all()
    s13 = second.set_index(["parameter_1", "parameter_2"]).loc[("x1", "x3"), "S2"]
    assert s13 == pytest.approx(ST[0] - S1[0], abs=0.1)  # x1 acts on x3 only through x1·x3


def test_morris_ranks_ishigami_inputs():
    unit = unit_sample("morris", 3, 60, seed=4, levels=4)
    table, notes = morris_indices(runs_frame(ishigami(unit)), unit, NAMES, ["y"], levels=4)
    mu_star = table.set_index("parameter")["mu_star"]
    assert notes == [] and mu_star["x3"] < min(mu_star["x1"], mu_star["x2"])
    assert (table["sigma"] > 0).all() and (table["mu_star_conf"] >= 0).all()


def test_sensitivity_skips_metrics_without_values():
    unit = unit_sample("sobol", 2, 8, seed=0)
    frame = pd.DataFrame({"point_id": range(len(unit)), "flat": 1.0, "gappy": 1.0,
                          "status": "ok"})
    frame.loc[3, "gappy"] = np.nan
    first, _, notes = sobol_indices(frame, ["a", "b"], ["flat", "gappy"])
    assert first.empty and len(notes) == 2
    assert "constant" in notes[0] and "1 of 32 points" in notes[1]


def test_effect_table_by_value_and_by_quantile_bin():
    rng = np.random.default_rng(0)
    n = 400
    frame = pd.DataFrame({"level": rng.integers(0, 3, n), "cont": rng.random(n),
                          "status": "ok"})
    frame["y"] = 2.0 * frame["level"] + 4.0 * frame["cont"] + rng.normal(0, 0.1, n)
    frame.loc[0, "status"] = "error"
    table = effect_table(frame, ["level", "cont"], ["y"], bins=4)
    by_level = table[table["parameter"] == "level"]
    assert list(by_level["level"]) == ["0", "1", "2"]
    assert by_level["mean"].is_monotonic_increasing
    assert ((by_level["ci95_low"] < by_level["mean"]) & (by_level["mean"] < by_level["ci95_high"])
            ).all()
    bins = table[table["parameter"] == "cont"]
    assert len(bins) == 4 and bins["mean"].is_monotonic_increasing
    assert bins["level"].str.contains("–").all() and int(bins["n"].sum()) == n - 1


SMALL_SPEC = """
[sweep]
name = "{name}"
base = "baseline"
sampler = "{sampler}"
{extra}
replications = 1
seed = 5
metrics = ["fill_rate", "applications_per_week", "demand_supply_ratio"]
{overrides}
[parameters."market.demand_supply_ratio"]
{p1}
[parameters."candidates.max_processes"]
{p2}
"""
RANGE1, RANGE2 = "low = 1.5\nhigh = 4.0", "low = 1.0\nhigh = 5.0"


@pytest.mark.parametrize(("sampler", "extra", "p1", "p2", "section", "picture"), [
    ("sobol", "samples = 4", RANGE1, RANGE2, "## Sobol indices", "sobol_fill_rate.png"),
    ("morris", "samples = 4", RANGE1, RANGE2, "## Morris screening", "morris_fill_rate.png"),
    ("grid", "", "values = [2.0, 3.0]", "values = [2.0, 4.0]", "## Two-parameter grid",
     "heatmap_fill_rate.png"),
    ("lhs", "samples = 12", RANGE1, RANGE2, "## Effects by parameter",
     "effect_candidates_max_processes__fill_rate.png"),
])
def test_analyze_writes_report_plots_and_json(write_spec, tmp_path, capsys, sampler, extra, p1,
                                              p2, section, picture):
    text = SMALL_SPEC.format(name=sampler, sampler=sampler, extra=extra, overrides=TINY_OVERRIDES,
                             p1=p1, p2=p2)
    run_sweep(load_spec(write_spec(text)), tmp_path / "out", workers=1, progress=False)
    capsys.readouterr()
    report = tmp_path / "report"
    assert main(["analyze", str(tmp_path / "out"), "--out", str(report), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["sampler"] == sampler and data["counts"]["error"] == 0
    assert data["metrics"] == ["fill_rate", "applications_per_week", "demand_supply_ratio"]
    assert {"parameter", "level", "mean", "ci95_low", "ci95_high", "n"} <= set(data["effects"][0])
    if sampler == "sobol":
        assert {r["parameter"] for r in data["sobol"]} == {"market.demand_supply_ratio",
                                                          "candidates.max_processes"}
    if sampler == "morris":
        assert all(r["mu_star"] is None or r["mu_star"] >= 0 for r in data["morris"])
    if sampler == "grid":
        assert [(r["market.demand_supply_ratio"], r["candidates.max_processes"], r["runs_ok"])
                for r in data["points"]] == [(2.0, 2.0, 1), (2.0, 4.0, 1), (3.0, 2.0, 1),
                                             (3.0, 4.0, 1)]
    else:
        assert data["points"] is None
    noisy = sampler in ("sobol", "morris")  # one run per point on independent seeds
    assert any("common_seeds" in n for n in data["notes"]) == noisy
    md = (report / "report.md").read_text()
    assert section in md and f"]({picture})" in md
    assert "# Sweep report: " + sampler in md and "| runs planned |" in md
    assert (report / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"report: {report / 'report.md'}" in captured.err

"""A run that raises is recorded with its error, and the sweep goes on to the end."""

from __future__ import annotations

import functools
import json
import math

import pandas as pd
import pytest
from sweep_helpers import comparable

from sim.config import SimConfig
from sim.experiments.runs import run_metrics
from sim.model.rng import derive_seed
from sim.sweep import load_spec, load_sweep, run_sweep
from sim.sweep.analysis import analyze_sweep
from sim.sweep.report import render_report

BAD_RUN = 7


def failing_runner(cfg: SimConfig, seed: int, bad_seed: int) -> dict[str, float]:
    """The real model, except that the run with ``bad_seed`` raises."""
    if seed == bad_seed:
        raise RuntimeError(f"injected failure\nfor seed {seed}")
    return run_metrics(cfg, seed)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_run_is_recorded_and_the_rest_complete(write_spec, tmp_path, reference_grid,
                                                         workers):
    spec = load_spec(write_spec())
    runner = functools.partial(failing_runner, bad_seed=derive_seed(spec.seed, BAD_RUN))
    out = run_sweep(spec, tmp_path / "out", workers=workers, runner=runner, progress=False)
    assert out.status == "complete" and out.ran == 12 and out.failed == 1

    table = load_sweep(tmp_path / "out")
    bad = table[table["run_id"] == BAD_RUN].iloc[0]
    assert bad["status"] == "error"
    assert bad["error"] == f"RuntimeError: injected failure for seed {bad['seed']}"
    assert all(math.isnan(bad[m]) for m in spec.metrics)
    assert bad["market.demand_supply_ratio"] == reference_grid.loc[BAD_RUN,
                                                                   "market.demand_supply_ratio"]
    good = comparable(table[table["run_id"] != BAD_RUN]).reset_index(drop=True)
    expected = comparable(reference_grid[reference_grid["run_id"] != BAD_RUN])
    pd.testing.assert_frame_equal(good, expected.reset_index(drop=True))

    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"] == {"ok": 11, "error": 1, "remaining": 0}


def test_failed_runs_show_in_the_analysis_and_report(write_spec, tmp_path):
    spec = load_spec(write_spec())
    runner = functools.partial(failing_runner, bad_seed=derive_seed(spec.seed, BAD_RUN))
    run_sweep(spec, tmp_path / "out", workers=1, runner=runner, progress=False)
    analysis = analyze_sweep(tmp_path / "out")
    assert analysis.counts == {"planned": 12, "recorded": 12, "ok": 11, "error": 1,
                               "remaining": 0}
    assert int(analysis.effects["n"].sum()) == 11 * 2 * len(analysis.metrics)
    text = render_report(analysis)
    assert "| 12 | 12 | 11 | 1 | 0 |" in text
    assert "RuntimeError: injected failure" in text

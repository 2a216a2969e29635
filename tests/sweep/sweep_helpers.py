"""Helpers shared by the sweep tests: tiny-market spec text and table comparison."""

from __future__ import annotations

import subprocess

import pandas as pd

from sim.sweep.store import TIMING_COLUMNS

TINY_OVERRIDES = """
[overrides]
"candidates.n_ml" = 200
"startups.n" = 20
"bigtech.n_bigtech" = 2
"bigtech.n_labs" = 1
"market.weeks" = 8
"""

GRID_SPEC = """
[sweep]
name = "tiny_grid"
description = "A tiny grid for tests."
base = "baseline"
sampler = "grid"
replications = 3
seed = 11
metrics = ["fill_rate", "fill_rate.startup", "demand_supply_ratio", "applications_per_week"]
{overrides}
[parameters."market.demand_supply_ratio"]
values = [2.0, 3.0]

[parameters."bigtech.pay_gap_mult"]
values = [1.0, 1.5]
"""


def spec_text(template: str = GRID_SPEC, **fields: str) -> str:
    """A spec's TOML text with the tiny-market overrides."""
    return template.format(overrides=TINY_OVERRIDES, **fields)


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """A results table without wall-clock columns, sorted by run_id."""
    cols = [c for c in frame.columns if c not in TIMING_COLUMNS]
    return frame[cols].sort_values("run_id").reset_index(drop=True)


def stop_process(proc: subprocess.Popen | None, timeout: float = 20.0) -> None:
    """SIGTERM a child process if it still runs; SIGKILL it if it outlives ``timeout`` s."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

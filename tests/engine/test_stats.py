"""``summarise``: the one per-metric summary (mean, 95% interval, n) every output uses."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.experiments.stats import SUMMARY_COLUMNS, summarise


def test_summarise_gives_mean_interval_and_n_per_metric() -> None:
    runs = pd.DataFrame({"fill_rate": [0.2, 0.4, 0.6], "seed": [1, 2, 3]})
    table = summarise(runs)
    assert list(table.columns) == list(SUMMARY_COLUMNS)
    assert table["metric"].tolist() == ["fill_rate"]  # seed is not a registered metric
    row = table.iloc[0]
    assert row["mean"] == pytest.approx(0.4) and row["n"] == 3
    assert row["ci95_low"] < 0.4 < row["ci95_high"]


def test_a_metric_absent_from_the_runs_is_a_nan_row_with_n_0() -> None:
    runs = pd.DataFrame({"fill_rate": [0.2, 0.4]})
    table = summarise(runs, ["focal.hires", "fill_rate"]).set_index("metric")
    assert list(table.index) == ["focal.hires", "fill_rate"]  # the order asked for
    absent = table.loc["focal.hires"]
    assert absent["n"] == 0
    assert all(math.isnan(absent[c]) for c in ("mean", "ci95_low", "ci95_high"))
    assert table.loc["fill_rate", "n"] == 2


def test_no_metrics_still_has_the_columns() -> None:
    table = summarise(pd.DataFrame({"seed": [1]}))
    assert table.empty and list(table.columns) == list(SUMMARY_COLUMNS)

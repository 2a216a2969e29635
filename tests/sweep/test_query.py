"""SQL over a sweep folder: the views, their columns, partial sweeps, and SQL errors (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sweep_helpers import comparable

from sim.cli import main
from sim.sweep.query import QueryError, connect, run_query
from sim.sweep.store import StoreError, SweepStore, load_sweep

ROOT = Path(__file__).resolve().parents[2]
PARAMS = ["market.demand_supply_ratio", "bigtech.pay_gap_mult"]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    """The tiny grid (4 points × 3 replications, 8-week market), run in this process."""
    from sweep_helpers import spec_text

    from sim.sweep import load_spec, run_sweep

    root = tmp_path_factory.mktemp("query")
    (root / "spec.toml").write_text(spec_text(), encoding="utf-8")
    run_sweep(load_spec(root / "spec.toml"), root / "out", workers=1, progress=False)
    return root / "out"


def test_runs_view_is_the_runs_table(sweep):
    got = run_query(sweep, "SELECT * FROM runs")
    want = load_sweep(sweep)
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(comparable(got), comparable(want), check_dtype=False)


def test_points_design_and_manifest_views(sweep):
    points = run_query(sweep, "SELECT * FROM points")
    assert list(points.columns[:5]) == ["point_id", *PARAMS, "runs", "runs_ok"]
    assert len(points) == 4 and points["runs"].tolist() == [3] * 4
    runs = load_sweep(sweep)
    means = runs.groupby("point_id")["fill_rate.startup"].mean().to_numpy()
    assert points["fill_rate.startup"].to_numpy() == pytest.approx(means)
    design = run_query(sweep, "SELECT * FROM design ORDER BY point_id")
    assert {"point_id", *PARAMS, "unit:bigtech.pay_gap_mult"} <= set(design.columns)
    manifest = run_query(sweep, "SELECT name, status, n_runs, counts.ok AS ok, "
                                "spec.replications AS reps FROM manifest")
    assert manifest.to_dict("records") == [
        {"name": "tiny_grid", "status": "complete", "n_runs": 12, "ok": 12, "reps": 3}]


def test_views_read_a_partial_sweep_from_its_chunks(sweep, tmp_path):
    """A sweep still running has only chunks; one that crashed mid-compaction has both."""
    store = SweepStore(sweep)
    frame = store.load()
    partial = SweepStore(tmp_path / "p")
    partial.prepare()
    partial.write_manifest(store.read_manifest())
    dtypes = {c: str(t) for c, t in frame.dtypes.items()}
    partial.write_chunk(frame.iloc[:5].to_dict("records"), dtypes)
    partial.write_chunk(frame.iloc[5:7].to_dict("records"), dtypes)
    assert run_query(partial.root, "SELECT count(*) AS n FROM runs")["n"].item() == 7
    assert len(run_query(partial.root, "SELECT * FROM design")) == 0  # no design.parquet
    frame.iloc[:3].to_parquet(partial.root / "runs.parquet")  # runs 0-2 twice now
    assert run_query(partial.root, "SELECT count(*) AS n FROM runs")["n"].item() == 7
    (tmp_path / "empty").mkdir()
    SweepStore(tmp_path / "empty").write_manifest(store.read_manifest())
    empty = run_query(tmp_path / "empty", "SELECT * FROM runs")
    assert empty.empty and "fill_rate.startup" in empty.columns


@pytest.mark.parametrize(("sql", "needle"), [
    ("SELEC 1", "Parser Error"),
    ("SELECT nope FROM runs", 'Referenced column "nope" not found'),
    ("SELECT * FROM nowhere", "nowhere does not exist"),
])
def test_sql_errors_are_query_errors(sweep, sql, needle):
    with pytest.raises(QueryError) as info:
        run_query(sweep, sql)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_not_a_sweep_folder(tmp_path):
    with pytest.raises(StoreError, match="not a sweep directory"):
        connect(tmp_path)


def test_cli_table_json_csv(sweep, capsys):
    sql = 'SELECT point_id, "fill_rate.startup" FROM points ORDER BY point_id'
    assert main(["query", str(sweep), sql]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split() == ["point_id", "fill_rate.startup"]
    assert text.rstrip().endswith("(4 rows)")
    assert main(["query", str(sweep), sql, "--json"]) == 0
    assert [r["point_id"] for r in json.loads(capsys.readouterr().out)] == [0, 1, 2, 3]
    assert main(["query", str(sweep), sql, "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "point_id,fill_rate.startup"


def test_cli_sql_error_exits_2_with_one_line(sweep, capsys):
    assert main(["query", str(sweep), "SELECT nope FROM runs"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hiresim: error: SQL: Binder Error")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_query_loads_no_plotting_library(sweep):
    code = ("import sys\nfrom sim.cli import main\n"
            f"assert main(['query', {str(sweep)!r}, 'SELECT count(*) FROM runs']) == 0\n"
            "print('BAD:' + ','.join(m for m in ('matplotlib', 'prim') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip().splitlines()[-1] == "BAD:"

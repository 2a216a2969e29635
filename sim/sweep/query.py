"""SQL over a sweep folder with DuckDB, without loading the runs into memory.

:func:`connect` opens an in-memory DuckDB database with four views over the folder's
files (the views read the files when a query runs, so a large store is scanned, not
loaded):

``runs``
    One row per recorded run, the table :func:`sim.sweep.store.load_sweep` returns:
    ``run_id, point_id, replication, seed``, one column per parameter, one per kept
    metric, ``status``, ``error``, ``elapsed_s``. It reads ``runs.parquet`` and the
    ``chunks/*.parquet`` of a sweep still running or interrupted.
``design``
    One row per design point: ``point_id``, the parameters and their unit-cube
    coordinates (``unit:<parameter>``).
``points``
    One row per design point with recorded runs: ``point_id``, the parameters, ``runs`` (recorded),
    ``runs_ok`` and each metric's mean over the point's successful runs.
``manifest``
    One row: the manifest's keys as columns (``name``, ``status``, ``sampler``,
    ``n_runs``, ``counts`` (a struct), ``spec`` (a struct), ...).

Column names hold dots, so quote them: ``SELECT "fill_rate.startup" FROM runs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.sweep.store import DESIGN, ID_COLUMNS, MANIFEST, TAIL_COLUMNS, SweepStore

VIEWS = ("runs", "design", "points", "manifest")


class QueryError(ValueError):
    """SQL that DuckDB refused (a syntax error, an unknown column or table): bad input."""


def connect(directory: str | Path) -> Any:
    """A DuckDB connection with the views ``runs``, ``design``, ``points``, ``manifest``.

    Raises:
        StoreError: the folder holds no sweep.

    """
    import duckdb

    store = SweepStore(directory)
    manifest = store.read_manifest()  # refuses a folder that is not a sweep
    params, metrics = list(manifest["parameters"]), list(manifest["metrics"])
    con = duckdb.connect(":memory:")
    con.execute(f"CREATE VIEW runs AS {_runs_sql(store, params, metrics)}")
    design = store.root / DESIGN
    if design.is_file():
        con.execute(f"CREATE VIEW design AS SELECT * FROM read_parquet({_lit(design)})")
    else:  # a sweep that crashed before writing its design: an empty, typed view
        con.execute("CREATE VIEW design AS SELECT point_id FROM runs WHERE false")
    means = ", ".join(f"avg({_q(m)}) FILTER (WHERE status = 'ok') AS {_q(m)}"
                      for m in metrics)
    firsts = "".join(f", first({_q(p)}) AS {_q(p)}" for p in params)
    con.execute(f"CREATE VIEW points AS SELECT point_id{firsts}, count(*) AS runs, "
                f"count(*) FILTER (WHERE status = 'ok') AS runs_ok"
                f"{', ' + means if means else ''} FROM runs GROUP BY point_id "
                "ORDER BY point_id")
    con.execute("CREATE VIEW manifest AS SELECT * FROM read_json_auto("
                f"{_lit(store.root / MANIFEST)}, maximum_object_size=1073741824)")
    return con


def run_query(directory: str | Path, sql: str) -> Any:
    """The result of ``sql`` over the sweep's views, as a pandas DataFrame.

    Raises:
        StoreError: the folder holds no sweep.
        QueryError: DuckDB refused the SQL (the message is its first line).

    """
    import duckdb

    con = connect(directory)
    try:
        result = con.sql(sql)  # None for a statement that returns nothing (SET, CREATE)
        return result.df() if result is not None else _empty()
    except duckdb.Error as err:
        raise QueryError(f"SQL: {_first_line(err)}") from None
    finally:
        con.close()


def _runs_sql(store: SweepStore, params: list[str], metrics: list[str]) -> str:
    """The ``runs`` view: the results files, deduplicated like :meth:`SweepStore.load`."""
    files = store.files()
    if not files:  # nothing recorded yet: the columns, no rows
        cols = [*ID_COLUMNS, *params, *metrics, *TAIL_COLUMNS]
        types = {"status": "VARCHAR", "error": "VARCHAR", "elapsed_s": "DOUBLE",
                 **dict.fromkeys(ID_COLUMNS, "BIGINT")}
        return "SELECT " + ", ".join(f"NULL::{types.get(c, 'DOUBLE')} AS {_q(c)}"
                                     for c in cols) + " WHERE false"
    scan = f"read_parquet([{', '.join(_lit(f) for f in files)}], union_by_name=true"
    if len(files) == 1 or not (store.root / "runs.parquet").is_file():
        return f"SELECT * FROM {scan}) ORDER BY run_id"
    # runs.parquet and chunks together only after a crash mid-compaction: keep the
    # first copy of each run, runs.parquet's, as load_sweep does
    return (f"SELECT * EXCLUDE (filename) FROM {scan}, filename=true) QUALIFY "
            "row_number() OVER (PARTITION BY run_id ORDER BY "
            "filename NOT LIKE '%/runs.parquet') = 1 ORDER BY run_id")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _first_line(err: BaseException) -> str:
    # DuckDB's message, plus its hint (e.g. "Candidate bindings: ...") but not the
    # echo of the query ("LINE 1: ..."), which the user just typed
    lines = [line.strip() for line in str(err).splitlines()
             if line.strip().strip("^") and not line.strip().startswith("LINE ")]
    return " ".join(lines[:2]) if lines else type(err).__name__


def _empty() -> Any:
    import pandas as pd

    return pd.DataFrame()

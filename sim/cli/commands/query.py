"""``hiresim query``: SQL (DuckDB) over a sweep folder's Parquet files.

The views are described in :mod:`sim.sweep.query`; DuckDB is imported only when the
command runs, so ``hiresim --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``query`` command."""
    p = subparsers.add_parser(
        "query", help="SQL over a sweep folder (DuckDB)",
        description="Run SQL (DuckDB) over a sweep folder, finished or not. Views: runs "
                    "(one row per run), design (one row per point), points (per-point "
                    "means of the metrics over successful runs), manifest (one row). "
                    "Quote dotted names: SELECT \"fill_rate.startup\" FROM runs. "
                    "See docs/sweeps.md, \"Query a sweep with SQL\".")
    p.add_argument("dir", metavar="DIR", help="sweep folder (from `hiresim sweep`)")
    p.add_argument("sql", metavar="SQL", help="the query, e.g. \"SELECT count(*) FROM runs\"")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the rows as a JSON list")
    fmt.add_argument("--csv", action="store_true", help="print the rows as CSV")
    p.set_defaults(func=cmd_query)


def cmd_query(args: argparse.Namespace) -> int:
    """Print the query's rows as a table, JSON or CSV."""
    from sim.sweep.query import run_query

    frame = run_query(args.dir, args.sql)
    if args.csv:
        frame.to_csv(sys.stdout, index=False)
    elif args.json:
        print(frame.to_json(orient="records", indent=2, force_ascii=False))
    elif frame.columns.empty:
        print("(no result)")
    else:
        print(frame.to_string(index=False, max_rows=None, max_colwidth=60))
        print(f"({len(frame)} row{'s' if len(frame) != 1 else ''})")
    return 0

"""The on-disk results of a sweep: a manifest, the design, and Parquet chunks of runs.

Layout of a sweep directory::

    .hiresim           marker: this folder was made by HireSim (kind "sweep")
    manifest.json      spec (resolved), spec hash, version, seed, counts, times, status
    design.parquet     one row per point: point_id, parameters, unit-cube coordinates
    chunks/*.parquet   one file per finished batch, one row per run (while running)
    runs.parquet       every run, sorted by run_id (written when the sweep completes)

Every file is written to a uniquely named ``.NAME.<random>.tmp`` beside it and then
renamed with :func:`os.replace`, so a crash leaves either the old file or the new one,
never half of one. A sweep writes only while it holds the folder's lock
(:mod:`sim.sweep.outdir`), so leftover temporary files can be cleared safely.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from sim.sweep.outdir import StoreError, atomic_write, atomic_write_bytes, clear_temp_files

MANIFEST = "manifest.json"
DESIGN = "design.parquet"
RUNS = "runs.parquet"
CHUNKS = "chunks"
ID_COLUMNS = ("run_id", "point_id", "replication", "seed")
TAIL_COLUMNS = ("status", "error", "elapsed_s")
TIMING_COLUMNS = ("elapsed_s",)
"""Columns that differ between identical sweeps (wall-clock); ignore them when comparing."""

__all__ = ["StoreError", "SweepStore", "load_sweep"]


class SweepStore:
    """Reads and writes one sweep directory."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.chunks = self.root / CHUNKS

    # ---- state --------------------------------------------------------------------
    def is_empty(self) -> bool:
        """True if the directory does not exist or holds nothing (not even a marker)."""
        return not self.root.exists() or not any(self.root.iterdir())

    def has_manifest(self) -> bool:
        """True if a sweep was started here."""
        return (self.root / MANIFEST).is_file()

    def read_manifest(self) -> dict[str, Any]:
        """The manifest as a dict."""
        path = self.root / MANIFEST
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreError(f"{self.root}: not a sweep directory (no {MANIFEST})") from None
        except (OSError, json.JSONDecodeError) as err:
            raise StoreError(f"{path}: unreadable manifest ({err})") from None

    # ---- writing ------------------------------------------------------------------
    def prepare(self) -> None:
        """Create the directory and clear leftovers of interrupted writes.

        Call only while holding the folder's lock: another writer's temporary files
        would otherwise be removed under it.
        """
        self.chunks.mkdir(parents=True, exist_ok=True)
        clear_temp_files(self.root)
        clear_temp_files(self.chunks)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Replace the manifest atomically."""
        text = json.dumps(_jsonable(manifest), indent=2, sort_keys=False)
        atomic_write_bytes(self.root / MANIFEST, text.encode("utf-8"))

    def write_design(self, points: Any) -> None:
        """Save the design points (point_id, parameters, unit coordinates)."""
        _atomic_parquet(points, self.root / DESIGN)

    def write_chunk(self, rows: list[dict[str, Any]], dtypes: dict[str, str]) -> Path:
        """Write one batch's rows as a new chunk file, atomically."""
        import pandas as pd

        frame = pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
        frame = frame.sort_values("run_id", kind="stable").reset_index(drop=True)
        first = int(frame["run_id"].iloc[0])
        path = self.chunks / f"chunk-{first:010d}-{len(frame):05d}.parquet"
        _atomic_parquet(frame, path)
        return path

    def compact(self) -> None:
        """Merge every chunk into ``runs.parquet`` and remove the chunks."""
        frame = self.load()
        _atomic_parquet(frame, self.root / RUNS)
        for chunk in self.chunks.glob("*.parquet"):
            chunk.unlink()

    # ---- reading ------------------------------------------------------------------
    def files(self) -> list[Path]:
        """Every results file: ``runs.parquet`` (if any) then the chunks."""
        runs = self.root / RUNS
        return ([runs] if runs.is_file() else []) + sorted(self.chunks.glob("*.parquet"))

    def finished_run_ids(self) -> set[int]:
        """run_ids already recorded (ok or error)."""
        import pyarrow.parquet as pq

        done: set[int] = set()
        for path in self.files():
            done.update(pq.read_table(path, columns=["run_id"]).column(0).to_pylist())
        return done

    def load(self) -> Any:
        """Every recorded run as one DataFrame, sorted by run_id (duplicates dropped)."""
        import pandas as pd

        files = self.files()
        if not files:
            return pd.DataFrame(columns=[*ID_COLUMNS, *TAIL_COLUMNS])
        frame = pd.concat([pd.read_parquet(p) for p in files], ignore_index=True)
        frame = frame.drop_duplicates("run_id", keep="first")
        return frame.sort_values("run_id", kind="stable").reset_index(drop=True)

    def load_design(self) -> Any:
        """The design points saved when the sweep started."""
        import pandas as pd

        path = self.root / DESIGN
        if not path.is_file():
            raise StoreError(f"{self.root}: no {DESIGN}")
        return pd.read_parquet(path)


def load_sweep(directory: str | Path) -> Any:
    """All runs of a sweep directory as a pandas DataFrame, sorted by run_id.

    Columns: ``run_id, point_id, replication, seed``, one per parameter, one per
    kept metric, ``status`` ("ok"/"error"), ``error`` (message or ""), ``elapsed_s``.
    Works on a sweep still running or interrupted (it reads the finished chunks).

    Raises:
        StoreError: if the directory holds no sweep.

    """
    store = SweepStore(directory)
    store.read_manifest()
    return store.load()


def _atomic_parquet(frame: Any, path: Path) -> None:
    atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False, engine="pyarrow"))


def _jsonable(value: Any) -> Any:
    """NaN/inf → None, tuples → lists, Paths → str, recursively."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        return str(value)
    return value

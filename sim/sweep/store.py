"""The on-disk results of a sweep: a manifest, the design, and Parquet chunks of runs.

Layout of a sweep directory::

    .hiresim           marker: this folder was made by HireSim (kind "sweep")
    manifest.json      spec (resolved), spec hash, version, seed, counts, times, status
    design.parquet     one row per point: point_id, parameters, unit-cube coordinates
    chunks/*.parquet   one file per finished batch, one row per run (while running)
    runs.parquet       every run, sorted by run_id (written when the sweep completes)
    dask.log           what Dask logged while the sweep ran on a cluster (if anything)
    quarantine/        unreadable files moved aside by ``--resume --repair``

Every file is written to a uniquely named ``.NAME.<random>.tmp`` beside it and then
renamed with :func:`os.replace`, so a crash leaves either the old file or the new one,
never half of one. A sweep writes only while it holds the folder's lock
(:mod:`sim.sweep.outdir`), so leftover temporary files can be cleared safely.
"""

from __future__ import annotations

import errno
import json
import math
import re
from pathlib import Path
from typing import Any

from sim.sweep.outdir import StoreError, atomic_write, atomic_write_bytes, clear_temp_files

MANIFEST = "manifest.json"
DESIGN = "design.parquet"
RUNS = "runs.parquet"
DASK_LOG = "dask.log"
QUARANTINE = "quarantine"
CHUNKS = "chunks"
ID_COLUMNS = ("run_id", "point_id", "replication", "seed")
TAIL_COLUMNS = ("status", "error", "elapsed_s")
TIMING_COLUMNS = ("elapsed_s",)
"""Columns that differ between identical sweeps (wall-clock); ignore them when comparing."""

REPAIR_COMMAND = "hiresim sweep {spec} --out {root} --resume --repair"
"""What to run when a sweep's files are damaged (:mod:`sim.sweep.repair`)."""

__all__ = ["StoreError", "SweepStore", "UnreadableFileError", "load_sweep"]


class UnreadableFileError(StoreError):
    """A file of a sweep that cannot be read: truncated, corrupt, or not Parquet/JSON.

    Attributes:
        path: The damaged file.
        reason: What the reader said, shortened to one line.

    """

    def __init__(self, path: Path, err: BaseException, store: SweepStore) -> None:
        self.path, self.reason = path, _reason(err)
        what = ("rebuild it from the spec" if path.name in (MANIFEST, DESIGN)
                else "move it aside and run its runs again")
        super().__init__(f"{path}: unreadable ({self.reason}); to {what}: "
                         f"{store.repair_command()}")


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
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise UnreadableFileError(path, err, self) from None
        except OSError as err:
            raise StoreError(f"{path}: unreadable manifest ({err})") from None

    def repair_command(self) -> str:
        """The command that repairs this folder, naming its spec file when the manifest can."""
        try:
            spec = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))["spec_file"]
        except (OSError, ValueError, TypeError, KeyError):
            spec = None
        return REPAIR_COMMAND.format(spec=spec if isinstance(spec, str) else "SPEC",
                                     root=self.root)

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
        """run_ids already recorded (ok or error).

        Every file is read whole, so a damaged one is found before more runs are added.

        Raises:
            UnreadableFileError: a results file is truncated or corrupt.

        """
        return {int(i) for i in self.load()["run_id"]}

    def read_parquet(self, path: Path) -> Any:
        """One Parquet file of this sweep as a DataFrame.

        Raises:
            UnreadableFileError: the file is truncated or corrupt (pyarrow cannot decode
                it); other ``OSError`` (permission, missing file) propagate unchanged.

        """
        import pandas as pd
        import pyarrow as pa

        try:
            return pd.read_parquet(path)
        except (pa.ArrowException, OSError) as err:
            # pyarrow reports a corrupt page as a bare OSError (no errno); one with an
            # errno other than EIO is the environment (permissions, a vanished file).
            if isinstance(err, OSError) and err.errno not in (None, errno.EIO):
                raise
            raise UnreadableFileError(path, err, self) from None

    def load(self) -> Any:
        """Every recorded run as one DataFrame, sorted by run_id (duplicates dropped).

        Raises:
            UnreadableFileError: a results file is truncated or corrupt.

        """
        import pandas as pd

        files = self.files()
        if not files:
            return pd.DataFrame(columns=[*ID_COLUMNS, *TAIL_COLUMNS])
        frame = pd.concat([self.read_parquet(p) for p in files], ignore_index=True)
        frame = frame.drop_duplicates("run_id", keep="first")
        return frame.sort_values("run_id", kind="stable").reset_index(drop=True)

    def load_design(self) -> Any:
        """The design points saved when the sweep started."""
        path = self.root / DESIGN
        if not path.is_file():
            raise StoreError(f"{self.root}: no {DESIGN}; to rebuild it from the spec: "
                             + self.repair_command())
        return self.read_parquet(path)


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


def _reason(err: BaseException) -> str:
    """A reader's error on one line, without pyarrow's restatement of the path and advice."""
    text = " ".join(str(err).split())
    text = re.sub(r"^Could not open Parquet input source '[^']*': ", "", text)
    return text.split(". ")[0].rstrip(".")


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

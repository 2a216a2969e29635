"""Repairing a damaged sweep folder, and explaining one that cannot be read as it is.

``hiresim sweep SPEC --out DIR --resume --repair`` calls :func:`repair_sweep` under the
folder's lock before resuming. Every file is checked against what ``SPEC`` says the
sweep is (its design points, run ids and seeds are a pure function of the spec):

* a results file (``runs.parquet``, ``chunks/*.parquet``) that cannot be read, or whose
  rows do not belong to this sweep, is moved to ``DIR/quarantine/`` (with the reason in
  ``quarantine/reasons.txt``); its runs are then missing, so the resume runs them again
  and, runs being deterministic, the table ends as an uninterrupted sweep's would;
* a truncated or unreadable ``manifest.json`` is quarantined too and rebuilt from
  ``SPEC``, after checking that the design and the readable results match ``SPEC``
  (otherwise the folder belongs to another spec, and the repair stops);
* a missing or unreadable ``design.parquet`` is rebuilt from ``SPEC``.

Nothing is deleted. The manifest lists each repair under ``repairs``.

:func:`recorded_runs` is what readers (``hiresim analyze``) use instead of
:meth:`SweepStore.load`: a sweep marked complete whose ``runs.parquet`` is gone is
rebuilt from its chunks when they hold every run, and otherwise refused with the
command that brings the table back.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from sim.sweep.outdir import StoreError, output_lock, read_marker
from sim.sweep.runner import SweepError, new_manifest
from sim.sweep.spec import SweepSpec
from sim.sweep.store import (
    CHUNKS,
    DESIGN,
    ID_COLUMNS,
    MANIFEST,
    QUARANTINE,
    RUNS,
    SweepStore,
    UnreadableFileError,
)

REASONS = "reasons.txt"
"""File in ``quarantine/`` that says why each file was moved there."""


def repair_sweep(store: SweepStore, spec: SweepSpec) -> list[str]:
    """Quarantine damaged files of ``store`` and rebuild its manifest or design from ``spec``.

    Call while holding the folder's lock. The caller then resumes the sweep.

    Args:
        store: The sweep folder.
        spec: The spec the sweep was started with.

    Returns:
        One line per action taken ("nothing to repair" if none).

    Raises:
        SweepError: the folder holds another kind of output, or (when the manifest must
            be rebuilt) its design or results do not come from ``spec``.

    """
    from sim.sweep.design import build_design, run_table

    if not _holds_a_sweep(store):
        return [f"nothing to repair: {store.root} holds no sweep yet"]
    store.prepare()
    points = build_design(spec, unit=True)
    manifest = _readable_manifest(store)
    if manifest is not None and manifest.get("spec_hash") != spec.spec_hash:
        return []  # another spec: the resume refuses it with the usual message
    rebuild = manifest is None
    actions: list[str] = []
    _repair_design(store, points, rebuild, actions)
    expected = run_table(spec, points).set_index("run_id")
    for path in store.files():
        try:
            problem = _foreign_rows(store.read_parquet(path), expected, spec)
        except UnreadableFileError as err:
            problem = f"unreadable: {err.reason}"
        else:
            if problem and rebuild:
                raise SweepError(f"{path}: {problem}; this sweep was not started with "
                                 f"{spec.path or 'this spec'}: give the spec it was started "
                                 "with")
        if problem:
            moved = _quarantine(store, path, problem)
            actions.append(f"moved {path.relative_to(store.root)} to {moved} ({problem}); "
                           "its runs will be run again")
    if rebuild:
        if (store.root / MANIFEST).exists():
            _quarantine(store, store.root / MANIFEST, "unreadable manifest")
        manifest = _rebuilt_manifest(store, spec, points)
        actions.append(f"rebuilt {MANIFEST} from {spec.path or 'the spec'}")
    if not actions:
        return [f"nothing to repair: every file of {store.root} is readable and matches "
                "the spec"]
    assert manifest is not None
    manifest.setdefault("repairs", []).append({"at": _now(), "actions": actions})
    store.write_manifest(manifest)
    return actions


def recorded_runs(store: SweepStore, manifest: dict[str, Any]) -> Any:
    """Every recorded run, for a reader; a complete sweep's lost table is rebuilt or explained.

    Args:
        store: The sweep folder.
        manifest: Its manifest.

    Returns:
        The runs, as :meth:`SweepStore.load` returns them.

    Raises:
        StoreError: the sweep is marked complete but runs are missing from disk (the
            message gives the command that runs them again), or a file is unreadable.

    """
    frame = store.load()
    n_runs = int(manifest.get("n_runs", 0))
    if manifest.get("status") != "complete" or (store.root / RUNS).is_file():
        return frame
    if len(frame) < n_runs:
        spec = manifest.get("spec_file") or "SPEC"
        raise StoreError(f"{store.root}: the sweep is marked complete but {RUNS} is missing "
                         f"and only {len(frame)} of {n_runs} runs are on disk; run them "
                         f"again with `hiresim sweep {spec} --out {store.root} --resume` "
                         "(runs are deterministic: the same table comes back)")
    try:  # every run is in the chunks (compaction was cut short): finish it, if free
        with output_lock(store.root, "analyze"):
            store.compact()
        print(f"note: rebuilt {store.root / RUNS} from its chunks", file=sys.stderr)
    except (StoreError, OSError):  # a writer holds the folder, or it is read-only
        pass
    return frame


# ---- the parts ------------------------------------------------------------------------
def _holds_a_sweep(store: SweepStore) -> bool:
    marker = read_marker(store.root)
    if marker is not None and marker.get("kind") != "sweep":
        raise SweepError(f"{store.root}: holds HireSim {marker.get('kind')} output, "
                         "not a sweep; nothing to repair")
    names = (MANIFEST, DESIGN, RUNS, CHUNKS)
    return marker is not None or any((store.root / n).exists() for n in names)


def _readable_manifest(store: SweepStore) -> dict[str, Any] | None:
    """The manifest, or None when it is missing, unreadable or lacks its core fields."""
    if not store.has_manifest():
        return None
    try:
        manifest = store.read_manifest()
    except UnreadableFileError:
        return None
    needed = ("spec_hash", "n_runs", "parameters", "metrics", "spec")
    return manifest if isinstance(manifest, dict) and all(k in manifest for k in needed) \
        else None


def _repair_design(store: SweepStore, points: Any, rebuild: bool, actions: list[str]) -> None:
    path = store.root / DESIGN
    problem = "missing"
    if path.is_file():
        try:
            saved = store.read_parquet(path)
        except UnreadableFileError as err:
            problem = f"unreadable: {err.reason}"
        else:
            if _same_design(saved, points):
                return
            if rebuild:
                raise SweepError(f"{path}: its design points differ from the spec's; this "
                                 "sweep was not started with this spec: give the spec it "
                                 "was started with")
            problem = "its design points differ from the spec's"
        _quarantine(store, path, problem)
    store.write_design(points)
    actions.append(f"rebuilt {DESIGN} from the spec ({problem})")


def _same_design(saved: Any, points: Any) -> bool:
    import numpy as np

    if list(saved.columns) != list(points.columns) or len(saved) != len(points):
        return False
    return all(np.allclose(saved[c].to_numpy(dtype=float), points[c].to_numpy(dtype=float),
                           rtol=1e-12, atol=0.0, equal_nan=True) for c in points.columns)


def _foreign_rows(frame: Any, expected: Any, spec: SweepSpec) -> str | None:
    """Why ``frame``'s rows are not runs of this sweep, or None when they are."""
    needed = [*ID_COLUMNS, "status", *spec.param_names, *spec.metrics]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        return f"no column {missing[0]!r}"
    ids = frame["run_id"]
    if len(frame) and (ids.min() < 0 or ids.max() >= len(expected)):
        return f"run_id {int(ids.max() if ids.max() >= len(expected) else ids.min())} " \
               "is not a run of this sweep"
    want = expected.loc[ids.to_numpy()]
    for column in ("point_id", "seed"):
        if (frame[column].to_numpy() != want[column].to_numpy()).any():
            return f"its {column}s differ from this sweep's"
    return None


def _quarantine(store: SweepStore, path: Path, reason: str) -> str:
    """Move ``path`` into ``quarantine/`` (never over another file); return where, relative."""
    folder = store.root / QUARANTINE
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    n = 1
    while target.exists():
        target = folder / f"{path.name}.{n}"
        n += 1
    os.replace(path, target)
    with open(folder / REASONS, "a", encoding="utf-8") as fh:
        fh.write(f"{_now()}  {path.relative_to(store.root)} -> {target.name}: {reason}\n")
    return str(target.relative_to(store.root))


def _rebuilt_manifest(store: SweepStore, spec: SweepSpec, points: Any) -> dict[str, Any]:
    manifest = new_manifest(spec, points)
    marker = read_marker(store.root) or {}
    manifest.update(started=marker.get("created"), status="interrupted",
                    reason="manifest rebuilt by --repair")
    return manifest


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

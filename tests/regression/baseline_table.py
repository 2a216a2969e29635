"""The regression baseline: key metrics of every preset at fixed seeds, in a small market.

Shared by ``tests/regression/test_baseline.py`` (which recomputes the table and compares
it with the stored one) and ``scripts/regenerate_baseline.py`` (which rewrites it
deliberately). The engine is deterministic per seed, so a fresh computation must
reproduce the stored values to ``RELATIVE_TOLERANCE``; any larger change means the
engine's behaviour changed.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from sim.experiments.runs import replication_seeds, run_metrics
from sim.experiments.scenarios import list_presets, load_scenario
from sim.outputs.registry import metric_names

ROOT = Path(__file__).resolve().parents[2]
TABLE_PATH = ROOT / "tests" / "data" / "baseline_metrics.csv"
COLUMNS = ("scenario", "seed", "metric", "value")

SMALL = {
    "market.weeks": 52,
    "candidates.n_ml": 600,
    "startups.n": 60,
    "bigtech.n_bigtech": 3,
    "bigtech.n_labs": 2,
}
"""Overrides that keep each run to a fraction of a second (presets keep their own levers)."""

BASE_SEED = 0
REPLICATIONS = 3
RELATIVE_TOLERANCE = 1e-9
REGENERATE_HINT = (
    "If the engine changed on purpose, regenerate the baseline deliberately with "
    "`make baseline` (or `.venv/bin/python scripts/regenerate_baseline.py`), read the diff "
    "summary it prints, and commit tests/data/baseline_metrics.csv with a message saying "
    "why the numbers moved."
)

Table = dict[tuple[str, int, str], float]


def presets() -> list[str]:
    """Names of the shipped presets, sorted."""
    return sorted(name for name, _ in list_presets())


def seeds() -> list[int]:
    """The fixed seeds of every preset."""
    return replication_seeds(BASE_SEED, REPLICATIONS)


def compute_preset(name: str) -> Table:
    """Every non-focal registered metric of one preset at each seed."""
    cfg = load_scenario(name, SMALL).config
    names = metric_names(focal=False)
    out: Table = {}
    for seed in seeds():
        metrics = run_metrics(cfg, seed)
        for metric in names:
            if metric in metrics:
                out[(name, seed, metric)] = float(metrics[metric])
    return out


def compute_table(names: list[str] | None = None) -> Table:
    """The baseline table of the given presets (default: all shipped presets)."""
    table: Table = {}
    for name in names or presets():
        table.update(compute_preset(name))
    return table


def write_table(table: Table, path: Path = TABLE_PATH) -> None:
    """Write the table as CSV; floats as ``repr`` so they read back exactly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for (scenario, seed, metric), value in sorted(table.items()):
            writer.writerow([scenario, seed, metric, repr(value)])


def read_table(path: Path = TABLE_PATH) -> Table:
    """Read a table written by :func:`write_table`."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {(r["scenario"], int(r["seed"]), r["metric"]): float(r["value"]) for r in rows}


def same(a: float, b: float) -> bool:
    """Equal to ``RELATIVE_TOLERANCE`` (NaN equals NaN: an undefined metric stays so)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)


def differences(old: Table, new: Table) -> tuple[list, list, list]:
    """(changed, only in old, only in new): changed rows are (key, old, new)."""
    changed = [(k, old[k], new[k]) for k in sorted(old.keys() & new.keys())
               if not same(old[k], new[k])]
    return changed, sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())


def summary(old: Table, new: Table, limit: int = 15) -> str:
    """A human-readable summary of how ``new`` differs from ``old``."""
    changed, removed, added = differences(old, new)
    lines = [f"{len(changed)} values changed, {len(removed)} rows removed, "
             f"{len(added)} rows added (of {len(new)} rows)."]

    def rel(row: tuple) -> float:
        _, a, b = row
        if math.isnan(a) or math.isnan(b):
            return math.inf
        return abs(b - a) / max(abs(a), 1e-12)

    for (scenario, seed, metric), a, b in sorted(changed, key=rel, reverse=True)[:limit]:
        lines.append(f"  {scenario} seed {seed} {metric}: {a!r} -> {b!r}")
    if len(changed) > limit:
        lines.append(f"  ... and {len(changed) - limit} more")
    for key in removed[:limit]:
        lines.append(f"  removed: {key}")
    for key in added[:limit]:
        lines.append(f"  added: {key}")
    return "\n".join(lines)

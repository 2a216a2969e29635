"""Named, independent random streams derived from one seed (no global random state).

Each weekly process draws from its own stream, as Starsim does, so that adding draws
to one process does not shift the numbers another sees; this keeps comparisons on
common random numbers (CRN) tight.
"""

from __future__ import annotations

import zlib

import numpy as np

STREAMS: tuple[str, ...] = (
    "population",
    "firms",
    "flow",
    "requisitions",
    "applications",
    "screening",
    "offers",
    "decisions",
    "funding",
    "shocks",
    "responses",
    "pricing",  # M15 counter-offers: drawn from only while they are switched on
    "ratio",  # M1: big tech's backfills and the seekers who join a loose market
)


def make_streams(seed: int) -> dict[str, np.random.Generator]:
    """Return one ``numpy.random.Generator`` per name in :data:`STREAMS`.

    Streams are keyed by a hash of their name rather than their position, so adding a
    stream later leaves the others' numbers unchanged.

    Args:
        seed: The run's integer seed (≥ 0).

    """
    if seed < 0:
        raise ValueError(f"seed: must be ≥ 0 (got {seed})")
    return {
        name: np.random.Generator(
            np.random.PCG64(np.random.SeedSequence([seed, zlib.crc32(name.encode())]))
        )
        for name in STREAMS
    }


def derive_seed(base_seed: int, index: int) -> int:
    """A run seed derived from a base seed and a run index (for replications and sweeps).

    The ``index``-th child of the base seed's ``SeedSequence`` (its spawn key), drawn as
    63 bits: a seed fits a signed 64-bit column (Parquet, DuckDB, pandas), and a
    collision among a million replications has odds of about 1 in 10⁷ (32-bit seeds
    repeated within 3,000).
    """
    child = np.random.SeedSequence(base_seed, spawn_key=(index,))
    return int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def normalised(weights: tuple[float, ...]) -> np.ndarray:
    """Shares that need not sum to one (config vectors) → probabilities for ``choice``."""
    arr = np.asarray(weights, dtype=float)
    return arr / arr.sum()

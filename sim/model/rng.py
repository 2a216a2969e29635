"""Seeds and the streams that build the market (no global random state).

- :func:`make_streams`: named ``numpy`` streams for building the market (the
  population and the firms), drawn once, in order, before the first week. Every draw
  in a week is keyed instead (:mod:`sim.model.keyed_draws`).
- :func:`derive_seed`: the seeds of replications and sweep runs from a base seed.
"""

from __future__ import annotations

import zlib

import numpy as np

STREAMS: tuple[str, ...] = ("population", "firms")
"""Streams that build the market before its first week (weekly draws are keyed)."""


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

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
    "pricing",  # M15 counter-offers: drawn from only when they are switched on
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
    """A run seed derived from a base seed and a run index (for replications and sweeps)."""
    ss = np.random.SeedSequence([base_seed, index])
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def normalised(weights: tuple[float, ...]) -> np.ndarray:
    """Shares that need not sum to one (config vectors) → probabilities for ``choice``."""
    arr = np.asarray(weights, dtype=float)
    return arr / arr.sum()

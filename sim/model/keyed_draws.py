"""Keyed draws: every random number in a week as a function of (seed, purpose, week, entity).

As in Starsim's common-random-number streams, a candidate's draw for a purpose in a week
is the same whoever else draws that week, so one agent's choices (a founder's levers)
change other agents' luck only through the market itself, never by shifting where their
numbers fall in a stream. A uniform is SplitMix64's finaliser of the key; other
distributions are inverse transforms of one uniform (:mod:`sim.model.count_quantiles`
for counts).
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy.special import ndtri

from sim.model.count_quantiles import binomial_quantile, poisson_quantile, scalar_quantile

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15  # 2^64 / golden ratio, odd: multiplying by it is a bijection
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # SplitMix64's finaliser (Steele et al. 2014)
_UNIT = 1.0 / 9007199254740992.0  # 2^-53


def _mix_int(z: int) -> int:
    """SplitMix64's finaliser on one Python integer (64-bit wrap-around)."""
    z &= _MASK
    z = ((z ^ (z >> 30)) * _M1) & _MASK
    z = ((z ^ (z >> 27)) * _M2) & _MASK
    return z ^ (z >> 31)


_U64 = {name: np.array(v, dtype=np.uint64) for name, v in (
    ("golden", _GOLDEN), ("m1", _M1), ("m2", _M2), ("s30", 30), ("s27", 27), ("s31", 31),
    ("s11", 11), ("one", 1))}
"""The constants as 0-d ``uint64`` arrays. A ufunc converts a numpy scalar operand (and
a Python integer) anew on every call; a 0-d array it takes as is: ~0.2 µs less per
operation, about a sixth of a uniform's cost on a few hundred keys."""
_UNIT_0D = np.array(_UNIT)


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, in place on a ``uint64`` array (wraps modulo 2^64)."""
    k = _U64
    t = z >> k["s30"]
    z ^= t
    z *= k["m1"]
    np.right_shift(z, k["s27"], out=t)
    z ^= t
    z *= k["m2"]
    np.right_shift(z, k["s31"], out=t)
    z ^= t
    return z


class KeyedDraws:
    """Random numbers keyed by (run seed, purpose, week, entity): counter-based, stateless.

    A uniform is SplitMix64's finaliser of a key built from the run's seed, the purpose
    (a name such as ``"screen.read"``), the week (:meth:`at_week`) and one or two
    integer entity keys (a candidate, a seat's :func:`seat_key`, a process's
    ``draw_key``). Other distributions are inverse transforms of one uniform, so a
    change in a parameter moves an outcome only when the uniform falls near its
    boundary (a monotone coupling), and an entity's number never depends on which or
    how many other entities draw.

    ``drawn`` counts the values drawn per purpose (tests read it to check that a
    mechanism switched off draws nothing).

    Args:
        seed: The run's integer seed (≥ 0).

    """

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"seed: must be ≥ 0 (got {seed})")
        self._seed = _mix_int(seed * _GOLDEN + 1)
        self._week_term = 0
        self._purposes: dict[str, int] = {}
        # This week's offset per purpose as a 0-d uint64 array: a phase draws ~35 times
        # a week, and building the offset from Python integers costs more than the mixing.
        self._offsets: dict[str, np.ndarray] = {}
        self.drawn: dict[str, int] = {}

    def at_week(self, week: int) -> None:
        """Key the next draws by ``week`` (the market calls this as each week starts)."""
        self._week_term = _mix_int(week + 0x5851F42D4C957F2D)
        self._offsets = {}

    def _base(self, purpose: str) -> int:
        """The offset of (seed, purpose, week): the keys' hash input is key × φ + offset."""
        stem = self._purposes.get(purpose)
        if stem is None:
            stem = self._purposes[purpose] = _mix_int(self._seed ^ _mix_int(
                zlib.crc32(purpose.encode()) * _GOLDEN))
        return (stem ^ self._week_term) & _MASK

    def uniform(self, purpose: str, key: np.ndarray, key2: np.ndarray | None = None,
                ) -> np.ndarray:
        """Uniforms in (0, 1), one per entity: a pure function of seed, purpose, week, key.

        Args:
            purpose: What the draw is for; each purpose is its own sequence.
            key: Non-negative integer entity keys (candidates, seats, processes).
            key2: An optional second key per entity (for example, the n-th draw).

        """
        # key × φ + offset: consecutive keys → well-spread states (SplitMix64's increment).
        if key2 is not None:
            z = pair_draw_key(key, key2)
            z *= _U64["golden"]
        else:
            z = _times_golden(key)
        offset = self._offsets.get(purpose)
        if offset is None:
            offset = self._offsets[purpose] = np.array(self._base(purpose), dtype=np.uint64)
        z += offset
        _mix(z)
        self.drawn[purpose] = self.drawn.get(purpose, 0) + len(z)
        # The top 53 bits with the lowest set: in (0, 1), never 0 or 1 (logs are safe).
        z >>= _U64["s11"]
        z |= _U64["one"]
        return np.multiply(z, _UNIT_0D)

    def normal(self, purpose: str, key: np.ndarray, key2: np.ndarray | None = None,
               ) -> np.ndarray:
        """Standard normals, by the inverse of the normal CDF."""
        return ndtri(self.uniform(purpose, key, key2))

    def logistic(self, purpose: str, scale: float, key: np.ndarray) -> np.ndarray:
        """Logistic draws with location 0 and this scale."""
        u = self.uniform(purpose, key)
        return scale * np.log(u / (1.0 - u))

    def geometric(self, purpose: str, p: float, key: np.ndarray) -> np.ndarray:
        """Trials to the first success (≥ 1) with success chance ``p`` (0 < p ≤ 1)."""
        u = self.uniform(purpose, key)
        if p >= 1.0:
            return np.ones(len(u), dtype=np.int64)
        return np.maximum(np.ceil(np.log(u) / np.log1p(-p)), 1).astype(np.int64)

    def binomial(self, purpose: str, n: np.ndarray, p: np.ndarray, key: np.ndarray,
                 ) -> np.ndarray:
        """Binomial(n, p) counts, one per entity, by inverting the CDF term by term.

        Args:
            purpose: What the draw is for.
            n: Trials per entity (an array as long as ``key``).
            p: Success chance per entity, in [0, 1].
            key: Entity keys.

        """
        return binomial_quantile(self.uniform(purpose, key), n, p)

    def poisson(self, purpose: str, lam: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Poisson(lam) counts, one per entity, by inverting the CDF term by term."""
        return poisson_quantile(self.uniform(purpose, key), lam)

    def count(self, purpose: str, dist: str, *params: float) -> int:
        """One market-level count this week (``"poisson"``: λ; ``"binomial"``: n, p).

        For numbers about no one entity, such as how many people enter the market: keyed
        by (seed, purpose, week) alone, and inverted in plain Python (one number). The
        uniform is :meth:`uniform`'s for key 0, computed on Python integers (a third of
        the array version's cost on one key): the same bits, and the same float, since
        a 53-bit integer times 2^-53 is exact either way.
        """
        self.drawn[purpose] = self.drawn.get(purpose, 0) + 1
        z = _mix_int(self._base(purpose))  # key 0: 0 × φ + offset
        return scalar_quantile(((z >> 11) | 1) * _UNIT, dist, *params)


def seat_key(firm: np.ndarray, nth: np.ndarray) -> np.ndarray:
    """A seat's draw key: its firm and how many seats that firm opened before it.

    Row numbers in the requisition table shift when any firm opens one seat more or
    less; (firm, n-th seat) does not.
    """
    return (np.asarray(firm).astype(np.int64) << 24) | np.asarray(nth).astype(np.int64)


def _times_golden(key: np.ndarray) -> np.ndarray:
    """``key × φ`` as a new ``uint64`` array (modulo 2^64), keys read as ``uint64``.

    A 64-bit integer array is reinterpreted in place of the cast (the same bits for
    keys ≥ 0; a cast inside the multiply costs ~0.3 µs more a call); other integer
    types and lists are cast.
    """
    if isinstance(key, np.ndarray) and key.dtype.itemsize == 8 and key.dtype.kind in "iu":
        return key.view(np.uint64) * _U64["golden"]
    return np.multiply(key, _U64["golden"], dtype=np.uint64, casting="unsafe")


def pair_draw_key(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One draw key per pair of entity keys, such as a (candidate, seat) process."""
    z = _times_golden(a)
    z ^= np.asarray(b).astype(np.uint64, copy=False)
    return _mix(z)

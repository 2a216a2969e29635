"""Randomness derived from one seed (no global random state).

Two kinds, both keyed by purpose so that adding draws for one purpose never shifts the
numbers another sees:

- :func:`make_streams`: named ``numpy`` streams for building the market (the
  population and the firms), drawn once, in order, before the first week.
- :class:`KeyedDraws`: every draw in a week. A draw is a pure function of
  (run seed, purpose, week, entity), as in Starsim's common-random-number streams: a
  candidate's draw for a purpose in a week is the same whoever else draws that week,
  so one agent's choices (a founder's levers) change other agents' luck only through
  the market itself, never by shifting where their numbers fall in a stream.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
from scipy.special import ndtri

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


_U64 = {name: np.uint64(v) for name, v in (("golden", _GOLDEN), ("m1", _M1), ("m2", _M2),
                                             ("s30", 30), ("s27", 27), ("s31", 31),
                                             ("s11", 11), ("one", 1))}
"""The constants as ``uint64`` scalars: no conversion from Python integers per call."""


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
        self.week = 0
        self._week_term = 0
        self._purposes: dict[str, int] = {}
        # This week's offset per purpose as a uint64 scalar: a phase draws ~35 times a
        # week, and building the offset from Python integers costs more than the mixing.
        self._offsets: dict[str, np.uint64] = {}
        self.drawn: dict[str, int] = {}

    def at_week(self, week: int) -> None:
        """Key the next draws by ``week`` (the market calls this as each week starts)."""
        self.week = week
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
            z = np.multiply(key, _U64["golden"], dtype=np.uint64, casting="unsafe")
        offset = self._offsets.get(purpose)
        if offset is None:
            offset = self._offsets[purpose] = np.uint64(self._base(purpose))
        z += offset
        _mix(z)
        self.drawn[purpose] = self.drawn.get(purpose, 0) + len(z)
        # The top 53 bits with the lowest set: in (0, 1), never 0 or 1 (logs are safe).
        z >>= _U64["s11"]
        z |= _U64["one"]
        return np.multiply(z, _UNIT)

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
        u = self.uniform(purpose, key)
        n = np.asarray(n, dtype=np.float64)
        p = np.asarray(p, dtype=np.float64)
        certain = p >= 1.0
        q = np.where(certain, 1.0, 1.0 - p)
        odds = np.where(certain, 0.0, p / q)
        p0 = q ** n  # P(0)
        most = int(n.max()) if len(n) else 0
        if most <= 100 and (p0[~certain] > 0.0).all():
            out = _terms_below(u, n, odds, p0, most) + (p0 < u)
            np.minimum(out, n.astype(np.int64), out=out)
        else:  # long rows, or P(0) below the smallest float: scipy's exact quantile
            from scipy.stats import binom

            out = binom.ppf(u, n, p).astype(np.int64)
        out[certain] = n[certain]
        return out

    def poisson(self, purpose: str, lam: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Poisson(lam) counts, one per entity, by inverting the CDF term by term."""
        u = self.uniform(purpose, key)
        lam = np.asarray(lam, dtype=np.float64)
        large = lam > _POISSON_TERMWISE
        if not large.any():
            return _invert(u, np.exp(-lam), lam)
        from scipy.stats import poisson

        out = poisson.ppf(u, lam).astype(np.int64)
        small = ~large
        out[small] = _invert(u[small], np.exp(-lam[small]), lam[small])
        return out

    def count(self, purpose: str, dist: str, *params: float) -> int:
        """One market-level count this week (``"poisson"``: λ; ``"binomial"``: n, p).

        For numbers about no one entity, such as how many people enter the market: keyed
        by (seed, purpose, week) alone, and inverted in plain Python (one number).
        """
        u = float(self.uniform(purpose, _ONE_KEY)[0])
        if dist == "poisson":
            lam = float(params[0])
            if lam > _POISSON_TERMWISE:
                from scipy.stats import poisson

                return int(poisson.ppf(u, lam))
            n, pmf = math.inf, math.exp(-lam)
            ratio = lambda j: lam / (j + 1)  # noqa: E731
        else:
            n, p = int(params[0]), float(params[1])
            if p >= 1.0 or n > 100:
                from scipy.stats import binom

                return n if p >= 1.0 else int(binom.ppf(u, n, p))
            pmf, odds = (1.0 - p) ** n, p / (1.0 - p)
            ratio = lambda j: (n - j) / (j + 1) * odds  # noqa: E731
        k, cdf = 0, pmf
        while u > cdf and k < n and k < 1000:
            pmf *= ratio(k)
            k += 1
            cdf += pmf
        return k


_ONE_KEY = np.zeros(1, dtype=np.int64)


_POISSON_TERMWISE = 30.0
"""Above this mean a Poisson count comes from scipy's quantile (P(0) = e^-λ stays far
above the smallest float below it, and the sum converges within a few blocks)."""

_TERMS = np.arange(8, dtype=np.float64)[:, None]
"""Terms of the CDF added per block (one 2-D step costs what one term's calls cost)."""


_FIRST_TERMS = 24
"""Binomial CDF terms computed for every row before the rows still short of their
uniform go on alone (at the defaults' 45 looks, five in six rows stop within 24)."""


def _terms_below(u: np.ndarray, n: np.ndarray, odds: np.ndarray, p0: np.ndarray, most: int,
                 first: int = _FIRST_TERMS) -> np.ndarray:
    """Per row, how many of the binomial CDF's terms 1..``most`` stay below ``u``.

    Terms × rows: P(t+1)/P(t) = (n − t)/(t + 1) × odds, zero past n; P(t) is P(0) times
    the cumulative product of these ratios, and the CDF is P(0) plus the cumulative sum
    of P(1)..P(t). The first ``first`` terms are computed for every row; rows whose CDF
    is still below ``u`` continue from their last cumulative product and sum (each
    carried as the first row of the continued accumulation), so every number is the
    one that the whole table computes, in the same order.
    """
    t = np.arange(min(most, first), dtype=np.float64)[:, None]
    prod = np.cumprod(np.maximum(n - t, 0.0) * odds / (t + 1.0), axis=0)
    csum = np.cumsum(prod * p0, axis=0)  # P(1) + … + P(t + 1)
    count = np.count_nonzero(csum + p0 < u, axis=0)
    if most <= first:
        return count
    short = (csum[-1] + p0 < u).nonzero()[0]
    if len(short) == 0:
        return count
    n, odds, p0, u = n[short], odds[short], p0[short], u[short]
    t = np.arange(first - 1, most, dtype=np.float64)[:, None]  # row 0: the carry
    ratio = np.maximum(n - t, 0.0) * odds / (t + 1.0)
    ratio[0] = prod[-1, short]
    terms = np.cumprod(ratio, axis=0)
    terms *= p0
    terms[0] = csum[-1, short]
    cdf = np.cumsum(terms, axis=0)[1:]
    cdf += p0
    count[short] += np.count_nonzero(cdf < u, axis=0)
    return count


def _invert(u: np.ndarray, p0: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """The smallest Poisson count whose CDF reaches ``u``: P(0) = p0, P(j+1)/P(j) = λ/(j+1).

    The count is one plus the number of terms whose CDF stays below ``u``; the CDF
    only grows, so each block adds eight terms to every row still short, and rows drop
    out between blocks (on a few hundred rows a call costs its overhead, not its work).
    """
    out = np.zeros(len(u), dtype=np.int64)
    idx = (u > p0).nonzero()[0]
    pmf, cdf, uu, lam = p0[idx], p0[idx], u[idx], lam[idx]
    count = np.zeros(len(idx), dtype=np.int64)
    j = 0
    while len(idx):
        # Terms × rows: the cumulative product and sum then run along rows, vectorised.
        terms = np.cumprod(lam / (j + 1 + _TERMS), axis=0)
        terms *= pmf
        cum = np.cumsum(terms, axis=0)
        cum += cdf
        count += np.count_nonzero(cum < uu, axis=0)
        pmf, cdf = terms[-1], cum[-1]
        j += len(_TERMS)
        # Past 200 terms the float sum may stop short of 1 (λ ≤ 30 never gets there).
        more = (uu > cdf) & (j < 200)
        done = ~more
        out[idx[done]] = count[done] + 1
        idx, pmf, cdf, uu, lam, count = (idx[more], pmf[more], cdf[more], uu[more], lam[more],
                                         count[more])
    return out


def seat_key(firm: np.ndarray, nth: np.ndarray) -> np.ndarray:
    """A seat's draw key: its firm and how many seats that firm opened before it.

    Row numbers in the requisition table shift when any firm opens one seat more or
    less; (firm, n-th seat) does not.
    """
    return (np.asarray(firm).astype(np.int64) << 24) | np.asarray(nth).astype(np.int64)


def pair_draw_key(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One draw key per pair of entity keys, such as a (candidate, seat) process."""
    z = np.multiply(a, _U64["golden"], dtype=np.uint64, casting="unsafe")
    z ^= np.asarray(b).astype(np.uint64, copy=False)
    return _mix(z)

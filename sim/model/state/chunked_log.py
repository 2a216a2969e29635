"""An append-only struct-of-arrays log whose columns grow in fixed-size chunks.

The event log gains rows every week and never loses one (about half a million in a
104-week run at 10,000 candidates). A :class:`~sim.model.state.table.Table` grows by
doubling its columns, so at the moment it grows it holds the old and the new copy, and
after it up to half its rows are unused. Here each column is a list of filled chunks
plus one current chunk of ``chunk_rows`` rows: a full chunk is kept as it is and a new
one started, so nothing is copied while the run appends, and at most one chunk's rows
are unused. A column is joined into one array when it is first read (the run's frames
and metrics, or a check during the run), and the joined array replaces its chunks, so
a read costs one copy and does not leave two.

An integer column may be *stored* in a narrower dtype than the one it is read as
(``storage``): the chunks hold the narrow values and a read returns the declared dtype.
Appends to such a column are range-checked, so a value that does not fit raises rather
than wraps.

A chunk is *sealed* when it fills (or when a read moves its rows into the filled
parts): each integer column is kept in the narrowest integer type that holds that
chunk's values, and a float column whose rows are mostly NaN (an event with no value)
as a bit mask of the other rows and their values. Both are exact, so a read returns the
same bits as were appended. In a 104-week run at 10,000 candidates an event then holds
about 21 bytes instead of 39 (firm, candidate, seat and week counts fit 16 bits; nine
events in ten have no value): about 970 bytes a candidate instead of 1,850.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

DtypeLike = type | np.dtype

_NAN_BITS = np.array(np.nan).view(np.uint64)
"""numpy's NaN as a 64-bit pattern: the rows a sparse float chunk leaves out hold exactly
these bits (a NaN with other bits is kept as a value, so reads are bit-exact)."""

_SPARSE_BELOW = 0.75
"""A float chunk is kept sparse when fewer than this share of its rows hold a value:
8 bytes per value plus one bit per row, against 8 bytes per row."""

_NARROWER = {"i": (np.dtype(np.int8), np.dtype(np.int16), np.dtype(np.int32)),
             "u": (np.dtype(np.uint8), np.dtype(np.uint16), np.dtype(np.uint32))}


class _NanSparse(NamedTuple):
    """A sealed float64 chunk: which rows hold a value (packed bits) and those values."""

    rows: int
    present: np.ndarray  # np.packbits of the rows that are not numpy's NaN
    values: np.ndarray


def _seal(column: np.ndarray) -> np.ndarray | _NanSparse:
    """A filled chunk's column in its most compact exact form (``column`` itself if none).

    Integers go to the narrowest type of the same signedness holding the chunk's
    smallest and largest values; float64 chunks mostly of numpy's NaN become
    :class:`_NanSparse`.
    """
    dtype = column.dtype
    if dtype.kind in _NARROWER and dtype.itemsize > 1 and len(column):
        lo, hi = column.min(), column.max()
        for narrow in _NARROWER[dtype.kind]:
            if narrow.itemsize >= dtype.itemsize:
                break
            info = np.iinfo(narrow)
            if info.min <= lo and hi <= info.max:
                return column.astype(narrow)
    elif dtype == np.float64 and len(column):
        present = column.view(np.uint64) != _NAN_BITS
        k = np.count_nonzero(present)
        if k < _SPARSE_BELOW * len(column):
            return _NanSparse(len(column), np.packbits(present), column[present])
    return column


def _rows(part: np.ndarray | _NanSparse) -> int:
    """Rows a sealed part stands for."""
    return part.rows if isinstance(part, _NanSparse) else len(part)


def _nbytes(part: np.ndarray | _NanSparse) -> int:
    """Bytes a sealed part holds."""
    if isinstance(part, _NanSparse):
        return part.present.nbytes + part.values.nbytes
    return part.nbytes


def _join(parts: list[np.ndarray | _NanSparse], dtype: np.dtype) -> np.ndarray:
    """The parts as one array of ``dtype``, filled in place (no expanded copies)."""
    out = np.empty(sum(_rows(p) for p in parts), dtype=dtype)
    at = 0
    for part in parts:
        n = _rows(part)
        if isinstance(part, _NanSparse):
            rows = out[at:at + n]
            rows.fill(np.nan)
            rows[np.unpackbits(part.present, count=n).view(np.bool_)] = part.values
        else:
            out[at:at + n] = part
        at += n
    return out


class ChunkedLog:
    """Columns of equal length, appended in batches, read as whole columns."""

    def __init__(self, dtypes: Mapping[str, DtypeLike], chunk_rows: int = 8192,
                 fill: Mapping[str, int | float | bool] | None = None,
                 storage: Mapping[str, DtypeLike] | None = None) -> None:
        """Create an empty log.

        Args:
            dtypes: Column name → the dtype a read returns.
            chunk_rows: Rows per chunk (the most rows allocated but not yet written).
            fill: Column name → the value of rows an append does not give (else zero).
            storage: Column name → a narrower integer dtype to hold it in; it must cast
                safely to the column's dtype.

        Raises:
            ValueError: if ``chunk_rows`` < 1, or a storage dtype is not an integer type
                that casts safely to its column's dtype, or names a column the log does
                not have.

        """
        if chunk_rows < 1:
            raise ValueError(f"chunk_rows: must be ≥ 1 (got {chunk_rows})")
        self._dtypes = {k: np.dtype(v) for k, v in dtypes.items()}
        self._store = dict(self._dtypes)
        for name, narrow in (storage or {}).items():
            if name not in self._dtypes:
                raise ValueError(f"storage: no column {name!r}")
            narrow, wide = np.dtype(narrow), self._dtypes[name]
            # Integers only: their range can be checked on append, a float's rounding not.
            if narrow.kind not in "iu" or not np.can_cast(narrow, wide, "safe"):
                raise ValueError(f"storage: {name!r} as {narrow} is not an integer type "
                                 f"that casts safely to {wide}")
            self._store[name] = narrow
        # Narrowed columns and their limits, checked on every append of an array.
        self._limits = {k: np.iinfo(d) for k, d in self._store.items()
                        if d != self._dtypes[k]}
        self._fill = dict(fill or {})
        self._chunk_rows = chunk_rows
        self._parts: dict[str, list[np.ndarray | _NanSparse]] = {k: [] for k in self._dtypes}
        self._chunk = self._blank_chunk()
        self._used = 0  # rows written in the current chunk
        self._joined: dict[str, np.ndarray] = {}  # columns read since the last append
        self.n = 0

    def _blank_chunk(self) -> dict[str, np.ndarray]:
        """One chunk per column, every row holding its column's fill value (or zero)."""
        rows, fill = self._chunk_rows, self._fill
        return {k: np.full(rows, fill[k], dtype=d) if k in fill else np.zeros(rows, dtype=d)
                for k, d in self._store.items()}

    def __len__(self) -> int:
        return self.n

    @property
    def nbytes(self) -> int:
        """Bytes the log's columns hold: the sealed parts and the current chunk."""
        return (sum(_nbytes(p) for parts in self._parts.values() for p in parts)
                + sum(c.nbytes for c in self._chunk.values()))

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in the order they were declared."""
        return tuple(self._dtypes)

    def append(self, n: int | None = None, **columns: np.ndarray | int | float) -> None:
        """Append ``n`` rows (default: the length of the first array given).

        Scalars broadcast; columns not given hold their fill value.

        Raises:
            ValueError: if an array's length is not ``n``.
            OverflowError: if a value does not fit a narrowed column's storage.

        """
        if n is None:
            n = next((len(v) for v in columns.values() if isinstance(v, np.ndarray)), 1)
        if n == 0:
            return
        if self._limits:
            self._check_range(columns)
        self._joined = {}
        start = self._used
        stop = start + n
        if stop < self._chunk_rows:  # the usual case: the batch fits the current chunk
            chunk = self._chunk
            for name, value in columns.items():
                chunk[name][start:stop] = value
            self._used = stop
            self.n += n
        else:
            self._append_across_chunks(n, columns)

    def _append_across_chunks(self, n: int, columns: Mapping[str, object]) -> None:
        """Append a batch that fills the current chunk, starting new ones as they fill."""
        # Scalars stay as given (numpy range-checks a Python int; a 0-d array it would wrap).
        arrays = {k: np.asarray(v) for k, v in columns.items() if np.ndim(v)}
        for name, value in arrays.items():
            if len(value) != n:
                raise ValueError(f"{name}: {len(value)} values for {n} rows")
        done = 0
        while done < n:
            take = min(self._chunk_rows - self._used, n - done)
            start = self._used
            for name, value in columns.items():
                array = arrays.get(name)
                self._chunk[name][start:start + take] = (value if array is None
                                                         else array[done:done + take])
            self._used += take
            done += take
            if self._used == self._chunk_rows:
                for name, part in self._parts.items():
                    part.append(_seal(self._chunk[name]))
                self._chunk = self._blank_chunk()
                self._used = 0
        self.n += n

    def _check_range(self, columns: Mapping[str, object]) -> None:
        """Raise if an array for a narrowed column holds a value its storage cannot.

        A scalar needs no check: numpy refuses an out-of-range Python int on assignment,
        whereas it would wrap an array's values silently.
        """
        for name, info in self._limits.items():
            value = columns.get(name)
            if isinstance(value, np.ndarray) and value.size and (
                    value.min() < info.min or value.max() > info.max):
                raise OverflowError(f"{name}: values outside {info.dtype} "
                                    f"[{info.min}, {info.max}]")

    def __getitem__(self, name: str) -> np.ndarray:
        """Column ``name`` as one array of its declared dtype, all rows in order.

        The array is the log's own storage until the next append (writes go through);
        reading it again before then costs nothing.
        """
        column = self._joined.get(name)
        if column is None:
            self._flush()
            parts = self._parts[name]
            dtype = self._dtypes[name]
            if not parts:
                parts.append(np.empty(0, dtype=dtype))
            elif len(parts) > 1 or isinstance(parts[0], _NanSparse) or parts[0].dtype != dtype:
                parts[:] = [_join(parts, dtype)]
            column = self._joined[name] = parts[0]
        return column

    def _flush(self) -> None:
        """Move the current chunk's written rows into the filled parts.

        The chunk's buffer is kept (its rows reset to the fill), so reads during a run do
        not leave a partly used chunk behind each time.
        """
        k = self._used
        if k == 0:
            return
        for name, chunk in self._chunk.items():
            rows = chunk[:k]
            part = _seal(rows)
            self._parts[name].append(rows.copy() if part is rows else part)
            chunk[:k] = self._fill.get(name, 0)
        self._used = 0

    def to_dict(self) -> dict[str, np.ndarray]:
        """Copies of every column, each as one array of its declared dtype."""
        return {k: self[k].copy() for k in self._dtypes}

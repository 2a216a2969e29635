"""A growable struct-of-arrays table for records the model creates every week.

Requisitions and processes are appended in batches and read and written in place every
week; columns are numpy arrays whose capacity doubles when full, so appending is
amortised O(1) and reading a column is a view with no copying. Rows past the end always
hold their column's fill value (zero unless the table names another; capacity is
allocated filled and rows dropped by ``keep_rows`` are filled again), so an append
writes only the columns it is given. The event log, which only grows and is read whole,
is a :class:`~sim.model.state.chunked_log.ChunkedLog` instead.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


class Table:
    """Columns of equal length with amortised-constant batch appends."""

    def __init__(self, dtypes: Mapping[str, type | np.dtype], capacity: int = 256,
                 fill: Mapping[str, int | float | bool] | None = None) -> None:
        self._dtypes = {k: np.dtype(v) for k, v in dtypes.items()}
        self._fill = dict(fill or {})
        self._cap0 = self._cap = max(capacity, 1)  # keep_rows shrinks no lower
        self._cols = {k: self._blank(k, self._cap) for k in self._dtypes}
        # Views of the first n rows, kept until the next append: the model reads columns
        # ~170 times a week, and a dict hit is cheaper than slicing anew.
        self._views: dict[str, np.ndarray] = {}
        self.n = 0

    def _blank(self, name: str, size: int) -> np.ndarray:
        """A column of ``size`` unwritten rows: zeros, or the column's fill value."""
        if name in self._fill:
            return np.full(size, self._fill[name], dtype=self._dtypes[name])
        return np.zeros(size, dtype=self._dtypes[name])

    def __len__(self) -> int:
        return self.n

    @property
    def capacity(self) -> int:
        """Rows allocated per column (used and not)."""
        return self._cap

    def __getitem__(self, name: str) -> np.ndarray:
        """The live column ``name`` (a view of the first ``n`` rows; writes go through)."""
        view = self._views.get(name)
        if view is None:
            view = self._views[name] = self._cols[name][: self.n]
        return view

    def append(self, n: int | None = None, **columns: np.ndarray | int | float) -> np.ndarray:
        """Append ``n`` rows (default: the length of the first array given).

        Scalars broadcast; columns not given keep their fill value (zero unless the
        table names one: see the module docstring). Returns the new rows' indices.
        """
        if n is None:
            n = next((len(v) for v in columns.values() if isinstance(v, np.ndarray)), 1)
        if n == 0:
            return np.empty(0, dtype=np.int64)
        start = self.n
        stop = start + n
        if stop > self._cap:
            self._reserve(stop)
        cols = self._cols
        for name, value in columns.items():
            cols[name][start:stop] = value
        self.n = stop
        self._views = {}
        return np.arange(start, stop)

    def keep_rows(self, keep: np.ndarray) -> None:
        """Keep only the rows where ``keep`` is True, in order.

        Rows past the new end hold their fill value, as the module promises. A
        compaction is one gather per column into its own head, with no new column (a
        fresh table of twice the capacity cost ~4x as much, most of it filling), unless
        the table is far larger than it has lately been: if its capacity is over 2.5
        times the rows it held before this compaction, the kept rows move to columns of
        twice that many (never fewer than it was made with). At 10,000 candidates the
        process table grows to 36,744 rows in a market's first three weeks (every
        seeker's first applications at once) and from week 14 on never holds more than
        ~19,000; it shrinks once, in week 30 to 28,222 rows of 112 bytes (~90 bytes a
        candidate less at the run's peak).
        """
        idx = keep.nonzero()[0]
        k, n = len(idx), self.n
        smaller = max(2 * n, self._cap0)
        if 5 * n < 2 * self._cap and smaller < self._cap:
            self._cap = smaller
            self._views = {}  # views would keep the old columns alive until the end
            for name, col in self._cols.items():
                shrunk = self._blank(name, self._cap)
                shrunk[:k] = col[idx]
                self._cols[name] = shrunk
        else:
            for name, col in self._cols.items():
                col[:k] = col[idx]
                col[k:n] = self._fill.get(name, 0)
        self.n = k
        self._views = {}

    def _reserve(self, need: int) -> None:
        if need <= self._cap:
            return
        self._cap = max(need, 2 * self._cap)
        for name, col in self._cols.items():
            grown = self._blank(name, self._cap)
            grown[: self.n] = col[: self.n]
            self._cols[name] = grown

    def to_dict(self) -> dict[str, np.ndarray]:
        """Copies of every column, trimmed to the rows in use."""
        return {k: v[: self.n].copy() for k, v in self._cols.items()}

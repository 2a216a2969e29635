"""The chunked event log: appends across chunk boundaries read back as one column each."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config.people import MarketConfig
from sim.model.market import Market
from sim.model.state.chunked_log import ChunkedLog
from sim.model.state.records import (
    EVENT_COLUMNS,
    EVENT_FILL,
    EVENT_STORAGE,
)
from sim.model.state.table import Table
from tests.conftest import small_config

DTYPES = {"week": np.int32, "kind": np.int8, "value": np.float64, "flag": np.bool_}
FILL = {"kind": -1}


def batches(rng: np.random.Generator, sizes: list[int]) -> list[dict]:
    """Batches of rows: arrays for some columns, scalars for others, some left out."""
    out = []
    for i, n in enumerate(sizes):
        batch = {"n": n, "week": i, "value": rng.normal(size=n)}
        if i % 2:
            batch["kind"] = rng.integers(0, 100, size=n, dtype=np.int8)
        if i % 3 == 0:
            batch["flag"] = True
        out.append(batch)
    return out


def append_all(log: ChunkedLog | Table, rows: list[dict]) -> None:
    for batch in rows:
        log.append(**batch)


# Batches smaller than, equal to and larger than a chunk of 4 rows, and empty ones, so
# the rows land at, before and after chunk boundaries.
SIZES = [1, 3, 4, 0, 9, 2, 2, 4, 13, 1, 0, 3]


def test_columns_read_back_as_appended_across_chunk_boundaries():
    rows = batches(np.random.default_rng(0), SIZES)
    log, table = ChunkedLog(DTYPES, chunk_rows=4, fill=FILL), Table(DTYPES, fill=FILL)
    append_all(log, rows)
    append_all(table, rows)  # the doubling table is the reference
    assert len(log) == sum(SIZES) == len(table)
    for name in DTYPES:
        assert np.array_equal(log[name], table[name]), name
    assert np.array_equal(log["week"], np.repeat(np.arange(len(SIZES)), SIZES))
    assert (log["kind"][: SIZES[0]] == -1).all()  # not given: the column's fill
    # Every column crossed several chunk boundaries.
    assert sum(SIZES) > 4 * 4


def test_reads_between_appends_see_every_row_and_leave_the_log_whole():
    rows = batches(np.random.default_rng(1), SIZES)
    read_often, read_once = (ChunkedLog(DTYPES, chunk_rows=4, fill=FILL) for _ in range(2))
    for batch in rows:
        read_often.append(**batch)
        read_once.append(**batch)
        assert len(read_often["value"]) == len(read_often)
        if batch["n"]:
            assert read_often["value"][-1] == batch["value"][-1]
    for name in DTYPES:
        assert np.array_equal(read_often[name], read_once[name]), name


def test_a_read_column_is_the_log_s_storage_until_the_next_append():
    log = ChunkedLog(DTYPES, chunk_rows=4, fill=FILL)
    log.append(week=np.arange(6, dtype=np.int32))
    col = log["week"]
    assert log["week"] is col  # no second join
    log.append(week=6)
    assert np.array_equal(log["week"], np.arange(7))


def test_columns_keep_their_dtype_even_when_stored_narrower():
    log = ChunkedLog(DTYPES, chunk_rows=4, fill=FILL, storage={"week": np.int16})
    log.append(week=np.arange(10, dtype=np.int64), value=0.5)
    for name, dtype in DTYPES.items():
        assert log[name].dtype == np.dtype(dtype), name
        assert log.to_dict()[name].dtype == np.dtype(dtype), name
    assert np.array_equal(log["week"], np.arange(10))


def test_an_empty_log_reads_as_empty_columns_of_their_dtype():
    log = ChunkedLog(DTYPES, fill=FILL, storage={"week": np.int16})
    assert len(log) == 0
    log.append(n=0)
    log.append(week=np.empty(0, dtype=np.int32))
    for name, column in log.to_dict().items():
        assert column.shape == (0,) and column.dtype == np.dtype(DTYPES[name]), name
    assert log.columns == tuple(DTYPES)


def test_to_dict_gives_copies():
    log = ChunkedLog(DTYPES, chunk_rows=4)
    log.append(week=np.arange(5, dtype=np.int32))
    log.to_dict()["week"][:] = -7
    assert np.array_equal(log["week"], np.arange(5))


@pytest.mark.parametrize("chunk_rows", [4, 1000])  # across chunks, and within one
def test_a_value_that_does_not_fit_a_narrowed_column_raises_instead_of_wrapping(chunk_rows):
    log = ChunkedLog(DTYPES, chunk_rows=chunk_rows, storage={"week": np.int16})
    with pytest.raises(OverflowError):
        log.append(week=np.array([1, 2, 40_000, 3, 4, 5]))
    with pytest.raises(OverflowError):
        log.append(n=6, week=40_000)
    assert len(log) == 0


def test_bad_declarations_and_lengths_are_refused():
    with pytest.raises(ValueError, match="integer"):
        ChunkedLog(DTYPES, storage={"value": np.float32})  # would round silently
    with pytest.raises(ValueError, match="casts safely"):
        ChunkedLog(DTYPES, storage={"week": np.uint32})  # int32 cannot hold every uint32
    with pytest.raises(ValueError, match="no column"):
        ChunkedLog(DTYPES, storage={"nope": np.int8})
    with pytest.raises(ValueError, match="chunk_rows"):
        ChunkedLog(DTYPES, chunk_rows=0)
    with pytest.raises(ValueError):
        ChunkedLog(DTYPES, chunk_rows=4).append(n=6, week=np.arange(5))


def test_the_longest_horizon_fits_the_event_log_s_week_storage():
    """EVENT_STORAGE narrows ``week``: the config must not allow a week it cannot hold."""
    limit = next(m.le for m in MarketConfig.model_fields["weeks"].metadata
                 if getattr(m, "le", None) is not None)
    assert limit <= np.iinfo(EVENT_STORAGE["week"]).max


def test_a_market_logs_the_same_events_in_chunks_of_any_size_or_a_doubling_table():
    """The log's layout is storage only: a run's events do not depend on it.

    One run keeps the events in a doubling :class:`Table` (the reference), one in the
    log the market makes, one in chunks of 512 rows with the invariants checked every
    week (which read the log mid-run, joining its columns).
    """
    cfg = small_config()
    reference = Market(cfg, seed=5)
    reference.events = Table(EVENT_COLUMNS, fill=EVENT_FILL)
    reference.run()
    plain = Market(cfg, seed=5).run()
    checked = Market(cfg, seed=5, check_invariants=True)
    checked.events = ChunkedLog(EVENT_COLUMNS, chunk_rows=512, fill=EVENT_FILL,
                                storage=EVENT_STORAGE)
    checked.run()
    assert len(reference.events) > 4 * 512  # many chunks
    want = reference.events.to_dict()
    for log in (plain.events, checked.events):
        got = log.to_dict()
        assert list(got) == list(EVENT_COLUMNS)
        for name, dtype in EVENT_COLUMNS.items():
            assert got[name].dtype == np.dtype(dtype), name
            assert got[name].tobytes() == want[name].tobytes(), name  # bit for bit, NaNs too
    assert (np.diff(want["week"]) >= 0).all()  # appended week by week


# ---- sealed chunks: narrowed integers and sparse NaN floats, read back bit for bit ----

SEAL_DTYPES = {"small": np.int32, "wide": np.int32, "unsigned": np.uint32,
               "byte": np.int8, "value": np.float64, "flag": np.bool_}
ODD_NAN = np.array(0xFFF8_0000_0000_0001, dtype=np.uint64).view(np.float64)  # not np.nan


@st.composite
def sealed_batches(draw):
    """Batches whose integer ranges and NaN shares vary from chunk to chunk."""
    out = []
    for n in draw(st.lists(st.integers(0, 40), min_size=1, max_size=12)):
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        lo, hi = draw(st.sampled_from([(-1, 100), (-300, 300), (0, 70_000),
                                       (-2**31, 2**31 - 1)]))
        value = np.where(rng.random(n) < draw(st.sampled_from([0.0, 0.5, 0.9, 1.0])),
                         np.nan, rng.normal(size=n))
        if n and draw(st.booleans()):
            value[rng.integers(n)] = ODD_NAN[()]  # a NaN with other bits stays as given
        out.append({"n": n, "small": rng.integers(-1, 50, n), "wide": rng.integers(lo, hi, n),
                    "unsigned": rng.integers(0, draw(st.sampled_from([200, 2**32 - 1])), n,
                                             dtype=np.uint32),
                    "byte": rng.integers(-128, 128, n, dtype=np.int8), "value": value,
                    "flag": rng.random(n) < 0.3})
    return out


@settings(max_examples=60, deadline=None)
@given(rows=sealed_batches(), chunk_rows=st.integers(1, 50), read_every=st.integers(0, 5))
def test_sealed_chunks_read_back_bit_for_bit(rows, chunk_rows, read_every):
    """Whatever each chunk holds, and whenever it is read, a column is what was appended."""
    log, table = ChunkedLog(SEAL_DTYPES, chunk_rows=chunk_rows), Table(SEAL_DTYPES)
    for i, batch in enumerate(rows):
        log.append(**batch)
        table.append(**batch)
        if read_every and i % read_every == 0:
            assert log["value"].tobytes() == table["value"].tobytes()
    for name, dtype in SEAL_DTYPES.items():
        assert log[name].dtype == np.dtype(dtype), name
        assert log[name].tobytes() == table[name].tobytes(), name


def test_sealed_chunks_hold_small_integers_narrow_and_mostly_nan_floats_sparse():
    rows = 64 * 40
    log = ChunkedLog(SEAL_DTYPES, chunk_rows=64)
    rng = np.random.default_rng(3)
    value = np.where(rng.random(rows) < 0.9, np.nan, 1.5)
    log.append(small=rng.integers(-1, 100, rows), wide=rng.integers(0, 30_000, rows),
               unsigned=rng.integers(0, 200, rows, dtype=np.uint32),
               byte=1, value=value, flag=True)
    declared = sum(np.dtype(d).itemsize for d in SEAL_DTYPES.values())  # 23 bytes a row
    # small 1 + wide 2 + unsigned 1 + byte 1 + flag 1 + value 0.1 × 8 + 1/8 ≈ 7 a row,
    # plus the current (empty) chunk's full width.
    assert log.nbytes < 8 * rows + declared * 64
    assert log["value"].tobytes() == value.tobytes()


def test_a_market_s_event_log_is_held_in_about_half_its_stored_width():
    """Sealed, a run's events take about 20 of their 39 stored bytes (the module's note)."""
    m = Market(small_config(), seed=5)
    m.events = ChunkedLog(EVENT_COLUMNS, chunk_rows=512, fill=EVENT_FILL,
                          storage=EVENT_STORAGE)
    m.run()
    stored = sum(np.dtype(EVENT_STORAGE.get(k, d)).itemsize for k, d in EVENT_COLUMNS.items())
    assert len(m.events) > 8 * 512
    assert m.events.nbytes < 0.6 * stored * len(m.events)

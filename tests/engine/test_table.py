"""The growable table: appends, compaction in place, and shrinking after a burst."""

from __future__ import annotations

import numpy as np

from sim.model.state.table import Table

DTYPES = {"id": np.int64, "status": np.int8, "score": np.float64}
FILL = {"status": 3}


def filled(n: int, capacity: int = 16) -> Table:
    t = Table(DTYPES, capacity=capacity, fill=FILL)
    t.append(id=np.arange(n), score=np.arange(n) / 2)
    return t


def test_compaction_keeps_the_chosen_rows_in_order_and_refills_the_rest():
    t = filled(100, capacity=128)
    keep = t["id"] % 3 == 0
    t.keep_rows(keep)
    assert t.capacity == 128  # compacted in place: still in step with the rows held
    assert np.array_equal(t["id"], np.arange(0, 100, 3))
    assert np.array_equal(t["score"], np.arange(0, 100, 3) / 2)
    t.append(id=np.array([-1, -2]))
    assert np.array_equal(t["status"], np.full(len(t), 3))  # fill, including re-used rows
    assert np.array_equal(t["score"][-2:], [0.0, 0.0])


def test_a_table_far_larger_than_its_rows_shrinks_at_compaction_and_keeps_them():
    t = filled(10_000)  # a burst: capacity doubled up to 10,000 rows
    t.keep_rows(t["id"] < 20)
    t.append(id=np.arange(20, 40), score=1.0)  # the burst is over: ~40 rows at a time
    held = len(t)
    keep = t["id"] % 2 == 0
    t.keep_rows(keep)
    assert t.capacity == 2 * held < 10_000
    assert np.array_equal(t["id"], np.arange(0, 40, 2))
    t.append(n=t.capacity - len(t) + 5)  # past the shrunk capacity: grows again
    assert np.array_equal(t["id"][20:], np.zeros(len(t) - 20))
    assert np.array_equal(t["status"], np.full(len(t), 3))


def test_a_table_never_shrinks_below_its_initial_capacity():
    t = filled(1000, capacity=256)
    t.keep_rows(t["id"] < 10)  # 1,000 rows held: no shrink yet
    assert t.capacity == 1000
    t.keep_rows(t["id"] < 5)  # 10 rows held: shrinks, to the initial 256, not 20
    assert t.capacity == 256
    assert np.array_equal(t["id"], np.arange(5))

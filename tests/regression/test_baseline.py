"""Regression: every preset reproduces the stored baseline metrics at fixed seeds.

The engine is deterministic per seed (DESIGN §3.6), so a fresh run must give the values
in ``tests/data/baseline_metrics.csv`` to a relative 1e-9 (the tolerance only absorbs
floating-point differences between machines and numpy builds; on one machine the values
are identical). A failure means the engine's behaviour changed: intended changes are
recorded by regenerating the table deliberately (see the failure message).
"""

from __future__ import annotations

import baseline_table as bt
import pytest


def _stored() -> bt.Table:
    assert bt.TABLE_PATH.is_file(), f"{bt.TABLE_PATH} is missing. {bt.REGENERATE_HINT}"
    return bt.read_table()


def test_the_baseline_covers_every_shipped_preset_and_seed():
    stored = _stored()
    assert sorted({k[0] for k in stored}) == bt.presets(), (
        f"the baseline's presets differ from the shipped ones. {bt.REGENERATE_HINT}")
    assert sorted({k[1] for k in stored}) == sorted(bt.seeds()), bt.REGENERATE_HINT


@pytest.mark.parametrize("preset", bt.presets())
def test_preset_reproduces_its_baseline_metrics(preset):
    stored = {k: v for k, v in _stored().items() if k[0] == preset}
    fresh = bt.compute_preset(preset)
    changed, removed, added = bt.differences(stored, fresh)
    assert not (changed or removed or added), (
        f"preset '{preset}' no longer reproduces its baseline metrics:\n"
        f"{bt.summary(stored, fresh)}\n{bt.REGENERATE_HINT}")

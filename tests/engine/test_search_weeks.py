"""Weeks on the market: the seeker-side clock behind the ``weeks_on_market.*`` metrics.

The invariant check (``sim.model.invariants.check_jobs``) already requires, every week, that
everyone looking has a search start between week 0 and now; these tests check what the
hire events and the metrics make of it.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.config import SimConfig
from sim.model.market import Market


@pytest.fixture(scope="module")
def default_run() -> sim.Results:
    return sim.run(SimConfig(), replications=2, base_seed=3)


def test_a_hire_searched_at_least_as_long_as_its_process(default_run: sim.Results) -> None:
    """A seeker starts the hire's process while looking, so the search is no shorter.

    Exceptions are people who began looking again (or lost their job) while an older
    process was still running: the clock restarts, the process does not. They are rare.
    """
    e = default_run.events
    hires = e[e.event == "hire"]
    procs = e[(e.event == "process_end") & (e.cause == "hired")]
    both = hires.merge(procs[["seed", "candidate", "requisition", "weeks"]],
                       on=["seed", "candidate", "requisition"], suffixes=("", "_process"))
    assert len(both) == len(hires) > 1000
    assert (both.search_weeks >= 0).all()
    assert (both.search_weeks >= both.weeks_process).mean() > 0.97
    other = e[e.event != "hire"]
    assert (other.search_weeks == -1).all()


def test_weeks_on_market_metrics(default_run: sim.Results) -> None:
    runs = default_run.runs
    for key in ("median", "startup", "bigtech"):
        values = runs[f"weeks_on_market.{key}"]
        assert values.notna().all() and (values > 1).all()
    # The median hire's search outlasts the median hire's process (startups ~4 weeks).
    e = default_run.events
    hired_process = e[(e.event == "process_end") & (e.cause == "hired")].weeks.median()
    assert runs["weeks_on_market.median"].mean() > hired_process


def test_search_clock_starts_when_people_start_looking() -> None:
    """Entrants, people turning open and the newly unemployed start the clock that week."""
    m = Market(SimConfig(market={"weeks": 30}, candidates={"n_ml": 600}, startups={"n": 60}),
               seed=2, check_invariants=True)
    for _ in range(30):
        c = m.cands
        before = c.searching.copy()
        m.step()
        started = c.searching & ~before
        assert (c.search_start[started] == m.week).all()
        assert np.count_nonzero(started) > 0

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

    A seeker whose spell of search ends keeps the processes they are in; if they start
    looking again (or lose their job) while one is still running, their clock keeps its
    start, so this holds for every hire.
    """
    e = default_run.events
    hires = e[e.event == "hire"]
    procs = e[(e.event == "process_end") & (e.cause == "hired")]
    both = hires.merge(procs[["seed", "candidate", "requisition", "weeks"]],
                       on=["seed", "candidate", "requisition"], suffixes=("", "_process"))
    assert len(both) == len(hires) > 1000
    assert (both.search_weeks >= both.weeks_process).all()
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
    """Entrants, people turning open and the newly unemployed start the clock that week,
    unless they are still in a process from an earlier spell of search: that clock runs
    on."""
    m = Market(SimConfig(market={"weeks": 30}, candidates={"n_ml": 600}, startups={"n": 60}),
               seed=2, check_invariants=True)
    kept = 0
    for _ in range(30):
        c, p = m.cands, m.procs
        before, clock = c.searching.copy(), c.search_start.copy()
        in_process = np.zeros(c.n, dtype=bool)
        in_process[p["cand"][p["live"]]] = True
        m.step()
        started = c.searching & ~before
        restarted = started & (c.search_start != m.week)
        assert in_process[restarted].all()
        assert (c.search_start[restarted] == clock[restarted]).all()
        assert np.count_nonzero(started & ~restarted) > 0
        kept += int(np.count_nonzero(restarted))
    assert kept > 0

"""Shared runs for the stylized-facts suite (the article's claims, issue 7).

The claims compare arms of the *default* market (3,000 ML candidates, 300 startups,
104 weeks): the suite checks the model as shipped, not a toy. Each arm runs
``validity_claims.replications_of(arm)`` times on the same seeds (common random
numbers), and is computed once per test session, however the tests are spread over
workers: the first worker that needs an arm claims it (an exclusive lock file in the
session's shared temporary directory), runs it and writes the runs; a worker that
needs an arm another worker is computing takes the next unclaimed arm meanwhile, then
reads the finished one. So the two xdist workers share the work (about 220 runs of
about a second) without relying on ``--dist loadgroup`` (whose grouping pytest 9 +
xdist 3.8 ignore: xdist rewrites ``item._nodeid``, which pytest 9 no longer reads).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import validity_claims as vc

WAIT_LIMIT_S = 1800.0
"""Give up waiting for another worker's arm after this long (it must have died)."""


def _shared_dir(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory all workers of this session share (xdist: the basetemp's parent)."""
    base = tmp_path_factory.getbasetemp()
    if getattr(request.config, "workerinput", None) is not None:
        base = base.parent
    path = base / "validity-runs"
    path.mkdir(exist_ok=True)
    return path


def _arm_runs(arm: str, where: Path, wait: bool) -> pd.DataFrame | None:
    """The runs of ``arm``: read, or computed if unclaimed; None if another worker has it."""
    done, claim, error = (where / f"{arm}.pkl", where / f"{arm}.claim", where / f"{arm}.error")
    if done.exists():
        return pd.read_pickle(done)
    if error.exists():
        raise RuntimeError(f"arm {arm} failed in another worker: {error.read_text()}")
    try:
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        claimed_elsewhere = True
    else:
        claimed_elsewhere = False
    if claimed_elsewhere:
        if not wait:
            return None
        start = time.monotonic()
        while not done.exists():
            if error.exists():
                raise RuntimeError(f"arm {arm} failed in another worker: {error.read_text()}")
            if time.monotonic() - start > WAIT_LIMIT_S:
                raise TimeoutError(f"arm {arm}: another worker claimed it but never finished")
            time.sleep(0.2)
        return pd.read_pickle(done)
    try:
        runs = vc.run_arms([arm])
    except Exception as err:
        error.write_text(repr(err))
        raise
    tmp = where / f"{arm}.pkl.tmp"
    runs.to_pickle(tmp)
    os.replace(tmp, done)
    return runs


@pytest.fixture(scope="session")
def claim_runs(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], pd.DataFrame]:
    """``claim_runs(claim_id)``: the runs of every arm the claim needs, computed once."""
    get_arms = _arms_getter(request, tmp_path_factory)
    return lambda claim_id: get_arms(list(vc.CLAIMS[claim_id].arms))


@pytest.fixture(scope="session")
def arm_runs(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[str]], pd.DataFrame]:
    """``arm_runs(arms)``: the runs of the named arms, each computed once per session."""
    return _arms_getter(request, tmp_path_factory)


def _arms_getter(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Callable[[list[str]], pd.DataFrame]:
    """A function from arm names to their runs, shared by every worker of the session."""
    where = _shared_dir(request, tmp_path_factory)
    memo: dict[str, pd.DataFrame] = {}

    def get(arms: list[str]) -> pd.DataFrame:
        pending = sorted((a for a in arms if a not in memo),
                         key=lambda a: -vc.replications_of(a))
        while pending:
            # First everything this worker can take or read; then wait for the rest.
            for arm in list(pending):
                runs = _arm_runs(arm, where, wait=False)
                if runs is not None:
                    memo[arm] = runs
                    pending.remove(arm)
            if pending:
                memo[pending[0]] = _arm_runs(pending[0], where, wait=True)
                pending.pop(0)
        return pd.concat([memo[a] for a in arms], ignore_index=True)

    return get

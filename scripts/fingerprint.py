"""Fingerprint the engine's outputs: a sha256 per frame for four configurations.

A performance change must leave every line of this script's output unchanged. Run it
before the change, keep the output, run it after and diff::

    PYTHONPATH=$PWD .venv/bin/python scripts/fingerprint.py > /tmp/before.txt
    ...                                                     > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt

Each frame's hash covers its values and index (``pd.util.hash_pandas_object``) plus
its column names and dtypes, so a changed dtype or column order shows too. The last
line per configuration hashes the market's final candidate and firm arrays, which
catches state that differs without (yet) reaching an output.
"""

from __future__ import annotations

import hashlib
import sys

import numpy as np
import pandas as pd

import sim
from sim.config import SimConfig
from sim.experiments.runs import run_one
from sim.experiments.scenarios import load_scenario
from sim.model.market import Market


def frame_hash(df: pd.DataFrame) -> str:
    """sha256 of a frame's values, index, column names and dtypes."""
    h = hashlib.sha256()
    h.update(repr([(str(c), str(t)) for c, t in df.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(df, index=True).values.tobytes())
    return h.hexdigest()[:16]


def state_hash(m: Market) -> str:
    """sha256 of every candidate and firm column at the end of a run."""
    h = hashlib.sha256()
    for table in (m.cands, m.firms):
        for name, value in sorted(vars(table).items()):
            if isinstance(value, np.ndarray):
                h.update(name.encode())
                h.update(np.ascontiguousarray(value).tobytes())
    for name in sorted(m.reqs._dtypes):
        h.update(m.reqs[name].tobytes())
    return h.hexdigest()[:16]


def configurations() -> list[tuple[str, SimConfig, int, bool]]:
    """(label, config, seed, check invariants) of the four fingerprinted runs."""
    default = SimConfig()
    shock = load_scenario("layoff_wave").config.to_dict()
    shock["shocks"].append({"kind": "funding_freeze", "week": 30, "size": 0.5,
                            "duration": 26})
    return [
        ("defaults", default, 3, False),
        ("ratio_1", default.with_overrides({"market.demand_supply_ratio": 1.0}), 4, False),
        ("layoff_freeze", SimConfig.from_dict(shock), 5, False),
        ("small_checked", default.with_overrides({"candidates.n_ml": 600, "startups.n": 60}),
         6, True),
    ]


def main() -> None:
    """Print one line per configuration and frame."""
    for label, cfg, seed, check in configurations():
        res = sim.run(cfg, seeds=[seed])
        frames = {"weekly": res.weekly, "events": res.events, "startups": res.startups,
                  "requisitions": res.requisitions, "runs": res.runs,
                  "metrics": res.summary()}
        for name, df in frames.items():
            print(f"{label:14s} {name:13s} {df.shape!s:14s} {frame_hash(df)}")
        if check:  # the same run with every weekly invariant checked: must match too
            checked = run_one(cfg, seed, check_invariants=True)
            same = frame_hash(checked.events) == frame_hash(res.events.iloc[:, 2:]
                                                              .reset_index(drop=True))
            print(f"{label:14s} {'checked':13s} {'':14s} {'same' if same else 'DIFFERENT'}")
        m = Market(cfg, seed=seed).run()
        print(f"{label:14s} {'final state':13s} {'':14s} {state_hash(m)}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

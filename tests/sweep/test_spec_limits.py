"""A sweep that asks for too many runs is refused at validation, fast (issue 17 #6).

Also: a sweep's ``[overrides]`` are typed as strictly as a scenario file's.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.sweep.checks import MAX_RUNS
from sim.sweep.spec import SpecError, load_spec, spec_from_dict

WEEKS = {"market.weeks": {"low": 10, "high": 20}}


def _refused(data: dict, field: str) -> str:
    started = time.perf_counter()
    with pytest.raises(SpecError) as err:
        spec_from_dict(data)
    assert time.perf_counter() - started < 2.0  # counted, not built
    message = str(err.value)
    assert f"{field}: asks for " in message and f"the limit is {MAX_RUNS:,}" in message
    assert "\n" not in message
    return message


def test_two_billion_replications_are_refused():
    data = {"sweep": {"base": "baseline", "replications": 2_000_000_000},
            "parameters": {"market.weeks": {"values": [10, 20]}}}
    assert "4,000,000,000 runs" in _refused(data, "sweep.replications")


@given(exponent=st.integers(24, 40))
@settings(max_examples=5, deadline=None)
def test_huge_sampled_designs_are_refused(exponent):
    data = {"sweep": {"base": "baseline", "sampler": "sobol", "samples": 2**exponent},
            "parameters": WEEKS}
    _refused(data, "sweep.samples")


def test_a_grid_over_the_limit_names_the_parameters():
    values = {"values": list(range(10, 110))}
    data = {"sweep": {"base": "baseline", "replications": 1001},
            "parameters": {"market.weeks": values, "startups.n": values}}
    assert "10,000 points × 1,001 replications" in _refused(data, "parameters")


def test_a_sweep_at_the_limit_is_accepted():
    data = {"sweep": {"base": "baseline", "sampler": "random", "samples": MAX_RUNS // 10,
                      "replications": 10}, "parameters": WEEKS}
    assert spec_from_dict(data).n_runs == MAX_RUNS


@pytest.mark.parametrize("raw", ["true", '"52"'])
def test_spec_overrides_are_strict(tmp_path, raw):
    path = tmp_path / "s.toml"
    path.write_text(f'[sweep]\nbase = "baseline"\n[overrides]\n"market.weeks" = {raw}\n')
    with pytest.raises(SpecError, match=r"overrides.market.weeks: expected an integer"):
        load_spec(path)


def test_spec_table_override_merges_into_the_base():
    data = {"sweep": {"base": "balanced_market"}, "overrides": {"market": {"weeks": 10}}}
    cfg = spec_from_dict(data).base_config
    assert cfg.market.weeks == 10 and cfg.market.demand_supply_ratio == 1.0

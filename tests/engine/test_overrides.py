"""Overrides merge into the scenario's tables, and config types are strict everywhere.

Issue 17 item 3: a table-valued ``--set`` keeps the scenario's other values; ``true``,
``false`` and ``"0.1"`` are refused for numbers in a TOML file, ``--set`` and the
dashboard's parser alike (the dashboard's case is in
tests/dashboard/test_charts.py), with a one-line message naming the expected type.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config import ConfigError, SimConfig, iter_params, parse_override, parse_value
from sim.experiments.scenarios import ScenarioError, load_scenario

BAD_NUMBERS = [("true", "a boolean"), ("false", "a boolean"), ('"0.1"', "a string")]
NUMERIC = [("market.weeks", "an integer"),
           ("valuation.decision_noise", "a number (integer or float)")]


def test_table_override_keeps_the_presets_other_role_shares():
    preset = load_scenario("inference_crunch").config.candidates.role_share
    got = load_scenario("inference_crunch",
                        ["candidates.role_share={ml_engineer=0.456}"]).config
    assert got.candidates.role_share.ml_engineer == 0.456
    assert got.candidates.role_share.ml_inference == preset.ml_inference == 0.049
    assert got.candidates.role_share == preset.model_copy(update={"ml_engineer": 0.456})


def test_table_override_keeps_the_presets_other_market_values():
    preset = load_scenario("balanced_market").config
    got = load_scenario("balanced_market", ["market={weeks=10}"]).config
    assert got.market.weeks == 10
    assert got.market.demand_supply_ratio == preset.market.demand_supply_ratio
    assert math.isclose(got.market.demand_supply_ratio, 1.0, rel_tol=0.1)
    assert got.model_copy(update={"market": preset.market}) == preset


@given(weeks=st.integers(1, 520), ratio=st.floats(0.05, 50, allow_nan=False))
@settings(max_examples=30, deadline=None)
def test_nested_and_dotted_overrides_agree(weeks, ratio):
    base = load_scenario("balanced_market").config
    nested = base.with_overrides({"market": {"weeks": weeks, "demand_supply_ratio": ratio}})
    dotted = base.with_overrides({"market.weeks": weeks, "market.demand_supply_ratio": ratio})
    assert nested == dotted
    assert nested.market.bigtech_req_response == base.market.bigtech_req_response


@pytest.mark.parametrize(("path", "expected"), NUMERIC)
@pytest.mark.parametrize(("raw", "got"), BAD_NUMBERS)
def test_set_refuses_bools_and_numeric_strings(path, expected, raw, got):
    with pytest.raises(ScenarioError) as err:
        load_scenario("baseline", [f"{path}={raw}"])
    message = str(err.value)
    assert f"{path}: expected {expected} (got " in message and got in message
    assert "\n" not in message


@pytest.mark.parametrize(("path", "expected"), NUMERIC)
@pytest.mark.parametrize(("raw", "got"), BAD_NUMBERS)
def test_scenario_file_refuses_bools_and_numeric_strings(tmp_path, path, expected, raw, got):
    section, key = path.split(".")
    file = tmp_path / "bad.toml"
    file.write_text(f'name = "bad"\ndescription = "x"\n[{section}]\n{key} = {raw}\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(file)
    assert f"line 4: {path}: expected {expected} (got " in str(err.value)
    assert got in str(err.value)


def test_ints_are_accepted_for_floats_and_floats_refused_for_ints(tmp_path):
    cfg = SimConfig().with_overrides({"valuation.decision_noise": 1,
                                      "market.demand_supply_ratio": 2})
    assert cfg.valuation.decision_noise == 1.0
    assert isinstance(cfg.market.demand_supply_ratio, float)
    file = tmp_path / "ints.toml"
    file.write_text('name = "i"\ndescription = "x"\n[market]\ndemand_supply_ratio = 2\n')
    assert load_scenario(file).config.market.demand_supply_ratio == 2.0
    with pytest.raises(ConfigError, match=r"market.weeks: expected an integer \(got 10.5"):
        SimConfig().with_overrides({"market.weeks": 10.5})


@given(path=st.sampled_from([p.path for p in iter_params()
                             if type(p.default) in (int, float) and "<i>" not in p.path]),
       bad=st.sampled_from([True, False, "0.1", "1"]))
@settings(max_examples=60, deadline=None)
def test_every_numeric_parameter_is_strict(path, bad):
    with pytest.raises(ConfigError) as err:
        SimConfig().with_overrides({path: bad})
    assert str(err.value).startswith(f"{path}: expected ")


def test_values_are_read_as_toml():
    assert parse_value("0.1") == 0.1
    assert parse_value('"0.1"') == "0.1"
    assert parse_value("true") is True
    assert parse_value("{a = 1}") == {"a": 1}
    assert parse_value("seed") == "seed"  # a bare word is text: focal.stage=seed
    assert parse_override("market.weeks = 52") == ("market.weeks", 52)
    with pytest.raises(ConfigError, match="not a TOML value"):
        parse_value("{a = 1")
    with pytest.raises(ConfigError, match="expected dotted.key=value"):
        parse_override("market.weeks")

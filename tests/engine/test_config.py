"""Configuration: frozen, validated, one-line errors naming the field, units and sources."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sim.config import ConfigError, SimConfig, iter_params


def test_defaults_are_valid_and_frozen():
    cfg = SimConfig()
    assert cfg.market.demand_supply_ratio == 3.0
    with pytest.raises(ValidationError):
        cfg.market.weeks = 5  # frozen


@pytest.mark.parametrize(("data", "expected"), [
    ({"market": {"demand_supply_ratio": 80}}, "market.demand_supply_ratio: must be ≤ 50"),
    ({"market": {"demand_supply_ratio": 0}}, "allowed 0.05 to 50"),
    ({"market": {"wekks": 3}}, "market.wekks: unknown key; did you mean 'weeks'?"),
    ({"marke": {}}, "marke: unknown key; did you mean 'market'?"),
    ({"market": {"weeks": "abc"}}, "market.weeks: expected an integer (got 'abc', a string)"),
    ({"startups": {"base_pay": {"seed": -1}}}, "startups.base_pay.seed: must be ≥ 0"),
    ({"focal": {"stage": "series_z"}}, "focal.stage: must be one of 'pre_seed'"),
    ({"shocks": [{"kind": "meteor", "week": 3}]}, "shocks.0.kind: must be one of"),
    ({"candidates": {"role_share": {"ml_engineer": 0, "mlops": 0, "ml_infra": 0,
                                    "ml_inference": 0, "ai_engineer": 0}}},
     "candidates.role_share: shares must not all be zero"),
])
def test_bad_values_give_one_line_errors_naming_the_field(data, expected):
    with pytest.raises(ConfigError) as err:
        SimConfig.from_dict(data)
    message = str(err.value)
    assert expected in message
    assert "\n" not in message


def test_partial_tables_merge_over_defaults():
    cfg = SimConfig.from_dict({"startups": {"base_pay": {"seed": 200}}})
    assert cfg.startups.base_pay.seed == 200
    assert cfg.startups.base_pay.series_a == SimConfig().startups.base_pay.series_a


def test_overrides_by_dotted_path_including_list_entries():
    cfg = SimConfig().with_overrides({"shocks": [{"kind": "layoff_wave", "week": 10}]})
    assert cfg.with_overrides({"shocks.0.size": 0.5}).shocks[0].size == 0.5
    with pytest.raises(ConfigError, match="valid indices 0 to 0"):
        cfg.with_overrides({"shocks.3.size": 0.5})
    with pytest.raises(ConfigError, match="did you mean 'size'"):
        cfg.with_overrides({"shocks.0.sise": 0.5})
    with pytest.raises(ConfigError, match=r"market.weeks: must be ≥ 1"):
        cfg.with_overrides({"market.weeks": 0})


def test_round_trip_through_plain_data():
    cfg = SimConfig().with_overrides({
        "focal": {"stage": "series_a", "seats": [{"role": "mlops", "progress": 0.4}]},
        "shocks": [{"kind": "funding_freeze", "week": 3}]})
    assert SimConfig.from_dict(cfg.to_dict()) == cfg
    assert hash(SimConfig.from_dict(cfg.to_dict())) == hash(cfg)


def test_a_seat_takes_at_most_one_trigger():
    with pytest.raises(ConfigError, match="at most one trigger"):
        SimConfig.from_dict({"focal": {"seats": [{"role": "mlops", "week": 1, "stage": "seed"}]}})


def test_every_parameter_has_a_unit_a_source_and_a_doc():
    params = list(iter_params())
    assert len(params) > 80
    for p in params:
        assert p.unit and p.source and p.doc, p.path
    assert any(p.source.endswith("ASSUMPTION") or "ASSUMPTION" in p.source for p in params)
    paths = {p.path for p in params}
    assert "market.demand_supply_ratio" in paths and "focal.cash_musd" in paths

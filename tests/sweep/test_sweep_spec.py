"""Sweep specs: every mistake is one line naming the file and the field; good specs count runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sweep_helpers import GRID_SPEC, TINY_OVERRIDES, spec_text

from sim.config import ConfigError
from sim.sweep.spec import SpecError, load_spec

HEADER = """
[sweep]
name = "t"
base = "baseline"
sampler = "{sampler}"
{extra}
"""


def spec(sampler: str = "grid", extra: str = "", params: str = "", overrides: str = "") -> str:
    return HEADER.format(sampler=sampler, extra=extra) + overrides + "\n" + params


DSR = '[parameters."market.demand_supply_ratio"]\n'
GAP = '[parameters."bigtech.pay_gap_mult"]\n'

# (spec text, field named in the message, words the message must contain)
ERRORS = [
    ("[overrides]\n\"market.weeks\" = 8\n", "sweep", "missing [sweep]"),
    (spec(extra="sampler_x = 1"), "sweep.sampler_x", "did you mean 'sampler'"),
    (spec(sampler="sobl"), "sweep.sampler", "grid, random, lhs, sobol, morris"),
    (spec(params='[parameters."market.demand_ratio"]\nvalues = [1.0]'),
     "parameters.market.demand_ratio", "nearest: market.demand_supply_ratio"),
    (spec(params=DSR + "values = [0.01, 2.0]"), "parameters.market.demand_supply_ratio.values",
     "≥ 0.05"),
    (spec("random", "samples = 4", DSR + "low = 1.0\nhigh = 90.0"),
     "parameters.market.demand_supply_ratio.high", "≤ 50"),
    (spec("random", "samples = 4", DSR + "low = 3.0\nhigh = 2.0"),
     "parameters.market.demand_supply_ratio.high", "must be > low"),
    (spec("random", "samples = 4", DSR + "low = 0.0\nhigh = 2.0\ndistribution = \"loguniform\""),
     "parameters.market.demand_supply_ratio.low", "≥ 0.05"),
    (spec("random", "samples = 4", GAP + "low = 0.5\nhigh = 2.0\ndistribution = \"normal\""),
     "parameters.bigtech.pay_gap_mult.distribution", "uniform, loguniform, int"),
    (spec(params='[parameters."market.weeks"]\nvalues = [10.5]'),
     "parameters.market.weeks.values", "whole number"),
    (spec(params=DSR + "values = [1.0, 2.0]\nlow = 1.0"),
     "parameters.market.demand_supply_ratio.low", "either values"),
    (spec(params=DSR + "values = [2.0, 2.0]"),
     "parameters.market.demand_supply_ratio.values", "duplicates"),
    (spec(params=DSR + "values = []"),
     "parameters.market.demand_supply_ratio.values", "non-empty"),
    (spec(params=DSR + 'values = ["high"]'),
     "parameters.market.demand_supply_ratio.values", "must be a number"),
    (spec(params=DSR + "step = 1"), "parameters.market.demand_supply_ratio.step",
     "unknown key"),
    (spec(params=DSR + "low = 1.0\nhigh = 2.0"), "parameters.market.demand_supply_ratio",
     "grid sampler needs values"),
    (spec(extra="samples = 4"), "sweep.samples", "remove samples"),
    (spec("sobol", "samples = 10", DSR + "low = 1.0\nhigh = 2.0"), "sweep.samples",
     "power of two"),
    (spec("sobol", "", DSR + "low = 1.0\nhigh = 2.0"), "sweep.samples", "required for sobol"),
    (spec("morris", "samples = 4\nlevels = 5", DSR + "low = 1.0\nhigh = 2.0"), "sweep.levels",
     "must be even"),
    (spec("morris", "samples = 4"), "parameters", "at least one parameter"),
    (spec(extra="calc_second_order = true"), "sweep.calc_second_order", "only applies to"),
    (spec(extra="levels = 4"), "sweep.levels", "only applies to"),
    (spec(extra='metrics = ["fill_rate.startups"]'), "sweep.metrics",
     "nearest: fill_rate.startup"),
    (spec(extra="metrics = []"), "sweep.metrics", "non-empty"),
    (spec(extra="replications = 0"), "sweep.replications", "≥ 1"),
    (spec(extra="seed = -1"), "sweep.seed", "≥ 0"),
    (spec(extra='replications = "5"'), "sweep.replications", "must be int"),
    (spec(overrides='[overrides]\n"market.weeks" = 0\n'), "overrides.market.weeks", "≥ 1"),
    (spec(overrides='[overrides]\n"market.wekes" = 8\n'), "overrides.market.wekes",
     "did you mean 'weeks'"),
    (spec().replace('"baseline"', '"nope.toml"'), "sweep.base", "no such file"),
    (spec().replace('"baseline"', '"no_such_preset"'), "sweep.base", "no such preset"),
    (spec(params='[parameters."shocks.0.size"]\nvalues = [0.1]'),
     "parameters.shocks.0.size", "unknown parameter"),
    (spec() + "\n[extra]\nx = 1\n", "extra", "valid: sweep, overrides, parameters"),
    ("[sweep\nname = 1", "", "malformed TOML"),
]


@pytest.mark.parametrize(("text", "field", "words"), ERRORS,
                         ids=[f"{i}-{e[1] or 'toml'}" for i, e in enumerate(ERRORS)])
def test_bad_specs_give_one_line_naming_file_and_field(write_spec, text, field, words):
    path = write_spec(text)
    with pytest.raises(SpecError) as info:
        load_spec(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert f" {field}: " in message or not field
    assert words in message
    assert isinstance(info.value, ConfigError) and isinstance(info.value, ValueError)


def test_error_names_the_line_of_the_field(write_spec):
    path = write_spec(spec("random", "samples = 4", DSR + "low = 1.0\nhigh = 90.0"))
    with pytest.raises(SpecError, match=r"spec.toml: line (\d+): ") as info:
        load_spec(path)
    line = int(re.search(r"line (\d+)", str(info.value)).group(1))
    assert path.read_text().splitlines()[line - 1].startswith("high = 90.0")


def test_missing_file_is_a_spec_error(tmp_path):
    with pytest.raises(SpecError, match="cannot read"):
        load_spec(tmp_path / "absent.toml")


@pytest.mark.parametrize(("sampler", "extra", "params", "points"), [
    ("grid", "", DSR + "values = [1.0, 2.0, 3.0]\n" + GAP + "values = [1.0, 1.5]", 6),
    ("grid", "", "", 1),
    ("random", "samples = 7", DSR + "low = 1.0\nhigh = 2.0", 7),
    ("lhs", "samples = 9", DSR + "low = 1.0\nhigh = 2.0\n" + GAP + "values = [1.0, 1.5]", 9),
    ("sobol", "samples = 8", DSR + "low = 1.0\nhigh = 2.0\n" + GAP + "low = 1.0\nhigh = 2.0",
     8 * 4),
    ("sobol", "samples = 8\ncalc_second_order = true",
     DSR + "low = 1.0\nhigh = 2.0\n" + GAP + "low = 1.0\nhigh = 2.0", 8 * 6),
    ("morris", "samples = 5", DSR + "low = 1.0\nhigh = 2.0\n" + GAP + "low = 1.0\nhigh = 2.0",
     5 * 3),
])
def test_run_counts(write_spec, sampler, extra, params, points):
    s = load_spec(write_spec(spec(sampler, extra + "\nreplications = 3", params)))
    assert s.n_points == points
    assert s.n_runs == points * 3


def test_base_path_is_relative_to_the_spec_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mybase.toml").write_text(
        'name = "mybase"\nextends = "baseline"\n[market]\nweeks = 9\n'
        '[[shocks]]\nkind = "layoff_wave"\nweek = 3\nsize = 0.3\n', encoding="utf-8")
    text = spec(params='[parameters."shocks.0.size"]\nvalues = [0.1, 0.5]')
    for base in ("mybase.toml", "mybase"):
        path = tmp_path / "sub" / "spec.toml"
        path.write_text(text.replace('"baseline"', f'"{base}"'), encoding="utf-8")
        s = load_spec(path)
        assert s.base_config.market.weeks == 9
        assert s.param_names == ["shocks.0.size"]
    assert s.base_config.with_overrides({"shocks.0.size": 0.5}).shocks[0].size == 0.5


def test_nested_and_quoted_tables_read_the_same(write_spec):
    quoted = load_spec(write_spec(spec(params=GAP + "values = [1.0, 2.0]",
                                       overrides='[overrides]\n"market.weeks" = 8\n'),
                                  name="a.toml"))
    nested = load_spec(write_spec(spec(params="[parameters.bigtech.pay_gap_mult]\n"
                                              "values = [1.0, 2.0]",
                                       overrides="[overrides]\nmarket.weeks = 8\n"),
                                  name="b.toml"))
    assert quoted.spec_hash == nested.spec_hash
    assert quoted.base_config.market.weeks == 8


def test_spec_hash_tracks_what_decides_results(write_spec):
    base = load_spec(write_spec(spec_text(), name="a.toml"))
    renamed = load_spec(write_spec(spec_text().replace('"tiny_grid"', '"other"')
                                   .replace("A tiny grid", "Another"), name="b.toml"))
    changed = load_spec(write_spec(spec_text().replace("[2.0, 3.0]", "[2.0, 3.5]"),
                                   name="c.toml"))
    reseeded = load_spec(write_spec(spec_text().replace("seed = 11", "seed = 12"),
                                    name="d.toml"))
    assert base.spec_hash == renamed.spec_hash
    assert len({base.spec_hash, changed.spec_hash, reseeded.spec_hash}) == 3
    assert len(base.spec_hash) == 64


def test_metrics_default_to_every_registered_metric(write_spec):
    from sim.outputs.registry import metric_names

    s = load_spec(write_spec(spec()))
    assert list(s.metrics) == metric_names(focal=False)


def test_int_parameters_stay_integers(write_spec):
    s = load_spec(write_spec(spec("lhs", "samples = 4",
                                  '[parameters."market.weeks"]\nlow = 6\nhigh = 9')))
    (p,) = s.parameters
    assert p.integer and p.distribution == "int" and (p.low, p.high) == (6, 9)


PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "sweeps"


@pytest.mark.parametrize("name", ["market", "levers", "sensitivity"])
def test_presets_load_and_state_their_run_count(name):
    s = load_spec(PRESETS / f"{name}.toml")
    stated = re.search(r"= ([\d,]+) runs", s.description)
    assert stated, s.description
    assert int(stated.group(1).replace(",", "")) == s.n_runs


def test_market_preset_sweeps_the_layoff_size():
    s = load_spec(PRESETS / "market.toml")
    assert "shocks.0.size" in s.param_names
    assert s.base_config.shocks[0].kind == "layoff_wave"


def test_levers_preset_is_the_full_two_level_grid_with_no_deliberate_startups():
    s = load_spec(PRESETS / "levers.toml")
    assert s.base_config.startups.share_deliberate == 0.0
    assert s.n_points == 16 and all(p.values == (0.0, 1.0) for p in s.parameters)


def test_unused_imports_are_real():
    assert GRID_SPEC and TINY_OVERRIDES

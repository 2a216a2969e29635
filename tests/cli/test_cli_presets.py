"""Every preset scenario loads, validates and runs; the list is what the files say."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sim.config import SimConfig
from sim.experiments.scenarios import list_presets, load_scenario, preset_dir
from sim.outputs.registry import metric_names

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
PRESETS = sorted(p.stem for p in SCENARIOS.glob("*.toml"))
EXPECTED = {
    "baseline", "deliberate_startups", "bigtech_process_clone", "blanket_titles",
    "base_salary_only", "ahead_of_stage_hiring", "generalists_only", "layoff_wave",
    "pay_gap_widens", "managed_infra", "balanced_market", "inference_crunch",
}


def test_the_presets_of_the_brief_exist() -> None:
    assert set(PRESETS) >= EXPECTED


def test_list_presets_matches_the_files() -> None:
    assert preset_dir().resolve() == SCENARIOS
    assert [name for name, _ in list_presets()] == PRESETS


@pytest.mark.parametrize("name", PRESETS)
def test_preset_file_has_name_and_one_sentence_description(name: str) -> None:
    data = tomllib.loads((SCENARIOS / f"{name}.toml").read_text(encoding="utf-8"))
    assert data["name"] == name
    text = data["description"]
    assert text.endswith(".") and ". " not in text and "\n" not in text
    assert "expect" in text  # says what a user should expect to see
    assert data.get("extends", "baseline") == "baseline"


@pytest.mark.parametrize("name", PRESETS)
def test_preset_loads_and_runs_small(name: str, cli, small) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name and scenario.config.focal is None
    result = cli("run", name, "-r", "1", "--json", *small)
    assert result.code == 0, result.err
    doc = result.json()
    assert doc["scenario"] == name and doc["weeks"] == 6
    assert set(doc["metrics"]) == set(metric_names(focal=False))


def _changed(name: str) -> dict[str, object]:
    """Dotted paths whose value differs from the baseline preset."""
    base, cfg = load_scenario("baseline").config.to_dict(), load_scenario(name).config.to_dict()

    def walk(a: object, b: object, prefix: str) -> dict[str, object]:
        if isinstance(a, dict) and isinstance(b, dict):
            out: dict[str, object] = {}
            for key in sorted(set(a) | set(b)):
                out.update(walk(a.get(key), b.get(key), f"{prefix}{key}."))
            return out
        return {} if a == b else {prefix.rstrip("."): b}

    return walk(base, cfg, "")


@pytest.mark.parametrize(("name", "expected"), [
    ("baseline", {}),
    ("bigtech_process_clone", {"startups.share_deliberate": 0.0,
                               "startups.share_lean_process": 0.0}),
    ("blanket_titles", {"startups.share_deliberate": 0.0,
                        "startups.share_precise_titles": 0.0}),
    ("base_salary_only", {"startups.share_deliberate": 0.0, "startups.share_explained": 0.0}),
    ("pay_gap_widens", {"bigtech.pay_gap_mult": 1.25}),
    ("managed_infra", {"startups.share_managed_infra": 0.95}),
    ("balanced_market", {"market.demand_supply_ratio": 1.0}),
])
def test_preset_changes_only_what_it_says(name: str, expected: dict[str, object]) -> None:
    assert _changed(name) == expected


def test_deliberate_startups_fix_every_lever() -> None:
    s = load_scenario("deliberate_startups").config.startups
    assert s.share_deliberate >= 0.9
    for lever in ("share_explained", "share_precise_titles", "share_focused_jd",
                  "share_lean_process", "share_builder_screen"):
        assert getattr(s, lever) >= 0.9


@pytest.mark.parametrize(("name", "strategy"), [
    ("ahead_of_stage_hiring", "ahead_of_stage"), ("generalists_only", "generalists_only")])
def test_strategy_presets_are_mostly_that_strategy(name: str, strategy: str) -> None:
    mix = load_scenario(name).config.startups.strategy_mix
    assert getattr(mix, strategy) / sum(mix.as_tuple()) >= 0.75


def test_layoff_wave_has_one_wave_in_week_10() -> None:
    (shock,) = load_scenario("layoff_wave").config.shocks
    assert (shock.kind, shock.week, shock.size) == ("layoff_wave", 10, 0.4)


def test_inference_crunch_halves_the_inference_share() -> None:
    default = SimConfig().candidates.role_share
    crunch = load_scenario("inference_crunch").config.candidates.role_share
    assert crunch.ml_inference == pytest.approx(default.ml_inference / 2)
    assert _changed("inference_crunch") == {
        "candidates.role_share.ml_inference": crunch.ml_inference}

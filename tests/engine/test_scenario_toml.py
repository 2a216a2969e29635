"""The saved ``scenario.toml`` is valid TOML for any name or description, and loads back."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.experiments.scenarios import dump_scenario, load_scenario

BASE = load_scenario("layoff_wave")  # has [[shocks]]: arrays of tables are written too

# Every code point but surrogates (not encodable as UTF-8), control characters included.
HOSTILE = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
SAMPLES = ["line one\nline two", "tab\there", "\x1b[31mred\x1b[0m", 'quote " and \\ back',
           "nul \x00 bel \x07 del \x7f", "'''", '"""', "# not a comment", "[not.a.table]"]


@settings(max_examples=150, deadline=None)
@given(name=st.one_of(HOSTILE, st.sampled_from(SAMPLES)),
       description=st.one_of(HOSTILE, st.sampled_from(SAMPLES)), comment=HOSTILE)
def test_any_name_and_description_round_trip(name: str, description: str, comment: str) -> None:
    text = dump_scenario(name, description, BASE.config, comments=[comment, "second"])
    data = tomllib.loads(text)
    assert data["name"] == name and data["description"] == description
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.toml"
        path.write_text(text, encoding="utf-8")
        loaded = load_scenario(path)
    assert loaded.name == name
    assert loaded.description == description.strip()  # the loader trims descriptions
    assert loaded.config == BASE.config


def test_saved_scenario_of_a_hostile_name_runs_again(tmp_path: Path) -> None:
    """``hiresim run --out``, then ``hiresim run DIR/scenario.toml``, as a user would."""
    from sim.cli import main

    scenario = tmp_path / "evil.toml"
    scenario.write_text(dump_scenario("evil\n\x1b[2Jname", "multi\nline\x07", BASE.config),
                        encoding="utf-8")
    small = ["--weeks", "6", "--set", "candidates.n_ml=300", "--set", "startups.n=30"]
    assert main(["run", str(scenario), "-r", "1", *small, "--out", str(tmp_path / "a")]) == 0
    saved = tmp_path / "a" / "scenario.toml"
    assert load_scenario(saved).name == "evil\n\x1b[2Jname"
    assert main(["run", str(saved), "-r", "1", "--out", str(tmp_path / "b")]) == 0

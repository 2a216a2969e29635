"""Bad input never gives a traceback: exit 2 and one line naming the file and field."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sim.cli import dispatch

BAD_FILES = {
    "wrong_type.toml": ('name = "x"\n[market]\nweeks = "ten"\n',
                        ["wrong_type.toml", "line 3", "market.weeks", "integer"]),
    "out_of_range.toml": ('name = "x"\n[market]\ndemand_supply_ratio = 80\n',
                          ["out_of_range.toml", "line 3", "market.demand_supply_ratio",
                           "allowed 0.05 to 50"]),
    "unknown_key.toml": ('name = "x"\n[startups]\nshare_deliberat = 0.5\n',
                         ["unknown_key.toml", "startups.share_deliberat",
                          "did you mean 'share_deliberate'", "valid:"]),
    "unknown_table.toml": ('name = "x"\n[markte]\nweeks = 5\n',
                           ["unknown_table.toml", "markte", "did you mean 'market'"]),
    "unknown_top.toml": ('name = "x"\nweeks = 5\n',
                         ["unknown_top.toml", "weeks", "valid top-level keys"]),
    "bad_choice.toml": ('name = "x"\n[[shocks]]\nkind = "meteor"\nweek = 3\n',
                        ["bad_choice.toml", "shocks.0.kind", "layoff_wave"]),
    "cycle_a.toml": ('name = "a"\nextends = "cycle_b"\n', ["cycle_a.toml", "extends", "cycle"]),
    "cycle_b.toml": ('name = "b"\nextends = "cycle_a"\n', ["cycle_b.toml", "extends", "cycle"]),
    "bad_parent.toml": ('name = "x"\nextends = "no_such_preset"\n',
                        ["bad_parent.toml", "extends", "no_such_preset", "baseline"]),
    "malformed.toml": ('name = "x"\n[market\nweeks = 5\n',
                       ["malformed.toml", "malformed TOML", "line 2"]),
    "empty.toml": ("", ["empty.toml", "empty"]),
    "blank.toml": ("  \n\n", ["blank.toml", "empty"]),
}


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    for name, (text, _) in BAD_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _one_line_error(err: str, *needles: str) -> None:
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("hiresim: error: ") for line in lines), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_bad_scenario_file(name: str, command: str, bad_dir: Path, cli) -> None:
    result = cli(command, bad_dir / name)
    assert result.code == 2
    assert result.out == ""
    _one_line_error(result.err, *BAD_FILES[name][1])


@pytest.mark.parametrize("command", ["validate", "run"])
def test_binary_file_is_bad_input(command: str, tmp_path: Path, cli) -> None:
    path = tmp_path / "image.toml"
    path.write_bytes(b'name = "x"\n\xff\xfe\x00\x89PNG\n')
    result = cli(command, path)
    assert result.code == 2
    _one_line_error(result.err, "image.toml", "not a UTF-8 text file")


def test_missing_file(tmp_path: Path, cli) -> None:
    result = cli("run", tmp_path / "nope.toml")
    assert result.code == 2
    _one_line_error(result.err, "nope.toml", "no such preset or file", "baseline")


@pytest.mark.parametrize(("args", "needles"), [
    (["run", "no_such_preset"], ["no_such_preset", "no such preset", "layoff_wave"]),
    (["compare", "baseline", "no_such_preset"], ["no_such_preset", "baseline"]),
    (["run", "baseline", "--set", "market.weeks"], ["market.weeks", "dotted.key=value"]),
    (["run", "baseline", "--set", "=5"], ["dotted.key=value"]),
    (["run", "baseline", "--set", "marke.weeks=5"], ["marke", "did you mean 'market'"]),
    (["run", "baseline", "--set", "market.wekes=5"], ["market.wekes", "'weeks'", "valid:"]),
    (["run", "baseline", "--set", "market.weeks=abc"], ["market.weeks", "integer"]),
    (["run", "baseline", "--set", "market.demand_supply_ratio=-1"],
     ["market.demand_supply_ratio", "≥ 0.05"]),
    (["run", "baseline", "--set", "focal.stage=series_z"], ["focal.stage", "series_b"]),
    (["run", "baseline", "--weeks", "5000"], ["--weeks", "market.weeks", "1040"]),
    (["run", "baseline", "--metric", "fill_rat"], ["fill_rat", "did you mean 'fill_rate'"]),
    (["run", "baseline", "--metric", "zzz"], ["zzz", "unknown metric", "valid: all"]),
    (["run", "baseline", "--metric", "nothing.*"], ["nothing.*", "matches no metric"]),
    (["compare", "baseline", "baseline", "--metric", "fill_rate,bogus"], ["bogus"]),
])
def test_bad_option_values(args: list[str], needles: list[str], cli) -> None:
    result = cli(*args)
    assert result.code == 2
    _one_line_error(result.err, *needles)


@pytest.mark.parametrize(("args", "needle"), [
    (["run", "baseline", "-r", "0"], "-r/--replications: must be an integer from 1"),
    (["run", "baseline", "-r", "many"], "-r/--replications: must be an integer"),
    (["run", "baseline", "--seed", "-3"], "--seed: must be an integer ≥ 0"),
    (["compare", "baseline", "-r", "-1"], "-r/--replications"),
    (["dashboard", "--port", "70000"], "--port: must be an integer from 1 to 65535"),
    (["run"], "SCENARIO"),
    (["frobnicate"], "invalid choice"),
])
def test_argparse_errors_exit_2(args: list[str], needle: str, cli) -> None:
    result = cli(*args)
    assert result.code == 2
    assert needle in result.err and "Traceback" not in result.err


def test_validate_checks_every_file_and_reports_each(bad_dir: Path, cli) -> None:
    good = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"
    result = cli("validate", good, bad_dir / "empty.toml", "layoff_wave",
                 bad_dir / "malformed.toml")
    assert result.code == 2
    assert result.out.count("OK  ") == 2
    errors = result.err.strip().splitlines()
    assert len(errors) == 3 and "2 of 4" in errors[-1]


def test_unwritable_out_dir(tmp_path: Path, cli, small) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    result = cli("run", "baseline", "-r", "1", *small, "--out", blocker / "results")
    assert result.code == 2
    _one_line_error(result.err, "--out", "a_file", "cannot write")
    result = cli("run", "baseline", "-r", "1", *small, "--out", blocker)
    assert result.code == 2
    _one_line_error(result.err, "--out", "not a folder")


def test_non_empty_out_dir_needs_force(tmp_path: Path, cli, small) -> None:
    out = tmp_path / "results"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = cli("run", "baseline", "-r", "1", *small, "--out", out)
    assert result.code == 2
    _one_line_error(result.err, str(out), "not empty", "--force")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    # --force replaces only a folder HireSim wrote: not this one (no .hiresim marker) ...
    result = cli("run", "baseline", "-r", "1", *small, "--out", out, "--force")
    assert result.code == 2
    _one_line_error(result.err, str(out), "--force replaces only", ".hiresim")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    # ... but an earlier result, which carries the marker
    ours = tmp_path / "ours"
    assert cli("run", "baseline", "-r", "1", *small, "--out", ours).code == 0
    (ours / "stale.txt").write_text("from before")
    result = cli("run", "baseline", "-r", "1", *small, "--out", ours, "--force")
    assert result.code == 0, result.err
    assert "stale.txt" not in {p.name for p in ours.iterdir()}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _raiser(exc: BaseException):
    def func(_args: argparse.Namespace) -> int:
        raise exc
    return func


def test_internal_error_is_one_line_with_debug_hint(capsys) -> None:
    code = dispatch(argparse.Namespace(func=_raiser(RuntimeError("boom")), debug=False))
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == ("hiresim: internal error: RuntimeError: boom; "
                           "rerun with --debug for the traceback")


def test_debug_shows_the_traceback(capsys) -> None:
    code = dispatch(argparse.Namespace(func=_raiser(RuntimeError("boom")), debug=True))
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" in err and "RuntimeError: boom" in err


def test_keyboard_interrupt_exits_130(capsys) -> None:
    code = dispatch(argparse.Namespace(func=_raiser(KeyboardInterrupt()), debug=False))
    assert code == 130
    assert capsys.readouterr().err.strip() == "hiresim: interrupted"


def test_debug_is_accepted_after_the_command(cli) -> None:
    assert cli("metrics", "--debug").code == 0
    assert cli("--debug", "metrics").code == 0

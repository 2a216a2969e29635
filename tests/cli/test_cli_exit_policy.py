"""One exit-code policy for every command (sim/cli/errors.py), tested command by command.

0 ok; 2 bad input or environment, one line ``hiresim: error: ...``; 1 a bug, one line
naming ``--debug``, and with ``--debug`` the traceback; 130 interrupted.
"""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sim.cli.output
from sim.cli import COMMAND_MODULES, build_parser
from sim.cli.errors import exit_code

ROOT = Path(__file__).resolve().parents[2]
TINY = ("--weeks", "4", "--set", "candidates.n_ml=200", "--set", "startups.n=20",
        "--set", "bigtech.n_bigtech=2", "--set", "bigtech.n_labs=1")
"""Options for a market that runs in a few hundredths of a second."""
TINY_SPEC = """[sweep]
name = "tiny"
base = "baseline"
sampler = "grid"
replications = 1
seed = 3
metrics = ["fill_rate"]

[overrides]
"candidates.n_ml" = 200
"startups.n" = 20
"bigtech.n_bigtech" = 2
"bigtech.n_labs" = 1
"market.weeks" = 4

[parameters."market.demand_supply_ratio"]
values = [2.0, 3.0]
"""


def one_line(err: str, prefix: str = "hiresim: error: ", n: int = 1) -> str:
    """The first of ``n`` stderr lines, each checked to have ``prefix``; no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == n and all(line.startswith(prefix) for line in lines), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished two-run sweep of a tiny market."""
    from sim.sweep import load_spec, run_sweep

    root = tmp_path_factory.mktemp("sweep")
    (root / "spec.toml").write_text(TINY_SPEC, encoding="utf-8")
    run_sweep(load_spec(root / "spec.toml"), root / "out", workers=1, progress=False)
    return root / "out"


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    """A regular file: a path under it cannot be created, even by root."""
    path = tmp_path / "file.txt"
    path.write_text("not a folder")
    return path


def test_the_cases_below_cover_every_command() -> None:
    parser = build_parser()
    commands = set(next(a for a in parser._actions if a.choices).choices)
    assert {case[0] for case in BAD_INPUT} == commands
    assert {case[0] for case in BUGS} == commands
    assert len(COMMAND_MODULES) == 10


# ---- 2: bad input ---------------------------------------------------------------------------
BAD_INPUT: list[tuple[str, list[str], str]] = [
    ("scenarios", ["scenarios", "--bogus"], "unrecognized arguments: --bogus"),
    ("metrics", ["metrics", "extra"], "unrecognized arguments: extra"),
    ("validate", ["validate", "{tmp}/bad.toml"], "malformed TOML"),
    ("run", ["run", "no_such_preset"], "no such preset or file"),
    ("compare", ["compare", "baseline", "--metric", "zzz"], "--metric zzz: unknown metric"),
    ("strategies", ["strategies", "baseline"], "give at least one --strategy"),
    ("offer", ["offer", "{tmp}/bad.toml"], "malformed TOML"),
    ("plan", ["plan", "{tmp}/bad.toml"], "malformed TOML"),
    ("sweep", ["sweep", "no_such_sweep", "--out", "{tmp}/o"], "no such sweep spec"),
    ("analyze", ["analyze", "{tmp}/nowhere"], "not a sweep directory"),
    ("discover", ["discover", "{tmp}/nowhere", "--where", "fill_rate < 0.5"],
     "not a sweep directory"),
    ("query", ["query", "{tmp}/nowhere", "SELECT 1"], "not a sweep directory"),
    ("dashboard", ["dashboard", "--port", "0"], "--port: must be an integer from 1"),
]


@pytest.mark.parametrize(("command", "argv", "needle"), BAD_INPUT,
                         ids=[c[0] for c in BAD_INPUT])
def test_bad_input_exits_2_with_one_line(command: str, argv: list[str], needle: str,
                                         tmp_path: Path, cli) -> None:
    (tmp_path / "bad.toml").write_text('name = "x"\n[market\n')
    result = cli(*(a.format(tmp=tmp_path) for a in argv))
    assert result.code == 2, result.err
    # validate reports each bad file on its own line, then how many were bad
    assert needle in one_line(result.err, n=2 if command == "validate" else 1)


def test_a_broken_preset_folder_is_bad_input_for_scenarios(monkeypatch, tmp_path, cli) -> None:
    (tmp_path / "broken.toml").write_text("name = [\n")
    monkeypatch.setattr("sim.experiments.scenarios.preset_dir", lambda: tmp_path)
    result = cli("scenarios")
    assert result.code == 2 and "broken.toml" in one_line(result.err)


# ---- 1: bugs --------------------------------------------------------------------------------
def _boom(exc: BaseException) -> Any:
    def raiser(*_args: object, **_kwargs: object) -> Any:
        raise exc
    return raiser


# (command, argv, what to break, the exception): bare ValueError and KeyError are bugs too
BUGS: list[tuple[str, list[str], str, BaseException]] = [
    ("scenarios", ["scenarios"], "sim.experiments.scenarios.list_presets",
     RuntimeError("boom")),
    ("metrics", ["metrics"], "sim.cli.commands.info.terminal_width", KeyError("width")),
    ("validate", ["validate", "baseline"], "sim.cli.commands.info.validate_one",
     ValueError("boom")),
    ("run", ["run", "baseline", "-r", "1", *TINY], "sim.experiments.runs.run",
     KeyError("fill_rate")),
    ("compare", ["compare", "baseline", "-r", "1", *TINY],
     "sim.experiments.compare.compare_configs", ValueError("not bad input")),
    ("strategies", ["strategies", "baseline", "--strategy", "stage_aligned"],
     "sim.experiments.strategy_lab.load_strategy", RuntimeError("boom")),
    ("offer", ["offer", "docs/examples/offer_inference_seed.toml"],
     "sim.experiments.offer_check.check_offer", RuntimeError("boom")),
    ("plan", ["plan", "docs/examples/seed_startup.toml", "--workers", "1", "--json"],
     "sim.experiments.plan_search.search_plans", RuntimeError("boom")),
    ("sweep", ["sweep", "market", "--out", "{tmp}/o"], "sim.sweep.runner.run_sweep",
     ValueError("boom")),
    ("analyze", ["analyze", "{tmp}"], "sim.sweep.analysis.analyze_sweep",
     KeyError("point_id")),
    ("discover", ["discover", "{tmp}", "--where", "fill_rate < 0.5"],
     "sim.sweep.discovery.discover_sweep", ValueError("not bad input")),
    ("query", ["query", "{tmp}", "SELECT 1"], "sim.sweep.query.run_query",
     KeyError("runs")),
    ("dashboard", ["dashboard"], "sim.cli.commands.dashboard.find_app",
     RuntimeError("boom")),
]


@pytest.mark.parametrize(("command", "argv", "target", "exc"), BUGS, ids=[c[0] for c in BUGS])
def test_internal_error_exits_1_and_debug_shows_the_traceback(
        command: str, argv: list[str], target: str, exc: BaseException, tmp_path: Path,
        monkeypatch, cli) -> None:
    monkeypatch.setattr(target, _boom(exc))
    args = [a.format(tmp=tmp_path) for a in argv]
    result = cli(*args)
    assert result.code == 1, result.err
    line = one_line(result.err, prefix="hiresim: internal error: ")
    assert type(exc).__name__ in line and "rerun with --debug" in line
    result = cli(*args, "--debug")
    assert result.code == 1
    assert "Traceback (most recent call last)" in result.err
    assert target.rsplit(".", 1)[1] in result.err  # the frame that raised is shown


# ---- 2: environment -------------------------------------------------------------------------
WRITERS: list[tuple[str, list[str]]] = [
    ("run", ["run", "baseline", "-r", "1", *TINY]),
    ("strategies", ["strategies", "baseline", "--strategy", "stage_aligned", "-r", "1",
                    *TINY]),
    ("sweep", ["sweep", "{spec}", "--workers", "1", "--quiet"]),
    ("analyze", ["analyze", "{sweep}"]),
    ("plan", ["plan", "docs/examples/seed_startup.toml", "--trials", "1", "--seeds", "1",
              "--json", *TINY]),
]
# discover and query print to stdout only: they have no --out to get wrong


@pytest.mark.parametrize(("command", "argv"), WRITERS, ids=[c[0] for c in WRITERS])
def test_out_under_a_file_is_an_environment_error(command: str, argv: list[str], a_file: Path,
                                                  sweep_dir: Path, tmp_path: Path,
                                                  cli) -> None:
    (tmp_path / "spec.toml").write_text(TINY_SPEC, encoding="utf-8")
    args = [a.format(spec=tmp_path / "spec.toml", sweep=sweep_dir) for a in argv]
    result = cli(*args, "--out", a_file / "sub")
    assert result.code == 2, result.err
    line = one_line(result.err)
    assert "file.txt" in line and "not a folder" in line
    assert a_file.read_text() == "not a folder"


@pytest.mark.parametrize(("error", "advice"), [
    (OSError(errno.ENOSPC, "No space left on device", "runs.parquet"), "the disk is full"),
    (PermissionError(errno.EACCES, "Permission denied", "runs.parquet"), "permission denied"),
    (OSError(errno.EROFS, "Read-only file system", "runs.parquet"), "read-only"),
])
def test_disk_full_or_unwritable_while_writing_is_an_environment_error(
        error: OSError, advice: str, tmp_path: Path, monkeypatch, cli) -> None:
    monkeypatch.setattr(sim.cli.output, "write_run_outputs", _boom(error))
    out = tmp_path / "results"
    result = cli("run", "baseline", "-r", "1", *TINY, "--out", out)
    assert result.code == 2, result.err
    line = one_line(result.err)
    assert "runs.parquet" in line and advice in line and "--out" in line
    assert not out.exists() and list(tmp_path.iterdir()) == []  # nothing half-written


def test_an_extends_chain_far_too_deep_is_bad_input(tmp_path: Path) -> None:
    """A real chain of scenario files, deeper than the interpreter's recursion limit."""
    depth = 300
    (tmp_path / "s0.toml").write_text('name = "s0"\nextends = "baseline"\n')
    for i in range(1, depth):
        (tmp_path / f"s{i}.toml").write_text(f'name = "s{i}"\nextends = "s{i - 1}"\n')
    code = ("import sys\nimport sim.experiments.scenarios\nfrom sim.cli import main\n"
            "sys.setrecursionlimit(250)\n"
            f"raise SystemExit(main(['validate', {str(tmp_path / f's{depth - 1}.toml')!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "extends" in one_line(proc.stderr)


# ---- the map itself -------------------------------------------------------------------------
@pytest.mark.parametrize(("error", "code"), [
    (ValueError("x"), 1), (KeyError("x"), 1), (TypeError("x"), 1), (AssertionError(), 1),
    (OSError(errno.ENOSPC, "full"), 2), (NotADirectoryError(errno.ENOTDIR, "x"), 2),
    (ConnectionError("no scheduler"), 2), (RecursionError(), 2),
    (KeyboardInterrupt(), 130), (BrokenPipeError(), 0),
])
def test_exit_code_of_plain_exceptions(error: BaseException, code: int) -> None:
    assert exit_code(error) == code


def test_exit_code_of_domain_errors() -> None:
    from sim.config import ConfigError
    from sim.experiments.scenarios import ScenarioError
    from sim.sweep.analysis import AnalysisError
    from sim.sweep.runner import SweepError
    from sim.sweep.spec import SpecError
    from sim.sweep.store import StoreError

    for cls in (ConfigError, ScenarioError, SpecError, StoreError, SweepError, AnalysisError):
        assert exit_code(cls("bad")) == 2, cls


# ---- 130: interrupted -----------------------------------------------------------------------
@pytest.mark.parametrize(("argv", "target", "message"), [
    (["run", "baseline", "-r", "1", *TINY], "sim.experiments.runs.run",
     "hiresim: interrupted"),
    (["sweep", "market", "--out", "{tmp}/o"], "sim.sweep.runner.run_sweep",
     "hiresim: interrupted (finished runs are saved; continue with --resume)"),
    (["plan", "docs/examples/seed_startup.toml", "--workers", "1", "--json", "--out",
      "{tmp}/o"], "sim.experiments.plan_search.search_plans",
     "hiresim: interrupted (finished trials are saved; continue with --resume)"),
], ids=["run", "sweep", "plan"])
def test_ctrl_c_exits_130_with_one_line(argv: list[str], target: str, message: str,
                                        tmp_path: Path, monkeypatch, cli) -> None:
    monkeypatch.setattr(target, _boom(KeyboardInterrupt()))
    result = cli(*(a.format(tmp=tmp_path) for a in argv))
    assert result.code == 130
    assert result.err.strip() == message

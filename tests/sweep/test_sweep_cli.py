"""The sweep commands: exit codes, one-line errors, lazy imports, wiring into `hiresim`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sweep_helpers import spec_text

from sim.cli import main
from sim.cli.commands.sweep import resolve_spec

ROOT = Path(__file__).resolve().parents[2]


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and err.startswith("hiresim: error: ")
    return err


@pytest.mark.parametrize(("args", "words"), [
    (["--workers", "0"], "argument --workers: must be an integer ≥ 1 (got 0)"),
    (["--batch", "0"], "argument --batch: must be an integer ≥ 1 (got 0)"),
])
def test_bad_options_exit_2(write_spec, tmp_path, capsys, args, words):
    code = main(["sweep", str(write_spec()), "--out", str(tmp_path / "o"), "--quiet", *args])
    err = capsys.readouterr().err  # argparse's own: a usage line, then the error
    assert code == 2 and words in err and "Traceback" not in err


def test_bad_spec_exits_2_naming_file_and_field(write_spec, tmp_path, capsys):
    spec = write_spec(spec_text().replace('sampler = "grid"', 'sampler = "grd"'))
    assert main(["sweep", str(spec), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = one_line_error(capsys)
    assert str(spec) in err and "sweep.sampler" in err
    assert not (tmp_path / "o").exists()


def test_unknown_spec_lists_the_presets(tmp_path, capsys):
    assert main(["sweep", "no_such_sweep", "--out", str(tmp_path / "o")]) == 2
    assert "presets: levers, market, sensitivity" in one_line_error(capsys)
    assert resolve_spec("levers") == ROOT / "scenarios" / "sweeps" / "levers.toml"


def test_analyze_bad_input_exits_2(write_spec, tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nowhere")]) == 2
    assert "not a sweep directory" in one_line_error(capsys)
    out = tmp_path / "out"
    assert main(["sweep", str(write_spec()), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(out), "--metric", "startup.survival"]) == 2
    assert "--metric startup.survival: not kept by this sweep" in one_line_error(capsys)


def test_analyze_prints_markdown_without_out(write_spec, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["sweep", str(write_spec()), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert "12/12 runs recorded (12 ok, 0 failed; 12 run now)" in capsys.readouterr().out
    assert main(["analyze", str(out), "--metric", "fill_rate"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Sweep report: tiny_grid")
    assert "### market.demand_supply_ratio" in text and "| 2 | 6 |" in text
    assert "## Two-parameter grid" in text and ".png" not in text


def run_python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return out.stdout.strip()


def test_cli_module_imports_nothing_heavy():
    code = ("import sys, sim.cli.commands.sweep\n"
            "print(','.join(m for m in ('pandas', 'numpy', 'dask', 'distributed', 'mesa', "
            "'pyarrow', 'SALib', 'matplotlib') if m in sys.modules))")
    assert run_python(code) == ""


def test_hiresim_lists_sweep_and_analyze():
    out = subprocess.run([sys.executable, "-m", "sim.cli", "--help"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0 and "sweep" in out.stdout and "analyze" in out.stdout


def test_sweep_help_through_the_one_cli():
    out = subprocess.run([sys.executable, "-m", "sim.cli", "sweep", "--help"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    assert "--scheduler-file" in out.stdout and "--resume" in out.stdout

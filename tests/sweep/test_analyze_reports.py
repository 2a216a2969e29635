"""`hiresim analyze` on tiny real sweeps: --tip, --where, the spec's [analysis] table,
the self-contained HTML report, and the sweep's progress bar only on a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from sweep_helpers import TINY_OVERRIDES

from sim.cli import main
from sim.sweep import load_spec, load_sweep, run_sweep
from sim.sweep.spec import SpecError

ROOT = Path(__file__).resolve().parents[2]
RATIO = "market.demand_supply_ratio"
ONE_INPUT = """
[sweep]
name = "tiny_tip"
base = "baseline"
sampler = "grid"
replications = 3
seed = 5
metrics = ["fill_rate.startup", "weeks_to_fill.startup"]
{overrides}
[parameters."market.demand_supply_ratio"]
values = [0.5, 1.0, 2.0, 3.0, 4.0]
{analysis}"""


def spec(analysis: str = "") -> str:
    return ONE_INPUT.format(overrides=TINY_OVERRIDES, analysis=analysis)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, float]:
    """A one-input grid (5 ratios × 3 runs) and a threshold its mean curve crosses."""
    root = tmp_path_factory.mktemp("tiny_tip")
    path = root / "spec.toml"
    path.write_text(spec(), encoding="utf-8")
    run_sweep(load_spec(path), root / "out", workers=1, progress=False)
    means = load_sweep(root / "out").groupby(RATIO)["fill_rate.startup"].mean()
    assert means.max() - means.min() > 0.02, means  # the market must respond at all
    return root / "out", round(float(means.max() + means.min()) / 2, 4)


def test_analyze_tip_prints_the_crossing_with_its_interval_and_method(tiny, capsys):
    out, threshold = tiny
    assert main(["analyze", str(out), "--metric", "fill_rate.startup", "--tip",
                 f"fill_rate.startup={threshold}"]) == 0
    text = capsys.readouterr().out
    section = text.split("## Where the curve tips", 1)[1]
    assert f"### fill_rate.startup = {threshold:g}, along {RATIO}" in section
    row = next(line for line in section.splitlines() if f" {threshold:g} |" in line)
    estimate = float(row.split("|")[2])
    assert 0.5 <= estimate <= 4.0
    assert re.search(r"\| \[[0-9.]+, [0-9.]+\] \|", row) or "below" in row or "beyond" in row
    assert "percentile bootstrap over replications" in section
    assert "breakpoint (slope" in section


def test_analyze_json_has_tipping_estimates_and_the_reference(tiny, capsys):
    out, threshold = tiny
    assert main(["analyze", str(out), "--json", "--tip", f"fill_rate.startup={threshold}",
                 "--tip", "weeks_to_fill.startup"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reference"] == {RATIO: 3.0}  # the baseline preset's ratio
    first, second = data["tipping"]
    assert first["along"] == RATIO and first["threshold"] == threshold
    crossing = next(e for e in first["estimates"] if e["kind"] == "threshold")
    assert crossing["points"] == 5 and crossing["replications"] == 3
    low, high = crossing["ci95_low"], crossing["ci95_high"]
    assert low is not None and high is not None and 0.5 <= low <= high <= 4.0
    assert [e["kind"] for e in second["estimates"]] == ["breakpoint"]


@pytest.mark.parametrize(("args", "message"), [
    (["--tip", "fill_rate.strtup=0.3"], "unknown metric 'fill_rate.strtup'"),
    (["--tip", "fill_rate.startup=half"], "threshold 'half' is not a number"),
    (["--tip", "fill_rate.startup=0.3", "--along", "bigtech.pay_gap_mult"],
     "not a swept input"),
    (["--where", "fill_rate.startup <"], "not a valid expression"),
])
def test_bad_questions_are_one_line_errors(tiny, capsys, args, message):
    assert main(["analyze", str(tiny[0]), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("hiresim: error: ") and message in err and "\n" not in err


def test_the_html_report_is_self_contained_with_figures_and_sortable_tables(tiny, tmp_path,
                                                                            capsys):
    out, threshold = tiny
    report = tmp_path / "report"
    assert main(["analyze", str(out), "--out", str(report), "--tip",
                 f"fill_rate.startup={threshold}", "--where",
                 f"fill_rate.startup < {threshold}"]) == 0
    assert "report.html" in capsys.readouterr().out
    page = (report / "report.html").read_text(encoding="utf-8")
    pngs = sorted(p.name for p in report.glob("*.png"))
    assert "tipping_1_fill_rate_startup.png" in pngs
    assert page.count('<img src="data:image/png;base64,') == len(pngs)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert page.count("<table>") >= 4 and "<script>" in page and "click to sort" in page
    assert "<h2>Where the curve tips</h2>" in page and "<h2>Scenario discovery</h2>" in page
    md = (report / "report.md").read_text(encoding="utf-8")
    assert "## Scenario discovery" in md and f"`fill_rate.startup < {threshold}`" in md


def test_the_specs_analysis_table_is_reported_by_default(tmp_path, capsys):
    threshold = 0.3
    path = tmp_path / "spec.toml"
    path.write_text(spec(f'[analysis]\nwhere = "fill_rate.startup < {threshold}"\n'
                         f'tip = ["fill_rate.startup={threshold}"]\n'), encoding="utf-8")
    plain = tmp_path / "plain.toml"
    plain.write_text(spec(), encoding="utf-8")
    assert load_spec(path).spec_hash == load_spec(plain).spec_hash  # a question, not a run
    run_sweep(load_spec(path), tmp_path / "out", workers=1, progress=False)
    assert main(["analyze", str(tmp_path / "out"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["discovery"]["condition"] == f"fill_rate.startup < {threshold}"
    assert data["tipping"][0]["tip"] == f"fill_rate.startup={threshold}"


@pytest.mark.parametrize(("table", "message"), [
    ('where = "fill_rate.strtup < 0.3"', "analysis.where: unknown metric 'fill_rate.strtup'"),
    ('tip = ["fill_rate.startup=2"]', "analysis.tip: threshold 2 is outside"),
    ('tip = 3', "analysis.tip: must be a string or a list"),
    ('along = "market.weeks"', "analysis.along: 'market.weeks' is not a swept parameter"),
    ('wher = "x"', "analysis.wher: unknown key; did you mean 'where'?"),
])
def test_a_bad_analysis_table_fails_when_the_spec_is_loaded(tmp_path, table, message):
    path = tmp_path / "spec.toml"
    path.write_text(spec(f"[analysis]\n{table}\n"), encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_spec(path)
    assert message in str(err.value) and "line " in str(err.value)


def _sweep_cli(tmp_path: Path, stderr) -> subprocess.CompletedProcess:
    path = tmp_path / "two.toml"
    path.write_text(ONE_INPUT.format(overrides=TINY_OVERRIDES, analysis="").replace(
        "replications = 3", "replications = 1"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sim.cli", "sweep", str(path), "--out",
                           str(tmp_path / "out"), "--workers", "1"], stdout=subprocess.PIPE,
                          stderr=stderr, env=env, cwd=tmp_path, check=True, timeout=300)


def test_no_progress_bar_in_a_log(tmp_path):
    done = _sweep_cli(tmp_path, subprocess.PIPE)
    assert b"runs recorded" in done.stdout
    assert b"run/s" not in done.stderr and b"%|" not in done.stderr and b"\r" not in done.stderr


def test_a_progress_bar_on_a_terminal(tmp_path):
    leader, follower = pty.openpty()
    # a new terminal is 0 columns wide, where a bar has no room: give it 100
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        _sweep_cli(tmp_path, follower)
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end closed: everything was read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert b"tiny_tip" in seen and b"5/5" in seen

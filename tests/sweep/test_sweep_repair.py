"""A damaged sweep folder: one clear line without --repair; --resume --repair restores it.

The damage is what a bad disk, a full one during a copy, or a careless `cp` leaves: a
truncated chunk, a truncated manifest, a deleted ``runs.parquet``. The folder is made by
a real sweep that is interrupted (Ctrl-C raised from inside a run, as SIGINT does) after
a few batches, so finished chunks are on disk.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import pytest
from sweep_helpers import comparable, spec_text

from sim.config import SimConfig
from sim.experiments.runs import run_metrics
from sim.model.rng import derive_seed
from sim.sweep import load_spec, load_sweep, run_sweep

STOP_AT_RUN = 6
"""The interrupted sweep records runs 0–5 in three chunks of two runs, then stops."""


def interrupting_runner(cfg: SimConfig, seed: int, stop_seed: int) -> dict[str, float]:
    """The real model, except that the run with ``stop_seed`` is interrupted like Ctrl-C."""
    if seed == stop_seed:
        raise KeyboardInterrupt
    return run_metrics(cfg, seed)


def interrupted_sweep(spec_path: Path, out: Path) -> list[Path]:
    """Run the spec until run STOP_AT_RUN is interrupted; return the chunk files written."""
    spec = load_spec(spec_path)
    runner = functools.partial(interrupting_runner,
                               stop_seed=derive_seed(spec.seed, STOP_AT_RUN))
    with pytest.raises(KeyboardInterrupt):
        run_sweep(spec, out, workers=1, batch=2, runner=runner, progress=False)
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    chunks = sorted((out / "chunks").glob("*.parquet"))
    assert len(chunks) == STOP_AT_RUN // 2
    return chunks


def truncate(path: Path) -> None:
    """Keep the first half of a file, as an interrupted copy or a bad disk does."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from sim.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hiresim: error: "), err
    assert "Traceback" not in err
    return lines[0]


def test_a_truncated_chunk_is_named_then_quarantined_and_its_runs_rerun(write_spec, tmp_path,
                                                                        reference_grid,
                                                                        capsys):
    spec, out = write_spec(), tmp_path / "out"
    damaged = interrupted_sweep(spec, out)[1]
    truncate(damaged)
    broken = damaged.read_bytes()

    for argv in (["sweep", str(spec), "--out", str(out), "--resume", "--workers", "1",
                  "--quiet"], ["analyze", str(out)]):
        code, _, err = cli(capsys, *argv)
        line = one_error_line(err)
        assert code == 2
        assert str(damaged) in line and "unreadable" in line
        assert f"hiresim sweep {spec} --out {out} --resume --repair" in line

    code, stdout, err = cli(capsys, "sweep", str(spec), "--out", str(out), "--resume",
                            "--repair", "--workers", "1", "--quiet")
    assert code == 0, err
    assert (f"repair: moved chunks/{damaged.name} to quarantine/{damaged.name} (unreadable: "
            in err)
    assert "12/12 runs recorded (12 ok, 0 failed; 8 run now)" in stdout  # 4 kept
    assert (out / "quarantine" / damaged.name).read_bytes() == broken  # moved, not deleted
    assert damaged.name in (out / "quarantine" / "reasons.txt").read_text()
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["repairs"]) == 1

    code, _, err = cli(capsys, "sweep", str(spec), "--out", str(out), "--resume",
                       "--repair", "--quiet")
    assert code == 0 and "repair: nothing to repair" in err


def test_a_truncated_manifest_is_rebuilt_from_the_spec(write_spec, tmp_path, reference_grid,
                                                       capsys):
    spec, out = write_spec(), tmp_path / "out"
    interrupted_sweep(spec, out)
    truncate(out / "manifest.json")

    code, _, err = cli(capsys, "sweep", str(spec), "--out", str(out), "--resume", "--quiet")
    line = one_error_line(err)
    assert code == 2 and f"{out / 'manifest.json'}: unreadable" in line
    assert "rebuild it from the spec" in line and "--resume --repair" in line

    other = write_spec(spec_text().replace("[2.0, 3.0]", "[2.0, 3.5]"), name="other.toml")
    code, _, err = cli(capsys, "sweep", str(other), "--out", str(out), "--resume",
                       "--repair", "--quiet")
    assert code == 2 and "was not started with" in one_error_line(err)
    assert not (out / "quarantine" / "manifest.json").exists()  # a refused repair moves nothing

    code, stdout, err = cli(capsys, "sweep", str(spec), "--out", str(out), "--resume",
                            "--repair", "--workers", "1", "--quiet")
    assert code == 0, err
    assert f"repair: rebuilt manifest.json from {spec}" in err
    assert "12/12 runs recorded (12 ok, 0 failed; 6 run now)" in stdout  # runs 0–5 kept
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["n_runs"] == 12
    assert manifest["spec_hash"] == load_spec(spec).spec_hash
    assert (out / "quarantine" / "manifest.json").is_file()


def test_analyze_without_runs_parquet_says_how_to_rebuild_it(write_spec, tmp_path,
                                                             reference_grid, capsys):
    spec, out = write_spec(), tmp_path / "out"
    run_sweep(load_spec(spec), out, workers=1, progress=False)
    (out / "runs.parquet").unlink()

    code, _, err = cli(capsys, "analyze", str(out))
    line = one_error_line(err)
    assert code == 2 and "runs.parquet is missing" in line and "0 of 12 runs" in line
    fix = f"hiresim sweep {spec} --out {out} --resume"
    assert fix in line

    code, _, err = cli(capsys, *fix.split()[1:], "--workers", "1", "--quiet")
    assert code == 0, err
    pd.testing.assert_frame_equal(comparable(load_sweep(out)), comparable(reference_grid))
    assert cli(capsys, "analyze", str(out))[0] == 0


def test_analyze_finishes_a_compaction_cut_short(write_spec, tmp_path, reference_grid, capsys):
    """A crash between marking the sweep complete and merging its chunks leaves only chunks."""
    spec, out = write_spec(), tmp_path / "out"
    run_sweep(load_spec(spec), out, workers=1, progress=False)
    (out / "runs.parquet").rename(out / "chunks" / "chunk-0000000000-00012.parquet")

    code, _, err = cli(capsys, "analyze", str(out), "--json")
    assert code == 0, err
    assert f"note: rebuilt {out / 'runs.parquet'} from its chunks" in err
    assert not list((out / "chunks").iterdir())
    pd.testing.assert_frame_equal(comparable(pd.read_parquet(out / "runs.parquet")),
                                  comparable(reference_grid))


def test_repair_needs_resume(write_spec, tmp_path, capsys):
    code, _, err = cli(capsys, "sweep", str(write_spec()), "--out", str(tmp_path / "out"),
                       "--repair", "--quiet")
    assert code == 2 and "--repair works on an existing sweep: add --resume" in err
    assert not (tmp_path / "out").exists()

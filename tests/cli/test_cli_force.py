"""``--force`` replaces only HireSim's own folders, and never the working directory or $HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.sweep.outdir import read_marker, write_marker


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    """A folder HireSim wrote before (it carries the marker), with a file in it."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me")
    write_marker(folder, "run")
    return folder


def test_force_on_a_foreign_folder_is_refused(tmp_path: Path, cli, small) -> None:
    out = tmp_path / "photos"
    out.mkdir()
    (out / "holiday.jpg").write_bytes(b"\xff\xd8")
    result = cli("run", "baseline", "-r", "1", *small, "--out", out, "--force")
    assert result.code == 2
    assert "--force replaces only folders HireSim wrote" in result.err
    assert [p.name for p in out.iterdir()] == ["holiday.jpg"]


@pytest.mark.parametrize(("where", "words"), [(".", "is the working directory"),
                                              ("..", "contains the working directory")])
def test_force_never_replaces_the_working_directory_or_a_parent(ours: Path, monkeypatch, cli,
                                                                small, where, words) -> None:
    inner = ours / "inner"
    inner.mkdir()
    write_marker(inner, "run")
    monkeypatch.chdir(inner)
    result = cli("run", "baseline", "-r", "1", *small, "--out", where, "--force")
    assert result.code == 2
    assert words in result.err and "refusing" in result.err
    assert (ours / "precious.txt").read_text() == "keep me" and inner.is_dir()


def test_force_never_replaces_home(ours: Path, monkeypatch, cli, small) -> None:
    monkeypatch.setenv("HOME", str(ours))
    result = cli("run", "baseline", "-r", "1", *small, "--out", ours, "--force")
    assert result.code == 2 and "home folder ($HOME)" in result.err
    assert (ours / "precious.txt").read_text() == "keep me"


def test_force_replaces_an_earlier_result(ours: Path, cli, small) -> None:
    result = cli("run", "baseline", "-r", "1", *small, "--out", ours, "--force")
    assert result.code == 0, result.err
    assert not (ours / "precious.txt").exists() and (ours / "runs.parquet").is_file()
    assert read_marker(ours)["kind"] == "run"
    assert [p.name for p in ours.parent.iterdir() if p.name.startswith(".")] == []


def test_a_folder_another_command_is_writing_is_refused(tmp_path: Path, cli, small) -> None:
    from sim.sweep.outdir import output_lock

    out = tmp_path / "busy"
    with output_lock(out, "strategies"):
        result = cli("run", "baseline", "-r", "1", *small, "--out", out)
    assert result.code == 2
    assert f"--out {out} is in use by PID {os.getpid()}" in result.err
    assert "hiresim strategies" in result.err and not out.exists()

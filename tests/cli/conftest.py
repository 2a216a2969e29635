"""Helpers for the command-line tests: call ``main`` in-process and capture its output."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from sim.cli import main

SMALL: tuple[str, ...] = (
    "--weeks", "6",
    "--set", "candidates.n_ml=300",
    "--set", "startups.n=30",
    "--set", "bigtech.n_bigtech=3",
    "--set", "bigtech.n_labs=2",
)
"""Options that make any scenario a small, fast market (≈0.1 s a run)."""


@dataclass
class Outcome:
    """Exit code and captured output of one ``hiresim`` call."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Stdout parsed as JSON."""
        return json.loads(self.out)


@pytest.fixture
def small() -> tuple[str, ...]:
    """Command-line options for a small, fast market (see :data:`SMALL`)."""
    return SMALL


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """Run ``hiresim ARGS`` in this process; return its exit code, stdout and stderr."""

    def call(*args: str) -> Outcome:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return call

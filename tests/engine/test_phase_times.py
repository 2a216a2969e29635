"""``scripts/phase_times.py`` (docs/performance.md) times every weekly phase of a real run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_phase_times_lists_every_phase_with_its_share_of_the_week():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "phase_times.py"),
                          "--candidates", "1000"], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}).stdout
    lines = out.splitlines()
    assert lines[0].startswith("1,000 candidates, 104 weeks, seed 1:")
    per_week = {line[:32].strip(): float(line[32:].split()[0]) for line in lines[1:]}
    for phase in ("candidate_flow", "update_requisitions", "apply", "advance", "make_offers",
                  "decide", "advance_startups", "drop_ended", "record_week",
                  "apply: _applications", "apply: _start_processes"):
        assert per_week[phase] > 0, phase
    week_ms = float(lines[0].split(",")[-1].split()[0])
    phases = sum(v for k, v in per_week.items() if not k.startswith("apply:"))
    assert phases <= week_ms  # the phases are parts of the week

"""``scripts/crn_check.py`` (docs/architecture.md) measures the rest of the market's noise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_crn_check_prints_a_paired_difference_per_market_metric():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "crn_check.py"), "-r", "3",
                          "--weeks", "20"], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}).stdout
    lines = out.splitlines()
    assert "lean_and_explained − stage_aligned, 3 common seeds" in lines[0]
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert set(rows) == {"fill_rate.startup", "offer_acceptance.startup", "vacancy_yield.all"}
    for cells in rows.values():
        mean, low, high = float(cells[1]), float(cells[2].strip("[,")), float(cells[3].strip("]"))
        assert low <= mean <= high
        assert float(cells[4]) >= 0.0

"""``hiresim offer``: JSON shape, and bad offers exit 2 with one line naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

OFFER = """name = "t"
extends = "baseline"
[offer]
role = "ml_engineer"
seniority = "senior"
stage = "seed"
base_kusd = 190
equity_pct = 0.5
vesting_years = 4
explained = false
process = "lean"
deadline_weeks = 1
[market]
weeks = 20
[candidates]
n_ml = 400
[startups]
n = 30
[bigtech]
n_bigtech = 2
n_labs = 1
"""


def offer_file(tmp_path: Path, **changes: str) -> Path:
    lines = [next((f"{k} = {v}" for k, v in changes.items() if ln.startswith(f"{k} =")), ln)
             for ln in OFFER.splitlines()]
    path = tmp_path / "offer.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_json_shape(tmp_path: Path, cli) -> None:
    result = cli("offer", offer_file(tmp_path), "-r", "2", "--seats", "2", "--workers", "1",
                 "--json")
    assert result.code == 0, result.err
    doc = result.json()
    assert set(doc) >= {"offer", "p_accept", "segments", "value_percentile", "base_percentile",
                        "reasons", "whatifs", "cheapest", "target", "replications",
                        "lost_midprocess_per_run", "pay_floor_deterred", "elapsed_s",
                        "written_offers", "grant_value_kusd_per_year",
                        "equity_steps_explained"}
    assert doc["written_offers"] <= doc["offers"] and doc["equity_steps_explained"]
    assert len(doc["p_accept"]) == 3 and doc["target"] == 0.7 and doc["replications"] == 2
    assert [(s["segment"], s["group"]) for s in doc["segments"]][:2] == [
        ("financial security", "low"), ("financial security", "high")]
    assert len(doc["segments"]) == 8
    changes = [w["change"] for w in doc["whatifs"]]
    assert changes[0] == "as offered" and "explain the package" in changes
    assert "lean process" not in changes  # the offer is lean already
    for w in doc["whatifs"]:
        assert {"p_accept", "diff", "cash_cost_kusd_per_year", "equity_cost_kusd_per_year",
                "runway_weeks_lost", "reaches_target", "grant_value_kusd_per_year"} <= set(w)


def test_worker_processes_give_the_serial_answer(tmp_path: Path, cli) -> None:
    # Two workers (a fork server that has imported the model) and one process run the
    # same seeds: the report is the same, whatever order the runs finish in.
    docs = []
    for workers in ("1", "2"):
        result = cli("offer", offer_file(tmp_path), "-r", "3", "--seats", "2", "--workers",
                     workers, "--json")
        assert result.code == 0, result.err
        docs.append({k: v for k, v in result.json().items() if k != "elapsed_s"})
    assert docs[0] == docs[1]


def test_table_output(tmp_path: Path, cli) -> None:
    result = cli("offer", offer_file(tmp_path), "-r", "2", "--seats", "2", "--workers", "1")
    assert result.code == 0, result.err
    for text in ("P(accept)", "Why it loses", "What would reach P(accept) ≥ 0.7", "base +5%"):
        assert text in result.out


@pytest.mark.parametrize(("key", "value", "field"), [
    ("equity_pct", "120", "offer.equity_pct"),
    ("base_kusd", "-5", "offer.base_kusd"),
    ("role", '"wizard"', "offer.role"),
])
def test_bad_offer_exits_2_with_one_line(tmp_path: Path, key: str, value: str, field: str,
                                         cli) -> None:
    result = cli("offer", offer_file(tmp_path, **{key: value}), "-r", "2")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hiresim: error: ") and field in lines[0]


def test_missing_file_and_bad_target_exit_2(tmp_path: Path, cli) -> None:
    assert cli("offer", tmp_path / "nope.toml").code == 2
    assert cli("offer", offer_file(tmp_path), "--target", "2").code == 2

"""``hiresim strategies`` and ``hiresim validate`` on strategy files (issue 14, item 4)."""

from __future__ import annotations

SCENARIO = "docs/examples/seed_startup.toml"


def test_validate_recognises_a_strategy_file(cli, tmp_path):
    out = cli("validate", "scenarios/strategies/lean_and_explained.toml", SCENARIO)
    assert out.code == 0, out.err
    assert "strategy 'lean_and_explained': sets" in out.out
    assert "scenario 'acme_ai_seed'" in out.out
    bad = tmp_path / "too_generous.toml"
    bad.write_text('name = "too_generous"\n[focal]\npay_mult = 9.0\n')
    out = cli("validate", str(bad))
    assert out.code == 2
    assert "focal.pay_mult: must be ≤ 5.0" in out.err
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('name = "w"\n[focal]\nlean_proces = true\n')
    out = cli("validate", str(wrong))
    assert out.code == 2 and "a strategy may set only hiring levers" in out.err


def test_one_strategy_reads_in_the_singular_with_seats_practice_and_caution(cli, small,
                                                                           tmp_path):
    plain = tmp_path / "acme.toml"
    plain.write_text('name = "acme"\nextends = "baseline"\n[focal]\nstage = "seed"\n'
                     "cash_musd = 4.0\n")
    out = cli("strategies", str(plain), "--strategy", "stage_aligned", "-r", "1", *small)
    assert out.code == 0, out.err
    assert "1 strategy on common seeds" in out.out
    assert "1 replication per strategy (as requested)" in out.out
    assert "1 strategies" not in out.out and "1 replications" not in out.out
    assert "Levers not set in the file or strategy: precise_titles=off (market practice: " \
        "40% of startups)" in out.out
    assert "lean_process=off (market practice: 49% of startups)" in out.out
    assert "Caution: 1 seed per strategy is few." in out.out
    assert "Seats (each seat once" in out.out
    assert "focal.weeks_to_round" in out.out and "focal.raised_round" in out.out


def test_pairs_all_compares_every_pair_on_the_same_seeds(cli, small):
    args = ("strategies", SCENARIO, "--strategy", "stage_aligned", "--strategy",
            "lean_and_explained", "--strategy", "bigtech_clone", "-r", "2", *small)
    out = cli(*args, "--pairs", "all")
    assert out.code == 0, out.err
    assert "Every pair" in out.out
    assert "bigtech_clone − lean_and_explained" in out.out
    doc = cli(*args, "--pairs", "all", "--json").json()
    metrics = len(doc["metrics"])
    assert len(doc["pairs"]) == 3 * metrics
    assert {(p["reference"], p["strategy"]) for p in doc["pairs"]} == {
        ("stage_aligned", "lean_and_explained"), ("stage_aligned", "bigtech_clone"),
        ("lean_and_explained", "bigtech_clone")}
    assert doc["few_seeds"] is True and "seats" in doc and "unset_levers" in doc
    first = cli(*args, "--json").json()
    assert "pairs" not in first
    assert "Every pair" not in cli(*args).out


def test_out_writes_the_planned_seats_and_pairs(cli, small, tmp_path):
    out = cli("strategies", SCENARIO, "--strategy", "stage_aligned", "-r", "1", *small,
              "--out", str(tmp_path / "lab"))
    assert out.code == 0, out.err
    assert (tmp_path / "lab" / "planned_seats.parquet").is_file()
    assert (tmp_path / "lab" / "pairs.parquet").is_file()


def test_seat_fill_prints_median_week_shares_by_13_26_52_weeks_and_runway(cli, tmp_path):
    """Issue 14, item 2: per seat and strategy, when it fills; the runway beside it."""
    plan = tmp_path / "two_seats.toml"
    plan.write_text('name = "two_seats"\n[focal]\nlean_process = true\n'
                    '[[focal.seats]]\nrole = "ml_engineer"\nseniority = "mid"\nweek = 0\n'
                    '[[focal.seats]]\nrole = "ai_engineer"\nseniority = "mid"\nweek = 4\n')
    args = ("strategies", SCENARIO, "--strategy", str(plan), "--strategy", "bigtech_clone",
            "-r", "3", "--weeks", "20", "--set", "candidates.n_ml=400", "--set",
            "startups.n=40")
    out = cli(*args, "--ramp-weeks", "4", "--out", str(tmp_path / "lab"))
    assert out.code == 0, out.err
    assert "When each seat fills (weeks 1–20): P(filled by week w)" in out.out
    assert "with 4 weeks on the team before the cash runs out" in out.out
    table = out.out.split("When each seat fills")[1].split("Runway")[0]
    assert "median week filled [95%]" in table and "by 13 w" in table
    for seat in ("mid ml_engineer", "mid ai_engineer"):
        assert seat in table
    assert "3/3" in table  # the plan opens both seats in every run
    assert "Runway (the week the cash runs out" in out.out
    assert "two_seats: week " in out.out and "bigtech_clone: week " in out.out

    import pandas as pd

    from sim.experiments.fill_curves import CURVE_COLUMNS

    curves = pd.read_parquet(tmp_path / "lab" / "fill_curves.parquet")
    assert list(curves.columns) == list(CURVE_COLUMNS)
    one = curves[(curves["strategy"] == "two_seats") & (curves["seat"] == "mid ml_engineer")]
    assert list(one["week"]) == list(range(1, 21)) and (one["runs"] == 3).all()
    assert ((curves["p_low"] <= curves["p_filled"]) & (curves["p_filled"] <= curves["p_high"])
            ).all()
    summary = pd.read_parquet(tmp_path / "lab" / "seat_fill.parquet")
    assert {"median_week", "p_by_13w", "p_by_52w", "p_productive"} <= set(summary.columns)
    assert summary["p_by_52w"].isna().all()  # beyond the 20-week horizon: not estimated

    doc = cli(*args, "--json").json()
    fill = doc["seat_fill"]
    assert fill["horizon"] == 20 and fill["ramp_weeks"] == 8.0
    assert {r["strategy"] for r in fill["summary"]} == {"two_seats", "bigtech_clone"}
    assert all(r["p_by_52w"] is None for r in fill["summary"])
    assert {r["strategy"] for r in fill["runway"]} == {"two_seats", "bigtech_clone"}
    bad = cli(*args, "--ramp-weeks", "-3")
    assert bad.code == 2 and "--ramp-weeks" in bad.err

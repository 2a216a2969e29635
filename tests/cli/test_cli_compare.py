"""``hiresim compare``: common random numbers, paired differences, unique arm names."""

from __future__ import annotations

from sim.cli.common import HEADLINE_METRICS
from sim.outputs.registry import REGISTRY


def test_compare_baseline_with_itself_differs_by_exactly_zero(cli, small) -> None:
    result = cli("compare", "baseline", "baseline", "-r", "3", "--metric", "all", "--json",
                 *small)
    assert result.code == 0, result.err
    doc = result.json()
    assert doc["arms"] == ["baseline", "baseline#2"]
    assert doc["reference"] == "baseline" and doc["replications"] == 3
    assert list(doc["metrics"]) == list(REGISTRY)
    compared = 0
    for name, arms in doc["metrics"].items():
        ref, twin = arms["baseline"], arms["baseline#2"]
        assert list(twin) == ["mean", "ci95_low", "ci95_high", "n", "method", "missing",
                              "diff", "diff_ci95_low", "diff_ci95_high", "diff_method",
                              "p_better"], name
        assert twin["mean"] == ref["mean"] and twin["n"] == ref["n"], name
        if twin["diff"] is not None:
            assert twin["diff"] == 0.0, name
            interval = [twin["diff_ci95_low"], twin["diff_ci95_high"]]
            assert interval in ([0.0, 0.0], [None, None]), name  # None: one run
            assert twin["p_better"] == 0.0
            compared += 1
    assert compared >= 30


def test_compare_default_metrics_and_table(cli, small) -> None:
    result = cli("compare", "baseline", "deliberate_startups", "baseline", "-r", "2", *small)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("3 scenarios × 2 common seeds × 6 weeks")
    assert "diff vs baseline" in lines[2] and "95% interval of diff" in lines[2]
    shown = [line.split()[0] for line in lines[4:] if line and not line.startswith(" ")]
    assert shown == list(HEADLINE_METRICS)
    arms = [line.split()[1] if not line.startswith(" ") else line.split()[0]
            for line in lines[4:]]
    assert arms[:3] == ["baseline", "deliberate_startups", "baseline#2"]
    assert "(reference)" in lines[4]


def test_compare_paired_difference_matches_the_means(cli, small) -> None:
    result = cli("compare", "baseline", "balanced_market", "-r", "3", "--json", *small,
                 "--metric", "fill_rate.startup,demand_supply_ratio")
    assert result.code == 0, result.err
    doc = result.json()
    assert doc["scenarios"] == {"baseline": "baseline", "balanced_market": "balanced_market"}
    for arms in doc["metrics"].values():
        ref, other = arms["baseline"], arms["balanced_market"]
        if other["diff"] is not None and other["n"] == ref["n"] == 3:
            assert abs(other["diff"] - (other["mean"] - ref["mean"])) < 1e-9
    ratio = doc["metrics"]["demand_supply_ratio"]
    assert ratio["balanced_market"]["mean"] < ratio["baseline"]["mean"]

"""The dashboard in a real browser: runs, charts, downloads, and no outside request."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import screenshot, wait_until_still

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

METRIC = "[data-testid=stMetric]"
CHART = ".js-plotly-plot"
SMALL_ARM = "candidates.n_ml=600;startups.n=60;market.weeks=52"


def wait_for_charts(tab, count: int) -> None:
    """Wait until at least ``count`` plotly charts have drawn."""
    tab.wait_for_function(f"document.querySelectorAll('{CHART} .main-svg').length >= {count}")


def metric_values(tab) -> list[str]:
    """The value text of every metric card on the page."""
    return tab.locator("[data-testid=stMetricValue]").all_inner_texts()


def test_market_run_numbers_charts_and_download(page):
    tab, rec, base = page
    tab.goto(base)
    button = tab.get_by_role("button", name="Run simulation")
    button.wait_for()
    started = time.perf_counter()
    button.click()
    tab.locator(METRIC).first.wait_for()
    first_result = time.perf_counter() - started
    wait_for_charts(tab, 6)
    all_charts = time.perf_counter() - started
    print(f"\nMarket page, baseline (half size, 5 replications): Run → first result "
          f"{first_result:.1f} s, → all charts {all_charts:.1f} s")
    values = metric_values(tab)
    assert len(values) == 8
    assert all(re.fullmatch(r"[0-9.]+( wk|%)?", v) for v in values), values
    assert "preset=baseline" in tab.url and "reps=5" in tab.url
    screenshot(tab, "market")

    tab.get_by_text("All metrics and per-run data").click()
    button = tab.get_by_role("button", name="Download per-run metrics (CSV)")
    wait_until_still(button)  # the table above it settles after the expander opens
    with tab.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "hiresim_baseline_runs.csv"
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("replication,seed,") and len(lines) == 6


def test_market_url_restores_settings(page):
    tab, _, base = page
    tab.goto(f"{base}/?preset=layoff_wave&reps=3&seed=7")
    tab.get_by_role("button", name="Run simulation").wait_for()
    sidebar = tab.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("layoff wave", exact=False).first.wait_for()  # the preset's description
    assert sidebar.get_by_role("spinbutton", name="Replications").input_value() == "3"
    assert sidebar.get_by_role("spinbutton", name="Base seed").input_value() == "7"


def test_compare_two_presets(page):
    tab, _, base = page
    tab.goto(f"{base}/compare?arms=baseline|{SMALL_ARM},pay_gap_widens|{SMALL_ARM}&reps=3")
    tab.get_by_role("button", name="Compare").click()
    tab.locator(METRIC).first.wait_for()
    wait_for_charts(tab, 3)
    assert len(metric_values(tab)) == 8
    screenshot(tab, "compare")


def test_strategy_lab(page):
    tab, _, base = page
    tab.goto(f"{base}/strategy-lab")
    sidebar = tab.locator("[data-testid=stSidebar]")
    sidebar.get_by_role("button", name="Compare strategies").wait_for()
    sidebar.get_by_label("Replications per strategy").fill("3")
    sidebar.get_by_text("Extra settings").click()
    sidebar.locator("textarea").fill("candidates.n_ml = 800\nstartups.n = 80\n"
                                     "market.weeks = 78")
    started = time.perf_counter()
    sidebar.get_by_role("button", name="Compare strategies").click()
    tab.locator(METRIC).first.wait_for()
    wait_for_charts(tab, 4)
    print(f"\nStrategy lab, 3 strategies × 3 runs (800 candidates, 78 weeks): "
          f"{time.perf_counter() - started:.1f} s")
    assert len(metric_values(tab)) == 12
    screenshot(tab, "strategy_lab")


def test_sweep_view_and_csv_download(page, tmp_path):
    from sim.sweep import run_sweep, spec_from_dict

    spec = spec_from_dict({
        "sweep": {"name": "e2e_grid", "base": "baseline", "sampler": "grid",
                  "replications": 2, "seed": 3},
        "overrides": {"market.weeks": 26, "candidates.n_ml": 400, "startups.n": 40},
        "parameters": {"market.demand_supply_ratio": {"values": [1.0, 2.0, 3.0]},
                       "startups.share_deliberate": {"values": [0.0, 0.5, 1.0]}}})
    folder = tmp_path / "e2e_grid"
    run_sweep(spec, folder, workers=1, progress=False)

    tab, _, base = page
    tab.goto(f"{base}/sweeps?dir={folder}")
    tab.locator(METRIC).first.wait_for()
    wait_for_charts(tab, 3)
    screenshot(tab, "sweeps")
    button = tab.get_by_role("button", name="Download filtered runs (CSV)")
    wait_until_still(button)
    with tab.expect_download() as info:
        button.click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("run_id,point_id,replication,seed,")
    assert len(lines) == 1 + 18


def test_about_page(page):
    tab, _, base = page
    tab.goto(f"{base}/about")
    tab.get_by_role("heading", name="About the model").wait_for()
    screenshot(tab, "about")

"""The Plan search page in a real browser: a small search, its charts, table and strategy file."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from conftest import screenshot, wait_until_still

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

METRIC = "[data-testid=stMetric]"
CHART = ".js-plotly-plot"


def test_plan_search_runs_and_offers_the_best_plan(page):
    tab, _, base = page
    tab.goto(f"{base}/plan-search")
    sidebar = tab.locator("[data-testid=stSidebar]")
    button = sidebar.get_by_role("button", name="Search plans")
    button.wait_for()
    sidebar.get_by_label("Trials (plans to try)").fill("6")
    sidebar.get_by_label("Common seeds per trial").fill("2")
    sidebar.get_by_label("Fresh seeds for the finalists").fill("4")
    started = time.perf_counter()
    button.click()
    tab.locator(METRIC).first.wait_for()
    tab.wait_for_function(f"document.querySelectorAll('{CHART} .main-svg').length >= 2")
    print(f"\nPlan search page, 6 trials × 2 seeds + finalists on 4 fresh seeds (600 "
          f"candidates, 52 weeks): {time.perf_counter() - started:.1f} s")
    values = tab.locator("[data-testid=stMetricValue]").all_inner_texts()
    assert len(values) == 3 and values[2] == "6 of 6"
    assert tab.get_by_role("heading", name="Best plan:").count() == 1
    tab.locator("[data-testid=stDataFrame]").first.wait_for()  # the finalists' table
    screenshot(tab, "plan_search")

    tab.get_by_text("All trials and downloads").click()
    download = tab.get_by_role("button", name="Download the best plan (strategy TOML)")
    wait_until_still(download)
    with tab.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "best_plan.toml"
    doc = tomllib.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["name"] == "best_plan" and {"pay_mult", "equity_mult"} <= set(doc["focal"])

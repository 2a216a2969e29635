"""The founders' pages in a real browser: the Offer check and the Strategy lab's fill curves."""

from __future__ import annotations

import re
import time

import pytest
from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHART = ".js-plotly-plot"


def test_offer_check_runs_and_shows_p_accept(page):
    tab, _, base = page
    tab.goto(f"{base}/offer-check")
    sidebar = tab.locator("[data-testid=stSidebar]")
    button = sidebar.get_by_role("button", name="Check the offer")
    button.wait_for()
    sidebar.get_by_role("spinbutton", name="Replications per option").fill("3")
    started = time.perf_counter()
    button.click()
    heading = tab.get_by_role("heading", name=re.compile(r"^P\(accept\): "))
    heading.wait_for()
    tab.wait_for_function(f"document.querySelectorAll('{CHART} .main-svg').length >= 3")
    print(f"\nOffer check, 3 replications per option (half-size market, 52 weeks): "
          f"{time.perf_counter() - started:.1f} s")
    assert re.fullmatch(r"P\(accept\): \d+% \[\d+–\d+%\]", heading.inner_text().strip())
    assert tab.get_by_text("What would close it").first.is_visible()
    values = tab.locator("[data-testid=stMetricValue]").all_inner_texts()
    assert len(values) == 4 and re.fullmatch(r"\d+%", values[0]), values
    screenshot(tab, "offer_check")


def test_strategy_lab_draws_the_fill_curves_with_the_runway(page):
    tab, _, base = page
    tab.goto(f"{base}/strategy-lab")
    sidebar = tab.locator("[data-testid=stSidebar]")
    sidebar.get_by_role("button", name="Compare strategies").wait_for()
    sidebar.get_by_role("spinbutton", name="Replications per strategy").fill("2")
    sidebar.get_by_text("Extra settings").click()
    sidebar.locator("textarea").fill("candidates.n_ml = 500\nstartups.n = 50\n"
                                     "market.weeks = 40")
    sidebar.get_by_role("button", name="Compare strategies").click()
    tab.get_by_role("heading", name="When each seat fills").wait_for()
    chart = tab.locator(CHART).filter(has_text="seat fills, and when the cash runs out")
    chart.first.wait_for()
    chart.first.scroll_into_view_if_needed()
    legend = chart.first.locator(".legendtext").all_text_contents()
    assert any("cash runs out" in t for t in legend), legend
    section = tab.locator("[data-testid=stVerticalBlock]").filter(
        has=tab.get_by_role("heading", name="When each seat fills")).last
    # The seat's table streams in after the chart: wait for it rather than count at once.
    section.locator("[data-testid=stDataFrame]").first.wait_for()
    assert section.locator("[data-testid=stDataFrame]").count() >= 1  # the seat's table
    screenshot(tab, "strategy_lab_fill_curves")

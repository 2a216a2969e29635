"""Scenario discovery on the Sweeps page, in a real browser: type a condition, see the box."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import screenshot, wait_until_still

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHART = ".js-plotly-plot"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> tuple[str, float]:
    """A 4 × 3 grid on a small market, and a threshold that splits its point means."""
    from sim.sweep import load_sweep, run_sweep, spec_from_dict

    spec = spec_from_dict({
        "sweep": {"name": "e2e_discovery", "base": "baseline", "sampler": "grid",
                  "replications": 2, "seed": 4},
        "overrides": {"market.weeks": 12, "candidates.n_ml": 300, "startups.n": 30},
        "parameters": {"market.demand_supply_ratio": {"values": [1.0, 2.0, 3.0, 4.0]},
                       "bigtech.pay_gap_mult": {"values": [1.0, 1.5, 2.0]}}})
    folder = tmp_path_factory.mktemp("e2e") / "e2e_discovery"
    run_sweep(spec, folder, workers=1, progress=False)
    means = load_sweep(folder)["fill_rate.startup"]
    assert means.nunique() > 2, means
    return str(folder), round(float(means.median()), 4)


def charts_drawn(tab) -> int:
    return tab.evaluate(f"document.querySelectorAll('{CHART} .main-svg').length")


def test_discovery_finds_a_box_and_keeps_it_in_the_url(page, sweep):
    folder, threshold = sweep
    condition = f"fill_rate.startup < {threshold}"
    tab, _, base = page
    tab.goto(f"{base}/sweeps?dir={folder}")
    box = tab.get_by_label("Condition", exact=True)
    box.wait_for()
    tab.wait_for_function(f"document.querySelectorAll('{CHART} .main-svg').length >= 3")
    before = charts_drawn(tab)
    box.fill(condition)
    button = tab.get_by_role("button", name="Find the region")
    wait_until_still(button)
    button.click()

    summary = tab.get_by_text(f"{condition} holds when")
    summary.wait_for()
    assert "coverage" in summary.inner_text() and "density" in summary.inner_text()
    tab.get_by_text("Peeling trajectory").first.wait_for()
    tab.wait_for_function(
        f"document.querySelectorAll('{CHART} .main-svg').length > {before}")
    # The right-hand column streams in after the chart: wait for it (is_visible does not).
    tab.get_by_text("Box limits").wait_for()
    tab.get_by_text("Do not matter (unrestricted)").wait_for()
    cards = tab.locator("[data-testid=stMetricLabel]").all_inner_texts()
    assert {"Coverage", "Density", "Holds in"} <= {c.strip() for c in cards}
    assert "where=" in tab.url
    screenshot(tab, "sweeps_discovery")

    # the URL alone brings the same discovery back
    tab.goto(f"{base}/sweeps?dir={folder}&where={quote(condition)}")
    tab.get_by_text(f"{condition} holds when").wait_for()


def test_a_bad_condition_is_one_line_in_red(page, sweep):
    folder, _ = sweep
    tab, _, base = page
    tab.goto(f"{base}/sweeps?dir={folder}&where={quote('fill_rate.strtup < 0.3')}")
    error = tab.locator("[data-testid=stAlertContentError]")
    error.wait_for()
    text = error.inner_text()
    assert "unknown metric 'fill_rate.strtup'" in text and "Traceback" not in text


def test_the_html_report_opens_offline_and_sorts_its_tables(browser, sweep, tmp_path):
    from sim.cli import main

    folder, threshold = sweep
    report = tmp_path / "report"
    assert main(["analyze", folder, "--out", str(report), "--metric", "fill_rate.startup",
                 "--where", f"fill_rate.startup < {threshold}"]) == 0
    context = browser.new_context()
    tab = context.new_page()
    urls: list[str] = []
    tab.on("request", lambda request: urls.append(request.url))
    try:
        tab.goto((report / "report.html").as_uri())
        tab.get_by_role("heading", name="Scenario discovery").wait_for()
        images = tab.locator("img")
        assert images.count() == len(list(report.glob("*.png")))
        assert all(tab.evaluate("i => i.complete && i.naturalWidth > 0", images.nth(k)
                                .element_handle()) for k in range(images.count()))
        rows = tab.locator("h2:has-text('Design points') + p + table tbody tr")
        header = tab.locator("h2:has-text('Design points') + p + table th").nth(3)

        def fill_rates() -> list[float]:
            return [float(r.split("\t")[3].split()[0]) for r in rows.all_inner_texts()]

        header.click()
        assert fill_rates() == sorted(fill_rates())
        header.click()
        assert fill_rates() == sorted(fill_rates(), reverse=True)
    finally:
        context.close()
    assert [u for u in urls if not u.startswith(("file:", "data:"))] == []

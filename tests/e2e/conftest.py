"""End-to-end fixtures: a real `streamlit run` server and Debian's headless Chromium.

Browser tests skip only when no Chromium binary exists *and* ``CI`` is unset; with
``CI=true`` a missing browser is a failure. Never run ``playwright install``: it
downloads a browser from outside.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1800}


def chromium_path() -> str | None:
    """Debian's chromium binary, if installed."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (the app's own server or an inline URL)."""
    parsed = urlparse(url)
    return parsed.scheme in LOCAL_SCHEMES or parsed.hostname in LOCAL_HOSTS


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary, or a skip (no CI) / failure (CI=true) when there is none."""
    path = chromium_path()
    if path is None:
        message = ("no Chromium binary found (install Debian's: apt-get install -y chromium; "
                   "never `playwright install`)")
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI is set, so browser tests must run")
        # Deliberate (issue 6): on a developer machine without Chromium the browser tests
        # skip with this message; `make test` installs Chromium, and under CI=true the
        # branch above fails instead, so CI can never pass without running them.
        pytest.skip(f"{message}; set CI=true to make this a failure")
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    """Start the dashboard with `streamlit run` on a free port; yield its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
           "--server.port", str(port), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium for the session (Playwright's sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


class Recorder:
    """Every URL the page asked for (HTTP requests and websockets)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def outside(self) -> list[str]:
        """URLs that left the machine."""
        return [u for u in self.urls if not is_local(u)]


@pytest.fixture
def page(browser, server):
    """A fresh tab (1400×1800, downloads on) whose every request is recorded.

    Yields ``(page, recorder, base_url)``; the test fails if any request went outside.
    """
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    rec = Recorder()
    tab.on("request", lambda request: rec.urls.append(request.url))
    tab.on("websocket", lambda ws: rec.urls.append(ws.url))
    try:
        yield tab, rec, server
    finally:
        context.close()
    assert rec.urls, "no request recorded"
    assert not rec.outside(), f"requests left the machine: {rec.outside()}"


def wait_until_still(locator, checks: int = 3, interval_ms: int = 100,
                     timeout_s: float = 60.0) -> None:
    """Wait until an element's box stays put for ``checks`` looks ``interval_ms`` apart.

    Streamlit lays some elements out late (a data frame above a button settles after the
    expander opens), and a click aimed while the button is still moving lands on the
    container instead. Measured under CPU load (a default run in a second process): 1
    lost click in 12 to 7 in 30 without this wait, depending on what else was awaited
    first; none in 30 with it. Playwright's own stability check spans two animation frames.
    """
    last, same = None, 0
    deadline = time.monotonic() + timeout_s
    while same < checks:
        if time.monotonic() > deadline:
            raise AssertionError(f"element still moving after {timeout_s:.0f} s: {last}")
        box = locator.bounding_box()
        same = same + 1 if box is not None and box == last else 0
        last = box
        locator.page.wait_for_timeout(interval_ms)


def screenshot(tab, name: str) -> Path:
    """Save a screenshot of the whole page under build/screenshots/ and return its path.

    Streamlit scrolls inside its main container, so the viewport is first made as tall
    as the content (capped), then restored.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = tab.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }")
    tab.set_viewport_size({"width": VIEWPORT["width"],
                           "height": int(min(max(height, VIEWPORT["height"]), 4200))})
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(800)
    path = SHOTS / f"{name}.png"
    tab.screenshot(path=str(path))
    tab.set_viewport_size(VIEWPORT)
    return path

"""Fixtures for the dashboard's AppTest tests: small markets, fresh caches."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the `dashboard` package lives in the checkout
    sys.path.insert(0, str(ROOT))

PAGES = ROOT / "dashboard" / "app_pages"
TIMEOUT = 120  # seconds per script run: real simulations, on a possibly busy machine
SMALL = {"candidates.n_ml": 300, "startups.n": 30, "market.weeks": 8}


@pytest.fixture(autouse=True)
def _fresh_caches():
    """st.cache_data is process-wide: start and end every test with an empty cache."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def page():
    """Factory: an AppTest of one page script, already run once."""
    from streamlit.testing.v1 import AppTest

    def make(name: str, query: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(PAGES / name), default_timeout=TIMEOUT)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at.run()

    return make

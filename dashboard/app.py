"""HireSim dashboard entry point: ``streamlit run dashboard/app.py``.

Builds the page navigation. Page icons are emoji on purpose: a ``:material/…:`` page
icon makes the browser fetch a favicon from an outside host, and the dashboard must
make no outside request at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="HireSim", page_icon="🧭", layout="wide",
                   initial_sidebar_state="expanded")

navigation = st.navigation({
    "Simulate": [
        st.Page(PAGES / "market.py", title="Market", icon="📈", default=True),
        st.Page(PAGES / "compare.py", title="Compare scenarios", icon="⚖️", url_path="compare"),
        st.Page(PAGES / "strategy_lab.py", title="Strategy lab", icon="🧪",
                url_path="strategy-lab"),
        st.Page(PAGES / "offer_check.py", title="Offer check", icon="🤝",
                url_path="offer-check"),
        st.Page(PAGES / "plan_search.py", title="Plan search", icon="🎯",
                url_path="plan-search"),
        st.Page(PAGES / "sweeps.py", title="Sweeps", icon="🗺️", url_path="sweeps"),
    ],
    "Learn": [
        st.Page(PAGES / "about.py", title="About the model", icon="📖", url_path="about"),
    ],
})
LOGO = Path(__file__).resolve().parent / "assets" / "logo.svg"
if LOGO.is_file():  # package data; absent from a wheel built without it
    st.logo(str(LOGO), size="large")
navigation.run()

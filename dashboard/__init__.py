"""HireSim's Streamlit dashboard.

Layout: ``app.py`` builds the navigation; ``app_pages/`` holds one script per page;
``charts`` turns data frames into plotly figures (no Streamlit calls); ``cache`` is
the only module that calls the model, through ``st.cache_data``; ``forms`` builds
parameter widgets from the config's own metadata; ``labels`` holds display names.
"""

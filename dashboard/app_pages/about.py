"""About page: renders the model documentation from the checkout's ``docs/`` folder."""

from __future__ import annotations

import streamlit as st

from dashboard.docs import FIRST, doc_files, docs_dir, split_images, title_of

st.title("About the model")
st.caption("How HireSim works, where its numbers come from and how far to trust them. "
           "These pages are read from the project's docs/ folder.")

folder = docs_dir()
files = doc_files(folder)
if not files:
    st.info(f"No documentation found in `{folder}`. Open the dashboard from a checkout of "
            "the HireSim repository (or set HIRESIM_DOCS_DIR) to read the model "
            "description here.")
    st.stop()

missing = [name for name in FIRST[:2] if not (folder / name).is_file()]
if missing:
    st.caption("Not written yet: " + ", ".join(missing) + ".")
titles = {p.name: title_of(p) for p in files}
if len(titles) > 1:
    choice = st.radio("Document", list(titles), format_func=titles.get, horizontal=True,
                      key="about_doc", label_visibility="collapsed")
    st.divider()
else:
    choice = next(iter(titles))
path = folder / choice
for kind, text, image in split_images(path.read_text(encoding="utf-8"), path.parent):
    if kind == "text":
        st.markdown(text)
    elif image is not None and image.is_file():
        st.image(str(image), caption=text or None)
    else:
        st.caption(f"(image not found: {image})")

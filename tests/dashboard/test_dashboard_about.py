"""About page and app navigation."""

from __future__ import annotations

from pathlib import Path

from dash_helpers import no_exception

from dashboard.docs import doc_files, split_images, title_of


def test_about_renders_docs(page, tmp_path, monkeypatch):
    (tmp_path / "model.md").write_text("# The model\n\nCandidates and firms.\n")
    (tmp_path / "zeta.md").write_text("No heading here.\n")
    monkeypatch.setenv("HIRESIM_DOCS_DIR", str(tmp_path))
    at = page("about.py")
    no_exception(at)
    assert at.radio(key="about_doc").options == ["The model", "Zeta"]
    assert any("Candidates and firms." in m.value for m in at.markdown)
    assert any("validity.md" in c.value for c in at.caption)


def test_about_without_docs_shows_a_note(page, tmp_path, monkeypatch):
    monkeypatch.setenv("HIRESIM_DOCS_DIR", str(tmp_path / "missing"))
    at = page("about.py")
    no_exception(at)
    assert "No documentation found" in at.info[0].value


def test_doc_order_and_titles(tmp_path):
    for name in ("b.md", "validity.md", "model.md"):
        (tmp_path / name).write_text(f"## {name}\n")
    assert [p.name for p in doc_files(tmp_path)] == ["model.md", "validity.md", "b.md"]
    assert title_of(tmp_path / "b.md") == "b.md"


def test_images_local_are_split_remote_are_never_fetched(tmp_path):
    parts = split_images("A ![chart](img/a.png) B ![x](https://example.com/x.png) C", tmp_path)
    kinds = [k for k, _, _ in parts]
    assert kinds == ["text", "image", "text", "text", "text"]
    assert parts[1][2] == (tmp_path / "img" / "a.png").resolve()
    assert "example.com" not in "".join(t for k, t, _ in parts if k == "text")


def test_app_navigation_runs_every_page():
    from streamlit.testing.v1 import AppTest

    app = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
    at = AppTest.from_file(str(app), default_timeout=120).run()
    no_exception(at)
    assert at.title[0].value == "Market"
    for script, title in (("compare.py", "Compare scenarios"), ("strategy_lab.py",
                          "Strategy lab"), ("sweeps.py", "Sweeps"), ("about.py",
                          "About the model")):
        at.switch_page(f"app_pages/{script}").run()
        no_exception(at)
        assert at.title[0].value == title


def test_html_comments_and_breaks_are_not_shown_raw(tmp_path):
    parts = split_images("a <!-- marker -->b\n| x<br>y |", tmp_path)
    text = "".join(t for _, t, _ in parts)
    assert "<!--" not in text and "<br>" not in text and "x · y" in text

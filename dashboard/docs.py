"""Finding and splitting the project's Markdown documentation for the About page."""

from __future__ import annotations

import os
import re
from pathlib import Path

FIRST = ("model.md", "validity.md", "calibration.md", "dashboard.md")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def docs_dir() -> Path:
    """The docs folder: ``$HIRESIM_DOCS_DIR`` if set, else ``docs/`` of the checkout."""
    override = os.environ.get("HIRESIM_DOCS_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "docs"


def doc_files(folder: Path) -> list[Path]:
    """Markdown files in ``folder``: the model and validity pages first, then the rest."""
    if not folder.is_dir():
        return []
    rank = {name: i for i, name in enumerate(FIRST)}
    return sorted(folder.glob("*.md"), key=lambda p: (rank.get(p.name, len(FIRST)), p.name))


def title_of(path: Path) -> str:
    """The first Markdown heading of a file, else a name made from the file name."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return path.stem.replace("_", " ").capitalize()


def split_images(text: str, base: Path) -> list[tuple[str, str, Path | None]]:
    """Split Markdown into parts: ``("text", markdown, None)`` and ``("image", alt, path)``.

    Image paths are resolved against ``base`` (the Markdown file's folder); a remote
    image becomes a short note, so that the page never fetches anything from outside.
    """
    text = BREAK.sub(" · ", COMMENT.sub("", text))  # HTML is not rendered: drop or replace
    parts: list[tuple[str, str, Path | None]] = []
    pos = 0
    for match in IMAGE.finditer(text):
        alt, target = match.group(1), match.group(2)
        parts.append(("text", text[pos:match.start()], None))
        if "://" in target or target.startswith("//"):
            parts.append(("text", f"*(remote image not shown: {alt or target})*", None))
        else:
            parts.append(("image", alt, (base / target).resolve()))
        pos = match.end()
    parts.append(("text", text[pos:], None))
    return [p for p in parts if p[0] == "image" or p[1].strip()]

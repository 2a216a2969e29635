"""Every "cal §…" and "DESIGN §…" citation names a section that exists.

Code and docs cite the calibration sources as ``cal §3a``, ``cal §7.1`` or ``cal §8 #34``
(section 8, row 34 of its table) and the design as ``DESIGN §3.3``. The cited pages are
``docs/calibration.md`` and ``docs/design.md``; their headings and numbered rows are
parsed here, so renumbering a page without updating its citations fails this test.

Inside those two pages a bare ``§N`` refers to the page itself and is checked too.
Elsewhere a bare ``§N`` is ambiguous (either page) and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = {"cal": DOCS / "calibration.md", "DESIGN": DOCS / "design.md"}
"""Which page each citation prefix refers to."""

SCANNED = ("sim", "dashboard", "scripts", "benchmarks", "viz", "docs", "tests", "scenarios")
"""Top-level folders whose files may cite the pages (walked, since modules move)."""
SUFFIXES = {".py", ".md", ".toml"}
SKIPPED_DIRS = {"__pycache__", "node_modules", "site-packages"}

HEADING = re.compile(r"^#{1,6}[ \t]+(?P<number>\d+[a-z]?(?:\.\d+)*)\.?(?:[ \t]|$)")
"""A numbered heading: ``## 8. Parameter table``, ``### 3a. Time``, ``### 3.3 A week``."""
ITEM = re.compile(r"^(?:\|[ \t]*(?P<row>\d+)[ \t]*\||(?P<list>\d+)\.[ \t])")
"""A numbered item: a table row ``| 34 | ...`` or a list item ``1. ...``."""
FENCE = re.compile(r"^[ \t]*(```|~~~)")

CITATION = re.compile(
    r"(?:(?<![\w.])(?P<prefix>cal|calibration(?:\.md)?|DESIGN(?:\.md)?)[ \t]+)?"
    r"§[ \t]*(?P<section>\d+[a-z]?(?:\.\d+)*)"
    r"(?:[-–](?P<section_end>[a-z])(?![\w]))?"
    # An item may follow on the next line: Markdown paragraphs wrap at any space.
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)#(?P<item>\d+)(?:[ \t]*[-–][ \t]*#?(?P<item_end>\d+))?)?"
)
"""``cal §8 #34``, ``cal §8 #6–8``, ``cal §5b-c``, ``DESIGN §3.3``, or a bare ``§3.4``."""


@dataclass(frozen=True)
class Citation:
    """One reference to a section (and optionally numbered items) of a page."""

    page: str
    """Key of ``PAGES``: ``"cal"`` or ``"DESIGN"``."""
    sections: tuple[str, ...]
    items: tuple[int, ...]
    text: str
    line: int


def parse_sections(markdown: str) -> dict[str, set[int]]:
    """The numbered sections of a page, each with the item numbers found under it.

    Args:
        markdown: The page's text.

    Returns:
        Section number (``"3a"``, ``"3.3"``, ``"8"``) → numbers of the table rows and
        list items between its heading and the next heading. A row belongs to the
        innermost heading above it only.
    """
    sections: dict[str, set[int]] = {}
    current: str | None = None
    in_fence = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence  # a "#" inside a code block is not a heading
            continue
        if in_fence:
            continue
        if line.startswith("#"):
            heading = HEADING.match(line)
            current = heading.group("number") if heading else None
            if current is not None:
                sections.setdefault(current, set())
            continue
        item = ITEM.match(line)
        if item and current is not None:
            sections[current].add(int(item.group("row") or item.group("list")))
    return sections


def _page_of(prefix: str | None, default: str | None) -> str | None:
    if prefix is None:
        return default
    return "cal" if prefix.startswith("cal") else "DESIGN"


def find_citations(text: str, default_page: str | None = None) -> list[Citation]:
    """The citations in a file's text.

    Args:
        text: The file's contents.
        default_page: The page a bare ``§N`` refers to (the page being read), or None to
            skip bare references.

    Returns:
        The citations in order, ranges (``§5b-c``, ``#6–8``) expanded.
    """
    found = []
    for match in CITATION.finditer(text):
        page = _page_of(match.group("prefix"), default_page)
        if page is None:
            continue
        section = match.group("section")
        sections = [section]
        if match.group("section_end"):
            first, last = section[-1], match.group("section_end")
            stem = section[:-1]
            sections = [stem + chr(c) for c in range(ord(first), ord(last) + 1)] or [section]
        items: list[int] = []
        if match.group("item"):
            start = int(match.group("item"))
            end = int(match.group("item_end") or start)
            items = list(range(start, max(start, end) + 1))
        line = text.count("\n", 0, match.start()) + 1
        found.append(Citation(page, tuple(sections), tuple(items), match.group(0), line))
    return found


def problems(citation: Citation, pages: dict[str, dict[str, set[int]]]) -> list[str]:
    """What a citation names that its page does not have (empty when it is valid)."""
    known = pages[citation.page]
    missing = []
    for section in citation.sections:
        if section not in known:
            missing.append(f"no section §{section}")
            continue
        missing += [f"§{section} has no #{n}" for n in citation.items if n not in known[section]]
    return missing


def scanned_files(root: Path = ROOT) -> Iterator[Path]:
    """README.md and every source or doc file under the scanned folders.

    Hidden folders (``.venv``, ``.git``, ...) and caches are skipped.
    """
    readme = root / "README.md"
    if readme.is_file():
        yield readme

    def walk(folder: Path) -> Iterator[Path]:
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.name in SKIPPED_DIRS:
                continue
            if path.is_dir():
                yield from walk(path)
            elif path.suffix in SUFFIXES:
                yield path

    for name in SCANNED:
        if (root / name).is_dir():
            yield from walk(root / name)


def _load_pages() -> dict[str, dict[str, set[int]]]:
    return {key: parse_sections(path.read_text(encoding="utf-8")) for key, path in PAGES.items()}


def _all_citations() -> list[tuple[Path, Citation]]:
    self_page = {path.resolve(): key for key, path in PAGES.items()}
    found = []
    for path in scanned_files():
        text = path.read_text(encoding="utf-8")
        found += [(path, c) for c in find_citations(text, self_page.get(path.resolve()))]
    return found


def test_pages_have_numbered_sections() -> None:
    pages = _load_pages()
    for key, sections in pages.items():
        assert sections, f"{PAGES[key]} has no numbered headings"
    assert any(items for items in pages["cal"].values()), "no numbered rows in calibration.md"


def test_scan_finds_both_kinds_of_citation() -> None:
    # Guards the scan itself: a broken walk or pattern would pass the next test vacuously.
    kinds = {c.page for _, c in _all_citations()}
    assert kinds == {"cal", "DESIGN"}


def test_every_citation_names_an_existing_section() -> None:
    pages = _load_pages()
    broken = []
    for path, citation in _all_citations():
        for problem in problems(citation, pages):
            where = path.relative_to(ROOT)
            text = " ".join(citation.text.split())
            broken.append(f"{where}:{citation.line}: {text!r}: {problem}")
    assert not broken, "citations of missing sections:\n" + "\n".join(broken)


# The synthetic texts below build "§" from a variable so that the scan above does not read
# them as citations of this repository's pages.
S = "§"
SYNTHETIC_PAGE = """# Title

## 1. First
Text with a | pipe | that is not a row.

### 1a. Sub
| # | Parameter |
|---|---|
| **Group** |||
| 3 | `x` |
| 4 | `y` |

### 2.1 Dotted
1. one
2. two

```
## 9. Inside a code block, not a heading
```
"""


def test_parse_sections_reads_headings_rows_and_lists() -> None:
    assert parse_sections(SYNTHETIC_PAGE) == {"1": set(), "1a": {3, 4}, "2.1": {1, 2}}


@pytest.mark.parametrize(
    ("text", "sections", "items"),
    [
        (f"cal {S}1a #4", ("1a",), (4,)),
        (f"(cal {S}2.1).", ("2.1",), ()),
        (f"cal {S}1a #3–4,", ("1a",), (3, 4)),
        (f"see cal {S}1a\n   #3)", ("1a",), (3,)),
        (f"cal {S}1a-b:", ("1a", "1b"), ()),
        (f"calibration.md {S}1", ("1",), ()),
    ],
)
def test_find_citations_reads_the_forms_in_use(
    text: str, sections: tuple[str, ...], items: tuple[int, ...]
) -> None:
    (citation,) = find_citations(text)
    assert (citation.page, citation.sections, citation.items) == ("cal", sections, items)


def test_find_citations_skips_bare_references_unless_on_a_page() -> None:
    assert find_citations(f"(see {S}3.4)") == []
    (citation,) = find_citations(f"(see {S}3.4)", default_page="DESIGN")
    assert citation.page == "DESIGN" and citation.sections == ("3.4",)


def test_problems_flags_missing_sections_and_items() -> None:
    pages = {"cal": parse_sections(SYNTHETIC_PAGE), "DESIGN": {"3.3": set()}}
    found = find_citations(
        f"cal {S}1a #4; cal {S}1a #5; cal {S}9; cal {S}1b; DESIGN {S}3.3; DESIGN {S}3.7"
    )
    assert [problems(c, pages) for c in found] == [
        [],
        ["§1a has no #5"],
        ["no section §9"],
        ["no section §1b"],
        [],
        ["no section §3.7"],
    ]

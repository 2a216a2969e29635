"""``report.html``: the Markdown report as one self-contained web page.

The page is the same text as ``report.md`` (converted with ``markdown-it-py``), with
every figure embedded as a base64 PNG ``data:`` URI, every table sortable by a click on
its header (a few lines of inline JavaScript), and inline CSS: it opens from a file,
mailed or archived, with no network and no other file beside it.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from sim.sweep.analysis import SweepAnalysis
from sim.sweep.report import Images, render_report

STYLE = """
body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       color: #1f2933; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1, h2, h3 { line-height: 1.25; } h2 { border-bottom: 1px solid #d9dee5; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .6em 0 1.2em; font-size: 13px; }
th, td { border: 1px solid #d9dee5; padding: .25em .6em; text-align: left; }
th { background: #f3f5f8; cursor: pointer; user-select: none; white-space: nowrap; }
th[data-order="asc"]::after { content: " ▲"; } th[data-order="desc"]::after { content: " ▼"; }
tbody tr:nth-child(even) { background: #fafbfc; }
img { max-width: 100%; height: auto; } code { background: #f3f5f8; padding: 0 .2em; }
"""

# Sort a table by the clicked column: numbers (the first number in a cell, so that
# "0.43 [0.41, 0.45]" sorts by its mean) before text; a second click reverses.
SORT_SCRIPT = """
document.querySelectorAll("table").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.title = "click to sort";
    th.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.from(body.rows);
      var order = th.dataset.order === "asc" ? "desc" : "asc";
      table.querySelectorAll("thead th").forEach(function (h) { delete h.dataset.order; });
      th.dataset.order = order;
      var key = function (row) {
        var text = row.cells[col] ? row.cells[col].textContent.trim() : "";
        var m = text.match(/^[-−]?\\d*\\.?\\d+(e[-+]?\\d+)?/i);
        return m ? [0, parseFloat(m[0].replace("−", "-")), text] : [1, 0, text];
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), s = order === "asc" ? 1 : -1;
        if (x[0] !== y[0]) return x[0] - y[0];
        if (x[1] !== y[1]) return s * (x[1] - y[1]);
        return s * x[2].localeCompare(y[2]);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

_IMG = re.compile(r'<img src="([^"]+)"')


def render_html(markdown: str, folder: str | Path, title: str) -> str:
    """A self-contained page from report Markdown whose images are files in ``folder``.

    Raises:
        ImportError: ``markdown-it-py`` is not installed (it comes with the ``sweep`` extra).

    """
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    root = Path(folder)

    def embed(match: re.Match[str]) -> str:
        name = html.unescape(match.group(1))
        path = root / name
        if "/" in name or not path.is_file():  # only the report's own figures
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'<img src="data:image/png;base64,{data}"'

    body = _IMG.sub(embed, body)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
            f"<body>\n{body}<script>{SORT_SCRIPT}</script>\n</body>\n</html>\n")


def write_html_report(a: SweepAnalysis, out_dir: str | Path,
                      images: Images | None = None) -> Path:
    """Write ``report.html`` into ``out_dir`` (beside ``report.md`` and its PNGs)."""
    out = Path(out_dir)
    path = out / "report.html"
    tmp = path.with_name("report.html.tmp")
    page = render_html(render_report(a, images), out, f"Sweep report: {a.manifest['name']}")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    return path

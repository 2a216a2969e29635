"""The outputs quoted in the README and the guides are what the commands print today.

Each example is run as a user would run it (the CLI in a fresh process, the Python
example as a script) and its output must equal the block quoted in the document, with
only the elapsed time masked. Runs are seeded, so the output is deterministic; when
the model changes on purpose, regenerate every quote with::

    HIRESIM_UPDATE_DOCS=1 .venv/bin/python -m pytest tests/docs

then read the diff, and update any prose beside a quote whose numbers moved.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UPDATE = os.environ.get("HIRESIM_UPDATE_DOCS") == "1"
ELAPSED = re.compile(r"\((\d+(\.\d+)?) s\)")
"""Wall time printed in a headline, e.g. ``(1.6 s)``: the one part that varies."""

CLI_EXAMPLES = [
    ("README.md", "hiresim run baseline -r 3 --metric"),
    ("docs/scenarios.md", "hiresim run baseline -r 3 --metric"),
    ("docs/scenarios.md", "hiresim compare baseline deliberate_startups blanket_titles"),
    ("docs/scenarios.md", "hiresim run baseline -r 5 --set focal.stage=seed"),
    ("docs/founders.md", "hiresim strategies docs/examples/seed_startup.toml"),
    ("docs/founders.md", "hiresim strategies docs/examples/seed_startup.toml --strategy "
                         "docs/examples/seed_plan.toml"),
]
"""(document, start of the command): the quoted CLI examples kept current."""


def _masked(text: str) -> str:
    return ELAPSED.sub("(… s)", text)


def quoted_command(doc: str, prefix: str) -> tuple[str, str, int, int]:
    """The command that starts with ``prefix`` in ``doc``, its quoted output and span.

    A command is a ``$ `` line (continued by trailing backslashes) inside a fenced
    block; its output is every line after it up to the next ``$ `` line or the fence.
    Returns (command, output, start, end), the span being the output's characters.
    """
    lines = doc.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for i, line in enumerate(lines):
        body = line.removeprefix("$ ").removeprefix(".venv/bin/")
        if not (line.startswith("$ ") and body.startswith(prefix)):
            continue
        command, j = line[2:].rstrip("\n"), i
        while command.endswith("\\"):
            j += 1
            command = command[:-1] + lines[j].strip()
        k = j + 1
        while not lines[k].startswith(("$ ", "```")):
            k += 1
        return command, "".join(lines[j + 1 : k]), offsets[j + 1], offsets[k]
    raise AssertionError(f"no '$ {prefix}…' example found")


def run_cli(command: str) -> str:
    """Run a quoted ``hiresim`` command in a fresh process, from the repository root."""
    words = shlex.split(command.split(" #", 1)[0])
    assert words[0].endswith("hiresim"), command
    result = subprocess.run([sys.executable, "-m", "sim.cli", *words[1:]], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _check(doc_path: Path, start: int, end: int, fresh: str) -> None:
    doc = doc_path.read_text(encoding="utf-8")
    if UPDATE:
        doc_path.write_text(doc[:start] + fresh + doc[end:], encoding="utf-8")
        return
    assert _masked(fresh) == _masked(doc[start:end]), (
        f"{doc_path.name} quotes output the code no longer prints: "
        "regenerate with HIRESIM_UPDATE_DOCS=1 (see this module's docstring)")


@pytest.mark.parametrize(("doc", "prefix"), CLI_EXAMPLES,
                         ids=[f"{d}:{p.split()[1]}" for d, p in CLI_EXAMPLES])
def test_quoted_cli_output_is_current(doc: str, prefix: str) -> None:
    path = ROOT / doc
    command, _, start, end = quoted_command(path.read_text(encoding="utf-8"), prefix)
    _check(path, start, end, run_cli(command))


def test_readme_python_example_prints_what_the_readme_shows() -> None:
    path = ROOT / "README.md"
    doc = path.read_text(encoding="utf-8")
    match = re.search(r"## Python in ten lines\n.*?```python\n(.*?)```\n\n```text\n(.*?)```",
                      doc, flags=re.DOTALL)
    assert match, "README: the Python example and its ```text output block"
    code = match.group(1)
    assert len(code.strip().splitlines()) <= 10, "the README promises ten lines"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    _check(path, match.start(2), match.end(2), result.stdout)


def test_quote_finder_reads_continued_commands_and_stops_at_the_next_prompt() -> None:
    doc = ("```console\n$ hiresim run a \\\n    -r 2\nline 1\nline 2\n"
           "$ hiresim other\nx\n```\n")
    command, output, start, end = quoted_command(doc, "hiresim run a")
    assert command == "hiresim run a -r 2"
    assert output == "line 1\nline 2\n" == doc[start:end]
    with pytest.raises(AssertionError):
        quoted_command(doc, "hiresim missing")

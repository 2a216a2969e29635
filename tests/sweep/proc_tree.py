"""Process trees from /proc (Linux): who a sweep started, and whether any of it survives."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

Proc = tuple[int, int]
"""(pid, start time in clock ticks): a process, immune to PID reuse."""


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, start time) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    rest = text[text.rindex(")") + 2:].split()  # the name may hold spaces and parentheses
    return rest[0], int(rest[1]), int(rest[19])


def tree(root: int) -> set[Proc]:
    """``root`` and every process descending from it, as they are now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))) is not None:
            children.setdefault(st[1], []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        st = _stat(pid)
        if st is None:
            continue
        found.add((pid, st[2]))
        todo.extend(children.get(pid, []))
    return found


def alive(procs: set[Proc]) -> set[Proc]:
    """The processes of ``procs`` still running (zombies count as gone)."""
    out = set()
    for pid, start in procs:
        st = _stat(pid)
        if st is not None and st[2] == start and st[0] not in ("Z", "X"):
            out.add((pid, start))
    return out


def wait_gone(procs: set[Proc], limit_s: float = 60) -> set[Proc]:
    """Poll until every process of ``procs`` has ended; return those left at the limit."""
    deadline = time.monotonic() + limit_s
    left = alive(procs)
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = alive(left)
    return left


def kill_all(procs: set[Proc]) -> None:
    """SIGKILL whatever of ``procs`` still runs (test clean-up)."""
    import signal

    for pid, _ in alive(procs):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

"""Output folders HireSim writes: one writer at a time, a marker, and atomic files.

Every command that writes a folder (``sweep``, ``run --out``, ``analyze --out``,
``strategies --out``) holds :func:`output_lock` on it for as long as it writes:

* **The lock** is ``.NAME.hiresim.lock`` beside the folder ``NAME`` (beside, not inside,
  because ``run --out`` renames a finished staging folder over ``NAME``, and because the
  folder may not exist yet). It is an OS lock (``flock`` through :mod:`filelock`), so the
  kernel drops it when its holder dies, however it dies. The lock file holds the
  holder's record (command, user, PID, host, start time) as JSON; a second writer reads
  it and fails with "NAME is in use by PID … since …". The holder removes the file when
  it is done; a file left by a killed writer is a *stale lock*: the next writer takes it
  over and names the dead PID in a warning.
* **The marker** ``.hiresim`` inside a folder (JSON: format, kind, version, created) says
  HireSim made it; ``--force`` replaces only folders that carry it.
* **Atomic files**: :func:`atomic_write` writes a uniquely named temporary file in the
  same folder and renames it into place with :func:`os.replace`, so a reader (or a crash)
  sees the old file or the new one, never half of one, and two writers never share a
  temporary file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MARKER = ".hiresim"
LOCK_SUFFIX = ".hiresim.lock"
TMP_SUFFIX = ".tmp"
MARKER_FORMAT = 1


class StoreError(ValueError):
    """A results folder that cannot be read or written as asked (exit 2 in the CLI)."""


# ---- atomic files ------------------------------------------------------------------
def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Have ``write(tmp)`` fill a unique temporary file beside ``path``, then rename it.

    The temporary name is ``.NAME.<random>.tmp`` in the same folder (same filesystem,
    so :func:`os.replace` is atomic); on any error it is removed.
    """
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, flushed to disk before the rename."""
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(path, write)


def clear_temp_files(folder: Path) -> None:
    """Remove temporary files left in ``folder`` by writes that were cut short."""
    for tmp in folder.glob(f"*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)


# ---- the marker --------------------------------------------------------------------
def marker_text(kind: str) -> str:
    """The marker's JSON text for a folder of ``kind`` (sweep, run, analyze, strategies)."""
    from sim import __version__

    record = {"format": MARKER_FORMAT, "kind": kind, "version": __version__, "created": _now()}
    return json.dumps(record, indent=2) + "\n"


def write_marker(folder: Path, kind: str) -> None:
    """Mark ``folder`` as written by HireSim, atomically."""
    atomic_write_bytes(folder / MARKER, marker_text(kind).encode("utf-8"))


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The marker's record, or ``None`` when ``folder`` has no readable marker."""
    try:
        record = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "kind" in record else None


# ---- folders that must never be replaced -------------------------------------------
def protected_reason(target: Path) -> str | None:
    """Why ``target`` must never be replaced or removed, or ``None`` if it may be.

    The working directory, any folder containing it, and the home folder (``$HOME``)
    and its parents are protected: replacing one would delete the user's work or pull
    the folder out from under the shell that started the command.
    """
    resolved = target.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd:
        return "it is the working directory"
    if resolved in cwd.parents:
        return "it contains the working directory"
    home = os.environ.get("HOME")
    if home:
        home_path = Path(home).resolve()
        if resolved == home_path:
            return "it is your home folder ($HOME)"
        if resolved in home_path.parents:
            return "it contains your home folder ($HOME)"
    return None


# ---- the lock ----------------------------------------------------------------------
def lock_path(target: str | Path) -> Path:
    """Where the lock of output folder ``target`` lives: ``.NAME.hiresim.lock`` beside it."""
    resolved = Path(target).resolve()
    if resolved.parent == resolved:
        raise StoreError(f"{target}: the filesystem root cannot be an output folder")
    return resolved.parent / f".{resolved.name}{LOCK_SUFFIX}"


class _LockMovedError(Exception):
    """The lock file was removed or replaced between opening and locking it; retry."""


@contextmanager
def output_lock(target: str | Path, command: str) -> Iterator[dict[str, Any] | None]:
    """Hold the exclusive lock of output folder ``target`` inside the block.

    Args:
        target: The output folder (it need not exist; its parent is created).
        command: What is writing, recorded in the lock (e.g. ``"sweep"``).

    Yields:
        The record of a stale lock that was taken over (its holder had died), or ``None``.

    Raises:
        StoreError: another live process holds the lock, or it cannot be created.

    """
    from filelock import FileLock, Timeout

    path = lock_path(target)
    nearest = next((p for p in path.parents if p.exists()), None)
    if nearest is not None and not nearest.is_dir():
        raise StoreError(f"{target}: cannot write there (a parent is a file, not a folder)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{target}: cannot write there ({err.strerror or err})") from None
    previous: list[dict[str, Any] | None] = []

    def on_acquired(fd: int) -> None:
        # The holder unlinks the file on release; a lock won on an unlinked (or replaced)
        # inode excludes no one, so it must be given up and taken again.
        try:
            if os.stat(path).st_ino != os.fstat(fd).st_ino:
                raise _LockMovedError
        except FileNotFoundError:
            raise _LockMovedError from None
        previous.append(_parse(os.pread(fd, 65536, 0)))
        data = json.dumps(_owner(command)).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)

    lock = FileLock(path, timeout=0, on_acquired=on_acquired)
    for _ in range(100):  # a retry happens only when a holder released at that instant
        try:
            lock.acquire()
            break
        except _LockMovedError:
            previous.clear()
        except Timeout:
            raise StoreError(_in_use_message(target, path)) from None
        except OSError as err:
            raise StoreError(f"{target}: cannot write there (no lock: {err.strerror or err})"
                             ) from None
    else:
        raise StoreError(f"{target}: cannot lock (the lock file keeps changing)")
    stale = previous[0] if previous and previous[0] else None
    try:
        if stale:
            print(f"hiresim: warning: {target}: {_describe(stale)}, which is no longer running, "
                  "left a stale lock; taking it over", file=sys.stderr)
        yield stale
    finally:
        path.unlink(missing_ok=True)  # while still holding it: see on_acquired
        lock.release()


def read_owner(target: str | Path) -> dict[str, Any] | None:
    """The record in ``target``'s lock file (its holder, or a dead one's), if any."""
    try:
        return _parse(lock_path(target).read_bytes())
    except OSError:
        return None


def _in_use_message(target: str | Path, path: Path) -> str:
    owner = None
    for _ in range(20):  # the holder writes its record just after locking: give it a moment
        owner = read_owner(target)
        if owner:
            break
        time.sleep(0.05)
    if not owner:
        return f"{target} is in use by another process (lock {path})"
    if owner.get("host") == socket.gethostname() and not pid_alive(int(owner.get("pid", 0))):
        return (f"{target} is locked by a stale lock: {_describe(owner)} is no longer running "
                f"but its lock is still held; remove {path} if no HireSim writes there")
    return f"{target} is in use by {_describe(owner)}; wait for it or choose another folder"


def _describe(owner: dict[str, Any]) -> str:
    return (f"PID {owner.get('pid', '?')} on {owner.get('host', '?')} "
            f"(hiresim {owner.get('command', '?')} by {owner.get('user', '?')}) "
            f"since {owner.get('started', '?')}")


def pid_alive(pid: int) -> bool:
    """True if a process with this PID exists on this host."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _owner(command: str) -> dict[str, Any]:
    try:
        import getpass

        user = getpass.getuser()
    except (ImportError, KeyError, OSError):  # no user name in some containers
        user = str(os.getuid())
    return {"command": command, "user": user, "pid": os.getpid(),
            "host": socket.gethostname(), "started": _now()}


def _parse(data: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return record if isinstance(record, dict) and "pid" in record else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

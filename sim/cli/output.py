"""Writing an ``--out DIR`` folder (``run``, ``strategies``, ``analyze``) all at once or not at all.

Files are written into a hidden temporary sibling of ``DIR`` and the folder is renamed
into place only when everything is written, so an error or Ctrl-C never leaves a
half-written ``DIR`` behind. While writing, the command holds ``DIR``'s lock, so a second
command writing there stops with "DIR is in use by PID …" (exit 2); the finished folder
carries HireSim's ``.hiresim`` marker. ``--force`` replaces only a folder with that
marker, and never the working directory, a folder containing it, or ``$HOME``
(:mod:`sim.sweep.outdir`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sim.cli.common import CliError
from sim.cli.interrupts import deferred_interrupts, raise_if_interrupted
from sim.sweep.outdir import (
    MARKER,
    StoreError,
    marker_text,
    output_lock,
    protected_reason,
    read_marker,
)

FRAMES: tuple[str, ...] = ("runs", "weekly", "events", "startups", "requisitions")
"""Result frames saved as ``<name>.parquet``."""


def check_target(target: Path, force: bool) -> None:
    """Refuse a target that cannot be (re)placed by a new output folder.

    Refused: a file; a non-empty folder without ``force``; with ``force``, a folder
    without HireSim's marker; and always the working directory, a folder containing it,
    and ``$HOME`` (or a folder containing it).

    Raises:
        CliError: the target cannot be used.

    """
    if target.exists() and not target.is_dir():
        raise CliError(f"--out {target}: exists and is not a folder")
    nearest = next((p for p in target.parents if p.exists()), None)
    if nearest is not None and not nearest.is_dir():  # refuse before a long run, not after
        raise CliError(f"--out {target}: cannot write there (a parent is a file, "
                       "not a folder)")
    if not target.is_dir():
        return
    reason = protected_reason(target)
    if reason:
        raise CliError(f"--out {target}: refusing to write there: {reason} "
                       "(choose a new folder for the results)")
    if not any(target.iterdir()):
        return
    if not force:
        raise CliError(f"--out {target}: folder exists and is not empty "
                       "(choose another folder or add --force to replace it)")
    if read_marker(target) is None:
        raise CliError(f"--out {target}: --force replaces only folders HireSim wrote (with a "
                       f"{MARKER} marker), and this one has none; choose another folder")


@contextmanager
def staged_dir(target: Path, force: bool = False, kind: str = "run") -> Iterator[Path]:
    """Yield an empty temporary folder beside ``target``; move it to ``target`` on success.

    ``target``'s lock is held throughout, and :func:`check_target` is repeated under it.
    On any exception (including KeyboardInterrupt) the temporary folder is removed and
    ``target`` is left as it was. A Ctrl-C during the final renames or the clean-up
    takes effect only once they are done, so it cannot leave a target half-replaced
    or a staging folder half-removed.

    Args:
        target: The output folder.
        force: Replace an existing non-empty folder HireSim made.
        kind: What the folder holds, recorded in its marker (``run``, ``strategies``…).

    Raises:
        CliError: ``target`` is unusable, cannot be written, or another process writes it.

    """
    try:
        with ExitStack() as stack:
            with deferred_interrupts():  # a Ctrl-C while locking must not strand the lock file
                stack.enter_context(output_lock(target, kind))
            yield stack.enter_context(_staged(target, force, kind))
    except StoreError as err:
        raise CliError(f"--out {err}") from None


@contextmanager
def _staged(target: Path, force: bool, kind: str) -> Iterator[Path]:
    check_target(target, force)
    tmp = None
    try:
        with deferred_interrupts():  # a Ctrl-C right after mkdtemp must not strand the folder
            tmp = _make_staging(target)
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the result should not be
        # A plain write suffices: the staging folder is private until it is published whole.
        (tmp / MARKER).write_text(marker_text(kind), encoding="utf-8")
        yield tmp
        raise_if_interrupted()  # a Ctrl-C swallowed while writing: do not publish
        with deferred_interrupts():
            _publish(tmp, target)
    except BaseException:
        if tmp is not None:
            with deferred_interrupts():
                shutil.rmtree(tmp, ignore_errors=True)
        raise


def _make_staging(target: Path) -> Path:
    """Create the hidden, empty staging folder beside ``target``.

    Raises:
        CliError: the folder cannot be created there.

    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial",
                                    dir=target.parent))
    except (FileExistsError, NotADirectoryError):
        raise CliError(f"--out {target}: cannot write there (a parent is a file, "
                       "not a folder)") from None
    except OSError as err:
        raise CliError(f"--out {target}: cannot write there ({err.strerror or err})") from None
    return tmp


def _publish(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target``, replacing an existing (empty or forced) folder."""
    old = None
    try:
        if target.is_dir() and any(target.iterdir()):
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old",
                                        dir=target.parent))
            os.replace(target, old)
        os.replace(tmp, target)
    except OSError as err:
        if old is not None and not target.exists():
            os.replace(old, target)
        raise CliError(f"--out {target}: cannot write there ({err.strerror or err})") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_run_outputs(folder: Path, results: Any, summary: Mapping[str, Any],
                      scenario_toml: str) -> list[str]:
    """Write the frames as Parquet, ``summary.json`` and ``scenario.toml`` into ``folder``.

    Returns:
        The names of the files written.

    """
    written = []
    for name in FRAMES:
        frame = getattr(results, name)
        frame.to_parquet(folder / f"{name}.parquet", index=False)
        written.append(f"{name}.parquet")
    (folder / "summary.json").write_text(
        json.dumps(summary, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    (folder / "scenario.toml").write_text(scenario_toml, encoding="utf-8")
    return [*written, "summary.json", "scenario.toml"]

"""The one map from an exception to the exit code and message of every ``hiresim`` command.

======  ==========================================================================
 code   meaning
======  ==========================================================================
 0      success
 2      bad input or environment: a domain error (:class:`CliError`,
        ``ConfigError`` with ``ScenarioError`` and ``SpecError``, ``StoreError``,
        ``SweepError``, ``AnalysisError``, ``DiscoveryError``, ``ConditionError``,
        ``TippingError``, ``QueryError``), an ``OSError`` (disk full, permission
        denied, a parent of ``--out`` that is a file, an unreachable scheduler) or a
        ``RecursionError`` (an ``extends`` chain far too deep). One line on stderr,
        ``hiresim: error: ...``, saying what to do.
 1      a bug: any other exception (a bare ``ValueError`` or ``KeyError`` included).
        One line, ``hiresim: internal error: ...; rerun with --debug for the
        traceback``; with ``--debug`` the traceback comes first.
 130    interrupted (Ctrl-C): ``hiresim: interrupted``, no traceback.
======  ==========================================================================

Domain errors are named here, not imported: their modules pull in pydantic or pandas,
and an exception of a module that was never imported cannot have been raised, so they
are looked up in ``sys.modules`` when an error is being reported.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback

EXIT_OK = 0
EXIT_BUG = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

BAD_INPUT_ERRORS: tuple[tuple[str, str], ...] = (
    ("sim.cli.errors", "CliError"),
    ("sim.config", "ConfigError"),  # ScenarioError and SpecError derive from it
    ("sim.experiments.scenarios", "ScenarioError"),
    ("sim.sweep.spec", "SpecError"),
    ("sim.sweep.store", "StoreError"),
    ("sim.sweep.runner", "SweepError"),
    ("sim.sweep.analysis", "AnalysisError"),
    ("sim.sweep.discovery", "DiscoveryError"),
    ("sim.sweep.tipping", "TippingError"),
    ("sim.sweep.condition", "ConditionError"),
    ("sim.sweep.query", "QueryError"),
)
"""``(module, class)`` of every exception that means bad input (exit 2)."""

_OS_ADVICE: dict[int, str] = {
    errno.ENOSPC: "the disk is full; free some space or choose another --out folder",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another --out folder",
    errno.EACCES: "permission denied; choose a folder you can write to (--out) or fix "
                  "its permissions",
    errno.EPERM: "operation not permitted; choose a folder you can write to (--out) or "
                 "fix its permissions",
    errno.EROFS: "the file system is read-only; choose another --out folder",
    errno.ENOTDIR: "a parent of the path is a file, not a folder; choose another path",
    errno.ENOENT: "no such file or folder; check the path",
}
"""What to do about the environment failures that users meet, by ``errno``."""


class CliError(Exception):
    """Bad input found by the CLI itself: ``hiresim: error: <message>``, exit 2."""


def bad_input_types() -> tuple[type[BaseException], ...]:
    """The domain exception classes of :data:`BAD_INPUT_ERRORS` whose module is loaded."""
    found = []
    for module_name, class_name in BAD_INPUT_ERRORS:
        module = sys.modules.get(module_name)
        cls = getattr(module, class_name, None) if module is not None else None
        if isinstance(cls, type) and issubclass(cls, BaseException):
            found.append(cls)
    return tuple(found)


def exit_code(err: BaseException) -> int:
    """The exit code for ``err`` under the policy above."""
    if isinstance(err, KeyboardInterrupt):  # Ctrl-C 130; SIGTERM of a sweep 143
        return int(getattr(err, "exit_code", EXIT_INTERRUPTED))
    if isinstance(err, BrokenPipeError):  # the reader went away, e.g. `hiresim metrics | head`
        return EXIT_OK
    if isinstance(err, bad_input_types() + (OSError, RecursionError)):
        return EXIT_BAD_INPUT
    return EXIT_BUG


def message(err: BaseException) -> str:
    """The one-line message for a bad-input or environment error (without the prefix)."""
    if isinstance(err, RecursionError):
        return ("nesting far too deep (is a scenario's `extends` chain hundreds of files "
                "long?); shorten the chain or merge its files")
    if isinstance(err, OSError):
        return _os_message(err)
    return one_line(err)


def _os_message(err: OSError) -> str:
    """``<path>: <what to do>``, or the error's own text when it carries no ``errno``."""
    if err.errno is None:  # raised with a message of ours, e.g. an unreachable scheduler
        return one_line(err)
    advice = _OS_ADVICE.get(err.errno) or (err.strerror or os.strerror(err.errno)).lower()
    where = [str(p) for p in (err.filename, err.filename2) if p is not None]
    return f"{' -> '.join(where)}: {advice}" if where else advice


def report(err: BaseException, debug: bool = False, interrupted_note: str = "") -> int:
    """Print what ``err`` means on stderr and return its exit code.

    Args:
        err: The exception that ended the command.
        debug: Print the traceback of an internal error (``--debug``).
        interrupted_note: Added to ``hiresim: interrupted`` after Ctrl-C (e.g. how to
            resume a sweep).

    Returns:
        The exit code, from :func:`exit_code`.

    """
    code = exit_code(err)
    if isinstance(err, KeyboardInterrupt):
        what = "terminated" if code != EXIT_INTERRUPTED else "interrupted"
        say(what + (f" ({interrupted_note})" if interrupted_note else ""))
    elif code == EXIT_OK:
        silence_stdout()
    elif code == EXIT_BAD_INPUT:
        say(f"error: {message(err)}")
    else:
        if debug:
            traceback.print_exception(err)
        say(f"internal error: {type(err).__name__}: {one_line(err)}"
            + ("" if debug else "; rerun with --debug for the traceback"))
    return code


def one_line(err: BaseException) -> str:
    """The text of ``err`` on one line."""
    return " ".join(str(err).split())


def say(text: str) -> None:
    """One line on stderr, prefixed with the program name."""
    print(f"hiresim: {' '.join(str(text).split())}", file=sys.stderr)


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

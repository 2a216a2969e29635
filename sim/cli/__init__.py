"""The ``hiresim`` command line: one parser, one error map, small command modules.

Each command lives in its own module under :mod:`sim.cli.commands` that exposes
``register(subparsers)``; the module adds its parser and sets ``func`` (``args -> int``
exit code) with ``set_defaults``. To add a command, write such a module and list it in
:data:`COMMAND_MODULES`. Every module is imported explicitly: one that fails to import
is a bug and is reported as one, never skipped.

Every failure, whatever the command, goes through :func:`sim.cli.errors.report`: 0
success; 2 bad input or environment (one line ``hiresim: error: ...`` saying what to do);
1 a bug (one line, plus the traceback with ``--debug``); 130 interrupted (one line
``hiresim: interrupted``, no traceback, no half-written output: see
:mod:`sim.cli.interrupts`). Heavy libraries are imported inside the commands, never
here, so ``hiresim --help`` answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from sim.cli.errors import report, say
from sim.cli.interrupts import install_for_process, sigint_handled, stop_interrupting

COMMAND_MODULES: tuple[str, ...] = (
    "sim.cli.commands.info",
    "sim.cli.commands.run",
    "sim.cli.commands.compare",
    "sim.cli.commands.strategies",
    "sim.cli.commands.offer",
    "sim.cli.commands.plan",
    "sim.cli.commands.sweep",
    "sim.cli.commands.discover",
    "sim.cli.commands.query",
    "sim.cli.commands.dashboard",
)
"""Command modules, in the order their commands are listed by ``hiresim --help``."""

EPILOG = """\
SCENARIO is a preset name (see `hiresim scenarios`) or a path to a TOML file.
Examples:
  hiresim run baseline -r 5
  hiresim run baseline --set startups.share_deliberate=0.5 --json
  hiresim compare baseline deliberate_startups -r 10
Exit codes: 0 ok; 2 bad input or environment (disk full, unwritable folder), with one
line saying what to do; 1 internal error (rerun with --debug); 130 interrupted.
Progress: a bar on a terminal; HIRESIM_PROGRESS=lines prints one line per finished run
instead (for logs), HIRESIM_PROGRESS=off shows none."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command registered."""
    from sim import __version__

    parser = _Parser(
        prog="hiresim", epilog=EPILOG, formatter_class=_Formatter,
        description="HireSim: agent-based simulation of the ML-engineer hiring market.")
    parser.add_argument("--version", action="version", version=f"hiresim {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback of an internal error")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    for sub in subparsers.choices.values():  # --debug is accepted after the command too
        if "--debug" not in sub._option_string_actions:
            sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help=argparse.SUPPRESS)
    return parser


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2, like any other bad input.

    The commands' parsers are made by ``add_subparsers``, which uses this class too.
    """

    def error(self, message: str) -> NoReturn:
        """Print ``hiresim: error: MESSAGE (see `PROG --help`)`` and exit with 2."""
        say(f"error: {message} (see `{self.prog} --help`)")
        self.exit(2)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's line breaks and puts each command and its help on one line."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        subactions = list(getattr(action, "_get_subactions", list)())
        if subactions:  # argparse forgets the commands' extra indent when measuring them
            longest = max(len(self._format_action_invocation(a)) for a in subactions)
            self._action_max_length = max(self._action_max_length,
                                          longest + self._current_indent + 2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``hiresim`` with ``argv`` (default: the process arguments); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with sigint_handled():
        try:
            parser = build_parser()
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version and argparse errors (code 2)
            return exc.code if isinstance(exc.code, int) else 0
        except BaseException as err:  # noqa: BLE001 - a broken command module, or Ctrl-C
            # --debug is honoured even though the parser that would read it never ran
            return report(err, debug="--debug" in argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0
    args.argv = argv
    return dispatch(args)


def dispatch(args: argparse.Namespace) -> int:
    """Call the command and turn every failure into an exit code and a one-line message.

    Ctrl-C raises one ``KeyboardInterrupt`` (see :mod:`sim.cli.interrupts`); it ends the
    command with 130 and ``hiresim: interrupted`` (plus the command's
    ``interrupted_note``, if it set one), and the process's SIGINT handler is restored
    afterwards. Everything else is mapped by :func:`sim.cli.errors.report`.
    """
    with sigint_handled():
        try:
            return int(args.func(args) or 0)
        except BaseException as err:  # noqa: BLE001 - the one error map decides
            if isinstance(err, SystemExit | GeneratorExit):
                raise
            return report(err, debug=bool(getattr(args, "debug", False)),
                          interrupted_note=getattr(args, "interrupted_note", ""))


def run_as_program() -> None:
    """The ``hiresim`` program: exit with ``main()``'s code; after Ctrl-C, 130 at once.

    The CLI's SIGINT handler stays installed until the process ends, so a Ctrl-C that
    comes while the program prints its last line or shuts down is ignored instead of
    ending the process by the signal (exit −2; seen under load before this). After an
    interrupt the streams are flushed and the process exits without the interpreter's
    shutdown, which resets the handler to the default and would reopen that window.
    """
    import os

    install_for_process()
    try:
        code = main()
    except KeyboardInterrupt:  # in the instant main() returned
        say("interrupted")
        code = 130
    stop_interrupting()
    if code in (130, 143):  # interrupted (Ctrl-C) or a sweep terminated (SIGTERM)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)

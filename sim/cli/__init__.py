"""The ``hiresim`` command line: a thin dispatcher over small command modules.

Each command lives in its own module that exposes ``register(subparsers)``; the module
adds its parser and sets ``func`` (``args -> int`` exit code) with ``set_defaults``.
To add a command, write such a module and list it in :data:`COMMAND_MODULES` (always
present) or :data:`OPTIONAL_MODULES` (skipped while the module does not exist).

Exit codes: 0 success; 2 bad input (one line ``hiresim: error: ...`` on stderr naming
the file or field and what is allowed); 1 internal error (one line, plus the traceback
with ``--debug``); 130 interrupted (one line ``hiresim: interrupted``, no traceback, no
half-written output: see :mod:`sim.cli.interrupts`). Heavy libraries are imported
inside the commands, never here, so ``hiresim --help`` answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from sim.cli.common import CliError
from sim.cli.interrupts import install_for_process, sigint_handled, stop_interrupting

COMMAND_MODULES: tuple[str, ...] = (
    "sim.cli.commands.info",
    "sim.cli.commands.run",
    "sim.cli.commands.compare",
    "sim.cli.commands.dashboard",
)
"""Command modules that ship with the CLI."""

OPTIONAL_MODULES: tuple[str, ...] = (
    "sim.cli.commands.strategies",
    "sim.cli.commands.sweep",
)
"""Command modules registered only when present (developed separately)."""

EPILOG = """\
SCENARIO is a preset name (see `hiresim scenarios`) or a path to a TOML file.
Examples:
  hiresim run baseline -r 5
  hiresim run baseline --set startups.share_deliberate=0.5 --json
  hiresim compare baseline deliberate_startups -r 10
Exit codes: 0 ok, 2 bad input, 1 internal error (rerun with --debug), 130 interrupted.
Progress: a bar on a terminal; HIRESIM_PROGRESS=lines prints one line per finished run
instead (for logs), HIRESIM_PROGRESS=off shows none."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every available command registered."""
    from sim import __version__

    parser = argparse.ArgumentParser(
        prog="hiresim", epilog=EPILOG, formatter_class=_Formatter,
        description="HireSim: agent-based simulation of the ML-engineer hiring market.")
    parser.add_argument("--version", action="version", version=f"hiresim {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback of an internal error")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    for name in OPTIONAL_MODULES:
        module = _optional_module(name)
        if module is not None:
            module.register(subparsers)
    for sub in subparsers.choices.values():  # --debug is accepted after the command too
        if "--debug" not in sub._option_string_actions:
            sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help=argparse.SUPPRESS)
    return parser


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's line breaks and puts each command and its help on one line."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        subactions = list(getattr(action, "_get_subactions", list)())
        if subactions:  # argparse forgets the commands' extra indent when measuring them
            longest = max(len(self._format_action_invocation(a)) for a in subactions)
            self._action_max_length = max(self._action_max_length,
                                          longest + self._current_indent + 2)


def _optional_module(name: str) -> ModuleType | None:
    """Import an optional command module; ``None`` if it is absent or fails to load."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name == name:
            return None
        _say(f"warning: command module {name} not loaded ({err})")
    except Exception as err:  # a broken optional command must not break the others
        _say(f"warning: command module {name} not loaded ({type(err).__name__}: {err})")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``hiresim`` with ``argv`` (default: the process arguments); return the exit code."""
    with sigint_handled():
        try:
            return _main(argv)
        except KeyboardInterrupt:  # while the parser was built or before dispatch
            _say("interrupted")
            return 130


def _main(argv: Sequence[str] | None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and argparse errors (code 2)
        return exc.code if isinstance(exc.code, int) else 0
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0
    args.argv = list(sys.argv[1:] if argv is None else argv)
    return dispatch(args)


def dispatch(args: argparse.Namespace) -> int:
    """Call the command and turn every failure into an exit code and a one-line message.

    Ctrl-C raises one ``KeyboardInterrupt`` (see :mod:`sim.cli.interrupts`); it ends the
    command with 130 and ``hiresim: interrupted``, and the process's SIGINT handler is
    restored afterwards.
    """
    debug = bool(getattr(args, "debug", False))
    with sigint_handled():
        try:
            return int(args.func(args) or 0)
        except KeyboardInterrupt:
            _say("interrupted")
            return 130
        except CliError as err:
            _say(f"error: {err}")
            return err.code
        except BrokenPipeError:  # e.g. `hiresim metrics | head`
            _silence_stdout()
            return 0
        except Exception as err:
            if _is_config_error(err):
                _say(f"error: {err}")
                return 2
            if debug:
                traceback.print_exc()
            _say(f"internal error: {type(err).__name__}: {err}"
                 + ("" if debug else " (rerun with --debug for the traceback)"))
            return 1


def _is_config_error(err: BaseException) -> bool:
    """True for :class:`sim.config.ConfigError`, including ``ScenarioError``.

    Looked up in ``sys.modules`` so that pydantic is not imported just to check.
    """
    config = sys.modules.get("sim.config")
    return config is not None and isinstance(err, config.ConfigError)


def _say(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    text = " ".join(str(message).split())
    print(f"hiresim: {text}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
        _say("interrupted")
        code = 130
    stop_interrupting()
    if code == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(code)

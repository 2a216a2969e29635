"""``hiresim dashboard``: start the Streamlit app on localhost (never the internet)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from sim.cli.common import CliError, int_at_least

DEFAULT_PORT = 8501


def register(subparsers: Any) -> None:
    """Add the ``dashboard`` command."""
    p = subparsers.add_parser(
        "dashboard", help="start the dashboard on http://127.0.0.1:PORT",
        description="Start the Streamlit dashboard on localhost (headless, no usage stats). "
                    "Stop it with Ctrl-C.")
    p.add_argument("--port", type=int_at_least(1, 65535), default=DEFAULT_PORT, metavar="P",
                   help=f"port to listen on (default {DEFAULT_PORT})")
    p.set_defaults(func=cmd_dashboard)


def find_app() -> Path | None:
    """``dashboard/app.py`` of the installed package, else of this checkout, else None."""
    try:
        spec = importlib.util.find_spec("dashboard")
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    folders.append(str(Path(__file__).resolve().parents[3] / "dashboard"))
    for folder in folders:
        app = Path(folder) / "app.py"
        if app.is_file():
            return app
    return None


def streamlit_command(app: Path, port: int) -> list[str]:
    """The command that serves ``app`` on 127.0.0.1 only, without telemetry."""
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Print the address, then replace this process with the Streamlit server.

    Exec'ing (rather than running a child) lets Ctrl-C and SIGTERM reach Streamlit
    directly and leaves no orphaned server behind.
    """
    app = find_app()
    if app is None:
        raise CliError("the dashboard is not installed (no dashboard/app.py found in the "
                       "package or this checkout)")
    if importlib.util.find_spec("streamlit") is None:
        raise CliError("streamlit is not installed; install the extra: "
                       "pip install 'hiresim[dashboard]'")
    print(f"HireSim dashboard: http://127.0.0.1:{args.port}", flush=True)
    sys.stderr.flush()
    command = streamlit_command(app, args.port)
    try:
        os.execv(command[0], command)
    except OSError as err:
        raise CliError(f"cannot start streamlit ({err.strerror or err})") from None
    return 1  # pragma: no cover - execv does not return

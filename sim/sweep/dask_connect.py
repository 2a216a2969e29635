"""Reaching a Dask scheduler: fast, clear failures, and Dask's own log kept off the terminal.

A sweep on a cluster must fail in seconds with one line when the scheduler cannot be
used, not after Dask's connection retries (20 s by default) with a traceback. Before a
:class:`distributed.Client` is made, :func:`check_scheduler`

1. reads the address (``--scheduler`` or the ``address`` of ``--scheduler-file``) and
   refuses one Dask cannot parse;
2. opens a plain TCP connection to it (:data:`PROBE_TIMEOUT_S`): a refused port, an
   unknown host or a stopped machine fail here at once;
3. asks the server who it is over Dask's protocol (:data:`HANDSHAKE_TIMEOUT_S`), so a
   port held by something else, or by a Dask *worker*, is named as such.

A client that fails inside its constructor cannot be closed and stalls the interpreter
for twice its timeout when it is collected; these checks keep that from happening in
all but a race.

:class:`DaskLog` holds what ``distributed``, ``tornado`` and ``asyncio`` log in this
process while a sweep uses the cluster (a lost scheduler logs tracebacks), instead of
printing it; the executor saves it to ``DIR/dask.log``.
"""

from __future__ import annotations

import json
import logging
import socket
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROBE_TIMEOUT_S = 5.0
"""Seconds to open a TCP connection to the scheduler: a refused port or an unknown host
fails at once; only a silent (firewalled or stopped) machine takes this long."""

HANDSHAKE_TIMEOUT_S = 10.0
"""Seconds for the scheduler to answer Dask's ``identity`` call and to accept the client.
A live scheduler answers in milliseconds, even under load."""

LOG_LINES = 5000
"""Most recent Dask log records kept for ``dask.log`` (older ones are dropped)."""

DASK_LOGGERS = ("distributed", "tornado", "asyncio")
"""Loggers whose records are kept off the terminal while a sweep uses a cluster."""


class ClusterError(ConnectionError):
    """The Dask cluster cannot run the sweep (exit 2: the environment, not a bug).

    The message is one line that says what to do.
    """


def scheduler_address(address: str | None, scheduler_file: str | None) -> str:
    """The scheduler's address, from ``address`` or the ``address`` field of a scheduler file.

    Raises:
        ClusterError: no such file, or a file that is not a scheduler file.

    """
    if address:
        return address
    path = Path(str(scheduler_file))
    if not path.is_file():
        raise ClusterError(f"{path}: no such scheduler file (write one with "
                           "`dask scheduler --scheduler-file FILE`)")
    try:
        found = json.loads(path.read_text(encoding="utf-8")).get("address")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as err:
        raise ClusterError(f"{path}: not a Dask scheduler file ({_one_line(err)})") from None
    if not isinstance(found, str) or not found:
        raise ClusterError(f"{path}: not a Dask scheduler file (no \"address\")")
    return found


def check_scheduler(address: str, where: str) -> str:
    """Check that ``address`` is a live Dask scheduler; return the normalised address.

    Args:
        address: What the user gave (``tcp://host:8786``, ``host:8786``, ...).
        where: How to name it in messages (the address, or the scheduler file).

    Raises:
        ClusterError: a malformed address, nothing listening, or not a Dask scheduler.

    """
    from distributed.comm.addressing import get_address_host_port, normalize_address

    try:
        normal = normalize_address(address)
        host, port = get_address_host_port(normal)
    except (ValueError, TypeError) as err:
        raise ClusterError(f"{where}: not a Dask scheduler address ({_one_line(err)}); "
                           "expected e.g. tcp://HOST:8786") from None
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_S):
            pass
    except OSError as err:
        why = "no answer" if isinstance(err, TimeoutError) else (err.strerror or str(err))
        raise ClusterError(f"cannot reach the Dask scheduler at {where} ({why.lower()}); "
                           "is it running, and is the address right?") from None
    kind = _server_type(normal)
    if kind != "a Dask Scheduler answers there":
        raise ClusterError(f"{where} is not a Dask scheduler ({kind}); give the "
                           "scheduler's address, e.g. tcp://HOST:8786")
    return normal


def _server_type(address: str) -> str:
    """What answers at ``address`` ("a Dask Scheduler answers there", ...), in words."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def identity() -> Any:
        from distributed.core import rpc
        from distributed.security import Security

        args = Security().get_connection_args("client")
        async with rpc(address, timeout=HANDSHAKE_TIMEOUT_S, connection_args=args) as r:
            return await asyncio.wait_for(r.identity(), HANDSHAKE_TIMEOUT_S)

    # A thread of its own: the caller may already run an event loop (a notebook).
    with ThreadPoolExecutor(1, thread_name_prefix="hiresim-dask-probe") as pool:
        try:
            info = pool.submit(asyncio.run, identity()).result()
        except TimeoutError:
            return f"no answer within {HANDSHAKE_TIMEOUT_S:g} s"
        except Exception:  # noqa: BLE001 - garbage read as a frame can be any error
            return "what answers there does not speak Dask's protocol"
    if isinstance(info, dict) and isinstance(info.get("type"), str):
        return f"a Dask {info['type']} answers there"
    return "an unexpected answer"


class DaskLog(logging.Handler):
    """Keeps Dask's log records of this process (WARNING and up) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: deque[str] = deque(maxlen=LOG_LINES)
        self.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        """Keep one formatted record (with its traceback, if any)."""
        try:
            self.lines.append(self.format(record))
        except Exception:  # noqa: BLE001 - logging must never break the sweep
            self.handleError(record)

    @contextmanager
    def capturing(self) -> Iterator[DaskLog]:
        """Route :data:`DASK_LOGGERS` here inside the block; put their handlers back after.

        Yields:
            This handler.

        """
        import distributed  # noqa: F401 - its import sets the handlers rerouted here

        saved = []
        for logger in _dask_loggers():
            saved.append((logger, logger.handlers[:], logger.propagate))
            # Dask's config gives some children (distributed.client, ...) handlers of
            # their own: each one that prints must be rerouted, not only the parents.
            top = logger.name in DASK_LOGGERS
            logger.handlers, logger.propagate = ([self], False) if top else ([], True)
        try:
            yield self
        finally:
            for logger, handlers, propagate in saved:
                logger.handlers, logger.propagate = handlers, propagate

    def save(self, path: Path | None, header: str) -> None:
        """Append the kept records to ``path`` (if any records, and its folder exists)."""
        if not self.lines or path is None or not path.parent.is_dir():
            return
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {header} ---\n" + "\n".join(self.lines) + "\n")
        self.lines.clear()


def _dask_loggers() -> list[logging.Logger]:
    """The loggers of :data:`DASK_LOGGERS`, and every child of theirs that has handlers."""
    found = [logging.getLogger(name) for name in DASK_LOGGERS]
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and logger.handlers and \
                name.split(".")[0] in DASK_LOGGERS and name not in DASK_LOGGERS:
            found.append(logger)
    return found


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())

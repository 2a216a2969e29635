"""Override text → values: one parser for ``--set``, sweeps and the dashboard.

``--set``, a sweep's ``[overrides]`` and the dashboard's "Extra settings" box all
read values here.

A value is read as a TOML value, so ``0.1`` is a float, ``"0.1"`` a string, ``true`` a
bool and ``{a = 1}`` an inline table; a bare word such as ``seed`` is kept as text so
``focal.stage=seed`` works without quotes. A table-valued override is merged into the
scenario's table by :meth:`sim.config.SimConfig.with_overrides`, never replacing it.
Type checks are left to the configuration (strict mode), so every entry point refuses
``weeks = true`` with the same message.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

from sim.config.errors import ConfigError

# A bare word (letters, digits, "_" or "-") that is not valid TOML on its own: taken as
# text. Anything else that TOML rejects (``{a=1``, ``0.1.2``) is an error, not a string.
_BARE_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def parse_value(raw: str, where: str = "") -> Any:
    """Read one value as TOML (``"0.1"`` stays a string, ``0.1`` is a float).

    Args:
        raw: The value's text, e.g. ``0.1``, ``true``, ``"x"``, ``{weeks = 10}``.
        where: Prefix for the error message, e.g. ``--set market.weeks``.

    Raises:
        ConfigError: if the text is neither a TOML value nor a bare word.

    """
    text = raw.strip()
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        if _BARE_WORD.fullmatch(text):
            return text
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}not a TOML value: {text!r} (quote text, e.g. \"seed\"; "
                          "tables as {key = value})") from None


def parse_override(text: str) -> tuple[str, Any]:
    """``"market.weeks=52"`` → ``("market.weeks", 52)``; the value is read as TOML.

    Raises:
        ConfigError: if there is no ``=``, no key, or the value is not TOML.

    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key or " " in key or not raw.strip():
        raise ConfigError(f"--set {text}: expected dotted.key=value")
    return key, parse_value(raw, f"--set {key}")


def parse_settings(text: str) -> dict[str, Any]:
    """Parse a TOML document of settings into ``{"dotted.path": value}``.

    ``market.weeks = 10``, ``market = {weeks = 10}`` and a ``[market]`` table with
    ``weeks = 10`` all give ``{"market.weeks": 10}``; comments and blank lines are
    ignored. Unlike ``--set``, strings must be quoted (it is a TOML document).

    Raises:
        ConfigError: a one-line message naming the line and what is wrong.

    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err).splitlines()[0]
        hint = " (text values need quotes, e.g. focal.stage = \"seed\")" \
            if "Invalid value" in msg else ""
        raise ConfigError(f"settings: malformed TOML: {msg}{hint}") from None
    return flatten(data)


def flatten(table: Mapping[str, Any], leaf_keys: tuple[str, ...] = (),
            prefix: str = "") -> dict[str, Any]:
    """Nested tables → ``{"dotted.path": value}``; arrays stay whole.

    A table holding any of ``leaf_keys`` is a leaf (e.g. a sweep parameter's body), so
    both ``[parameters."a.b"]`` and ``[parameters.a.b]`` read the same.
    """
    out: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        is_leaf = not isinstance(value, Mapping) or any(k in value for k in leaf_keys)
        if is_leaf:
            out[path] = value
        else:
            out.update(flatten(value, leaf_keys, path + "."))
    return out

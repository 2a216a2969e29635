"""Configuration errors: :class:`ConfigError` and its one-line messages.

The messages are built from pydantic's validation errors and name the dotted path,
e.g. ``market.weeks: expected an integer (got true, a boolean)``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from sim.config.params import Frozen


class ConfigError(ValueError):
    """Invalid configuration; ``str(err)`` is a one-line message naming the field."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


def _fields_of(model: Any) -> dict[str, Any] | None:
    """Map field name → annotation class for a pydantic model class, else None."""
    if not (isinstance(model, type) and issubclass(model, Frozen)):
        # Optional[FocalConfig] and friends: unwrap the single model in the union.
        args = getattr(model, "__args__", ())
        models = [a for a in args if isinstance(a, type) and issubclass(a, Frozen)]
        if len(models) != 1:
            return None
        model = models[0]
    return {name: f.annotation for name, f in model.model_fields.items()}


def _unknown_key_message(prefix: str, key: str, valid: Mapping[str, Any]) -> str:
    where = f"{prefix}.{key}" if prefix else key
    close = difflib.get_close_matches(key, list(valid), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{where}: unknown key{hint} (valid: {', '.join(sorted(valid))})"


def _to_config_error(err: ValidationError, model: type[Frozen]) -> ConfigError:
    first = err.errors()[0]
    loc = [str(p) for p in first["loc"]]
    path = ".".join(loc)
    kind = first["type"]
    if kind == "extra_forbidden":
        parent = _resolve_model(model, loc[:-1])
        fields = _fields_of(parent) or {}
        return ConfigError(_unknown_key_message(".".join(loc[:-1]), loc[-1], fields), path)
    ctx = first.get("ctx", {})
    got = first.get("input")
    bounds = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">",
              "less_than": "<"}
    if kind in bounds:
        limit = next(iter(ctx.values()))
        rng = _allowed_range(model, loc)
        return ConfigError(f"{path}: must be {bounds[kind]} {limit}{rng} (got {got!r})", path)
    if kind == "literal_error":
        return ConfigError(f"{path}: must be one of {ctx.get('expected')} (got {got!r})", path)
    if kind in _EXPECTED:
        return ConfigError(f"{path}: expected {_EXPECTED[kind]} (got {_shown(got)})", path)
    msg = first["msg"].removeprefix("Value error, ")
    if not path:
        return ConfigError(msg, path)
    return ConfigError(f"{path}: {msg} (got {got!r})", path)


# Strict-mode type errors → what the field takes, in TOML's words.
_EXPECTED = {
    "float_type": "a number (integer or float)",
    "int_type": "an integer",
    "bool_type": "a boolean (true or false)",
    "string_type": "a string",
    "model_type": "a table",
    "dict_type": "a table",
    "tuple_type": "an array of tables",
    "list_type": "an array",
}
_TOML_TYPES = {bool: "boolean", int: "integer", float: "float", str: "string", dict: "table",
               list: "array", tuple: "array"}


def _shown(value: Any) -> str:
    """A value as a TOML user wrote it, with its type: ``true, a boolean``."""
    kind = _TOML_TYPES.get(type(value), type(value).__name__)
    text = ("true" if value else "false") if isinstance(value, bool) else repr(value)
    return f"{text}, {'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _resolve_model(model: Any, loc: list[str]) -> Any:
    for key in loc:
        if key.isdigit():
            continue
        fields = _fields_of(model) or {}
        model = fields.get(key)
        args = getattr(model, "__args__", ())
        if args and not (isinstance(model, type) and issubclass(model, Frozen)):
            models = [a for a in args if isinstance(a, type) and issubclass(a, Frozen)]
            model = models[0] if models else model
    return model


def _allowed_range(model: Any, loc: list[str]) -> str:
    parent = _resolve_model(model, loc[:-1])
    info = getattr(parent, "model_fields", {}).get(loc[-1])
    if info is None:
        return ""
    lo, hi = _bounds(info)
    return f" (allowed {lo} to {hi})" if lo is not None and hi is not None else ""


def _bounds(info: Any) -> tuple[float | None, float | None]:
    lo = hi = None
    for meta in info.metadata:
        for attr in ("ge", "gt"):
            if getattr(meta, attr, None) is not None:
                lo = getattr(meta, attr)
        if getattr(meta, "le", None) is not None:
            hi = meta.le
    return lo, hi

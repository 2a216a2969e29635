"""Scenario files (TOML) → typed configuration.

A scenario file has ``name``, ``description``, an optional ``extends = "<preset>"``
and tables mirroring :class:`sim.config.SimConfig` (``[market]``, ``[candidates]``,
``[hiring]``, ``[valuation]``, ``[startups]``, ``[progress]``, ``[bigtech]``,
``[focal]``, ``[[shocks]]``), plus, in a founder's file, ``[search]``: the plans
``hiresim plan`` may try (:class:`sim.config.plan_search.PlanSearchConfig`; checked on
every load, used only by the plan search). Presets ship with the package; a name that
is not a preset is read as a path. Every error is a :class:`ScenarioError` whose message is one
line naming the file, the line where one can be found, and the dotted path.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config import ConfigError, SimConfig, _deep_merge
from sim.config import parse_override as config_parse_override
from sim.config.plan_search import PlanSearchConfig

META_KEYS = ("name", "description", "extends")
SEARCH_TABLE = "search"
"""A founder's ``[search]`` table: not part of the market's configuration."""


class ScenarioError(ConfigError):
    """A scenario file or override that cannot be used; the message names file and field."""


@dataclass(frozen=True)
class Scenario:
    """A named, described configuration."""

    name: str
    description: str
    config: SimConfig
    path: Path | None = None
    search: PlanSearchConfig | None = None  # the file's [search] table, if it has one


def preset_dir() -> Path:
    """Folder of the shipped presets (installed package data, else the checkout)."""
    from importlib import resources

    try:
        installed = Path(str(resources.files("sim") / "presets"))
        if installed.is_dir() and any(installed.glob("*.toml")):
            return installed
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual installs
        pass
    return Path(__file__).resolve().parents[2] / "scenarios"


def list_presets() -> list[tuple[str, str]]:
    """(name, description) of every preset, sorted by name."""
    out = []
    for path in sorted(preset_dir().glob("*.toml")):
        data = _read_toml(path)
        out.append((path.stem, str(data.get("description", "")).strip()))
    return out


def resolve_path(name_or_path: str | Path) -> Path:
    """A preset name or a path → the file's path."""
    text = str(name_or_path)
    preset = preset_dir() / f"{text}.toml"
    if "/" not in text and not text.endswith(".toml") and preset.is_file():
        return preset
    path = Path(text)
    if path.is_file():
        return path
    names = ", ".join(n for n, _ in list_presets())
    raise ScenarioError(f"{text}: no such preset or file (presets: {names})")


def load_scenario(name_or_path: str | Path,
                  overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load a preset or a scenario file, resolving ``extends``, then apply overrides."""
    path = resolve_path(name_or_path)
    data = _resolved_data(path, chain=())
    text = path.read_text(encoding="utf-8")
    body = {k: v for k, v in data.items() if k not in (*META_KEYS, SEARCH_TABLE)}
    try:
        cfg = SimConfig.from_dict(body)
        search = parse_search(data[SEARCH_TABLE]) if SEARCH_TABLE in data else None
    except ConfigError as err:
        raise ScenarioError(_locate(path, text, err), err.path) from None
    if overrides:
        cfg = apply_overrides(cfg, overrides)
    return Scenario(name=str(data.get("name", path.stem)),
                    description=str(data.get("description", "")).strip(), config=cfg,
                    path=path, search=search)


def parse_search(raw: Any) -> PlanSearchConfig:
    """Validate a ``[search]`` table; errors name the field as ``search.<key>``.

    Raises:
        ConfigError: an unknown key, a wrong type, or a range that is out of bounds.

    """
    from pydantic import ValidationError

    from sim.config.errors import _to_config_error

    if not isinstance(raw, dict):
        raise ConfigError(f"{SEARCH_TABLE}: expected a table (got {raw!r})", SEARCH_TABLE)
    try:
        return PlanSearchConfig.model_validate(raw)
    except ValidationError as err:
        inner = _to_config_error(err, PlanSearchConfig)
        path = inner.path or str(inner).split(":", 1)[0]
        raise ConfigError(f"{SEARCH_TABLE}.{inner}", f"{SEARCH_TABLE}.{path}") from None


def _resolved_data(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """The file's data merged over its ``extends`` parent (recursively)."""
    if path.resolve() in {p.resolve() for p in chain}:
        loop = " -> ".join(p.stem for p in (*chain, path))
        raise ScenarioError(f"{path}: extends: cycle ({loop})", "extends")
    data = _read_toml(path)
    unknown_meta = [k for k, v in data.items() if not isinstance(v, dict | list)
                    and k not in META_KEYS]
    if unknown_meta:
        key = unknown_meta[0]
        raise ScenarioError(
            f"{path}: line {_line_of(path.read_text(encoding='utf-8'), key)}: {key}: unknown "
            f"key (valid top-level keys: {', '.join(META_KEYS)} and the tables "
            f"{', '.join(SimConfig.model_fields)})", key)
    parent = data.get("extends")
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(f"{path}: extends: must be a preset name or path (got {parent!r})",
                            "extends")
    try:
        parent_path = _sibling_or_preset(path, parent)
    except ScenarioError as err:
        raise ScenarioError(f"{path}: extends: {err}", "extends") from None
    base = _resolved_data(parent_path, (*chain, path))
    merged = _deep_merge({k: v for k, v in base.items() if k not in META_KEYS},
                         {k: v for k, v in data.items() if k not in ("extends",)})
    return merged


def _sibling_or_preset(path: Path, parent: str) -> Path:
    """``extends`` looks beside the file first, then among the presets."""
    sibling = path.parent / (parent if parent.endswith(".toml") else f"{parent}.toml")
    if sibling.is_file():
        return sibling
    return resolve_path(parent)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ScenarioError(f"{path}: cannot read ({err.strerror})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not UTF-8 text (expected a TOML scenario file)") from None
    if not text.strip():
        raise ScenarioError(f"{path}: file is empty (expected name, description and tables)")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: malformed TOML: {err}") from None


def _line_of(text: str, dotted: str) -> int | str:
    """Best-effort line number of the last key of a dotted path in a TOML text."""
    parts = [p for p in dotted.split(".") if not p.isdigit()]
    if not parts:
        return "?"
    key = re.escape(parts[-1])
    lines = text.splitlines()
    # Look first below the key's own table header (``[search]`` for ``search.pay_mult``),
    # so that a key several tables share is found in the right one.
    table = re.escape(".".join(parts[:-1]))
    start = next((i for i, line in enumerate(lines)
                  if table and re.match(rf"\s*\[+\s*{table}\s*\]+\s*$", line)), 0)
    for i, line in enumerate(lines[start:], start=start + 1):
        if re.match(rf"\s*{key}\s*=", line) or re.match(rf"\s*\[+[\w.]*{key}\]+\s*$", line):
            return i
    return "?"


def _locate(path: Path, text: str, err: ConfigError) -> str:
    line = _line_of(text, err.path) if err.path else "?"
    where = f"line {line}: " if line != "?" else ""
    return f"{path}: {where}{err}"


def parse_override(text: str) -> tuple[str, Any]:
    """``"market.weeks=52"`` → ``("market.weeks", 52)``; see :func:`sim.config.parse_override`.

    Raises:
        ScenarioError: if the text is not ``dotted.key=value`` with a TOML value.

    """
    try:
        return config_parse_override(text)
    except ConfigError as err:
        raise ScenarioError(str(err), err.path) from None


def apply_overrides(cfg: SimConfig, overrides: Mapping[str, Any] | Iterable[str]) -> SimConfig:
    """Apply ``--set``-style overrides (a mapping, or ``key=value`` strings).

    A table value is merged into the scenario's table (see
    :meth:`sim.config.SimConfig.with_overrides`), so ``market={weeks=10}`` keeps the
    scenario's other market values.
    """
    pairs = dict(parse_override(o) for o in overrides) if not isinstance(overrides, Mapping) \
        else dict(overrides)
    try:
        return cfg.with_overrides(pairs)
    except ConfigError as err:
        raise ScenarioError(f"--set: {err}", err.path) from None


def dump_scenario(name: str, description: str, cfg: SimConfig,
                  comments: Sequence[str] = ()) -> str:
    r"""The resolved scenario as TOML text (``hiresim run --out`` saves it).

    Written by ``tomli-w``, so any name or description (newlines, quotes, control
    characters, ANSI escapes) reads back as the same string.

    Args:
        name: Scenario name.
        description: Scenario description.
        cfg: The resolved configuration.
        comments: Lines for a leading ``#`` comment; characters TOML forbids in a
            comment (control characters other than tab) are written as ``\xNN``.

    """
    import tomli_w

    head = "".join(f"# {_toml_comment(line)}\n" for line in comments)
    doc = {"name": name, "description": description, **cfg.to_dict()}
    shocks = doc.get("shocks", [])
    if any(isinstance(v, dict) for shock in shocks for v in shock.values()):
        return head + tomli_w.dumps(doc)  # nested tables in a shock: tomli-w's own layout
    # tomli-w writes an array of tables inline; [[shocks]] blocks read better, one per shock
    doc.pop("shocks", None)
    blocks = "".join(f"\n[[shocks]]\n{tomli_w.dumps(shock)}" for shock in shocks)
    return head + tomli_w.dumps(doc) + blocks


def _toml_comment(text: str) -> str:
    r"""``text`` with every character TOML forbids in a comment escaped as ``\xNN``."""
    return "".join(f"\\x{ord(ch):02x}" if _FORBIDDEN_IN_COMMENT.match(ch) else ch
                   for ch in text)


_FORBIDDEN_IN_COMMENT = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

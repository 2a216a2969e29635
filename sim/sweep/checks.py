"""Validation helpers for sweep specs: error context, TOML reading, parameter checks.

Kept apart from :mod:`sim.sweep.spec` so the spec module reads as the format itself.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config import ParamInfo, ShockConfig, SimConfig, iter_params

DISTRIBUTIONS = ("uniform", "loguniform", "int")
PARAM_KEYS = ("values", "low", "high", "distribution")
MAX_RUNS = 10_000_000
"""Most runs one spec may ask for (points × replications). At the baseline's 0.24 s a
run (docs/performance.md, 104 weeks) that is ~28 CPU-days, far past any study here;
above it a typo (an extra zero in ``samples``) is likelier than intent, and the run
table alone would need gigabytes. Counted from the spec, without building the design."""


@dataclass(frozen=True)
class Where:
    """Where an error is: the file's name and text, and the exception class to raise."""

    file: str
    text: str
    exc: type[Exception]

    def error(self, field: str, message: str) -> Exception:
        """An exception whose message is ``file: line N: field: message``."""
        line = line_of(self.text, field)
        loc = f"line {line}: " if line else ""
        return self.exc(f"{self.file}: {loc}{field}: {message}", field)

    def unknown(self, field: str, key: str, valid: tuple[str, ...] | list[str]) -> Exception:
        """An 'unknown key' error listing the valid keys and the closest one."""
        close = difflib.get_close_matches(key, list(valid), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return self.error(field, f"unknown key{hint} (valid: {', '.join(valid)})")


def line_of(text: str, field: str) -> int | None:
    """Best-effort line number of a dotted field (``section.key...``) in TOML text."""
    lines = text.splitlines()
    section, _, rest = field.partition(".")
    header = re.compile(rf"\s*\[+\s*{re.escape(section)}\b")
    start = next((i for i, ln in enumerate(lines) if header.match(ln)), None)
    if start is None:
        bare = re.compile(rf"\s*{re.escape(section)}\s*=")
        return next((i + 1 for i, ln in enumerate(lines) if bare.match(ln)), None)
    if not rest:
        return start + 1
    parts = rest.split(".")
    for k in range(len(parts), 0, -1):
        needle = ".".join(parts[:k])
        pat = re.compile(rf'(^|[\s\[."]){re.escape(needle)}("|\s*=|\s*\]|$)')
        hit = next((i for i in range(start, len(lines)) if pat.search(lines[i])), None)
        if hit is None:
            continue
        if k == len(parts):
            return hit + 1
        leaf = re.compile(rf"\s*{re.escape(parts[-1])}\s*=")
        return next((i + 1 for i in range(hit, len(lines)) if leaf.match(lines[i])), hit + 1)
    return start + 1


def read_toml(path: Path, exc: type[Exception]) -> tuple[dict[str, Any], str]:
    """Read a TOML file; errors are one line naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise exc(f"{path}: cannot read ({err.strerror})") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        raise exc(f"{path}: malformed TOML: {err}") from None


def resolve_base(where: Where, base: str, root: Path) -> SimConfig:
    """The base scenario's configuration: a file beside the spec, a path, or a preset."""
    from sim.experiments.scenarios import ScenarioError, load_scenario

    candidates = [root / base, root / f"{base}.toml"] if not Path(base).is_absolute() \
        else [Path(base)]
    target: str | Path = next((c for c in candidates if c.is_file()), base)
    if target == base and ("/" in base or base.endswith(".toml")):
        raise where.error("sweep.base", f"no such file: {candidates[0]}")
    try:
        return load_scenario(target).config
    except ScenarioError as err:
        raise where.error("sweep.base", str(err)) from None


def param_index(base: SimConfig) -> dict[str, ParamInfo]:
    """Every sweepable scalar path: :func:`iter_params` plus the base's shock fields."""
    index = {p.path: p for p in iter_params()}
    for i in range(len(base.shocks)):
        index.update({p.path: p for p in iter_params(ShockConfig, f"shocks.{i}.")})
    return index


def check_param(where: Where, dotted: str, body: Any,
                index: Mapping[str, ParamInfo]) -> dict[str, Any]:
    """Validate one ``[parameters."dotted.path"]`` table; return ParamSpec fields."""
    field = f"parameters.{dotted}"
    parent, _, key = dotted.rpartition(".")
    if dotted not in index and parent in index:  # e.g. a typo for low/high/values
        raise where.unknown(field, key, PARAM_KEYS)
    if dotted not in index:
        near = difflib.get_close_matches(dotted, list(index), n=3, cutoff=0.5)
        hint = f"nearest: {', '.join(near)}" if near else "see sim.config.iter_params()"
        raise where.error(field, f"unknown parameter ({hint})")
    if not isinstance(body, dict):
        raise where.error(field, "must be a table with values = [...] or low/high")
    for key in body:
        if key not in PARAM_KEYS:
            raise where.unknown(f"{field}.{key}", key, PARAM_KEYS)
    info = index[dotted]
    integer = isinstance(info.default, int) and not isinstance(info.default, bool)
    if "values" in body:
        return _check_values(where, field, body, info, integer)
    return _check_range(where, field, body, info, integer)


def _check_values(where: Where, field: str, body: dict[str, Any], info: ParamInfo,
                  integer: bool) -> dict[str, Any]:
    extra = [k for k in ("low", "high", "distribution") if k in body]
    if extra:
        raise where.error(f"{field}.{extra[0]}", "give either values = [...] or low/high")
    values = body["values"]
    if not isinstance(values, list) or not values:
        raise where.error(f"{field}.values", f"must be a non-empty list (got {values!r})")
    checked = [_number(where, f"{field}.values", v, info, integer) for v in values]
    if len(set(checked)) != len(checked):
        raise where.error(f"{field}.values", f"has duplicates ({values!r})")
    return {"values": tuple(checked), "distribution": "values", "integer": integer}


def _check_range(where: Where, field: str, body: dict[str, Any], info: ParamInfo,
                 integer: bool) -> dict[str, Any]:
    for key in ("low", "high"):
        if key not in body:
            raise where.error(field, f"needs values = [...] or both low and high (no {key})")
    dist = body.get("distribution", "int" if integer else "uniform")
    if dist not in DISTRIBUTIONS:
        raise where.error(f"{field}.distribution",
                          f"must be one of {', '.join(DISTRIBUTIONS)} (got {dist!r})")
    as_int = integer or dist == "int"
    low = _number(where, f"{field}.low", body["low"], info, as_int)
    high = _number(where, f"{field}.high", body["high"], info, as_int)
    if not low < high:
        raise where.error(f"{field}.high", f"must be > low ({low!r}) (got {high!r})")
    if dist == "loguniform" and low <= 0:
        raise where.error(f"{field}.low", f"loguniform needs low > 0 (got {low!r})")
    return {"low": low, "high": high, "distribution": dist, "integer": as_int}


def _number(where: Where, field: str, value: Any, info: ParamInfo, integer: bool) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value):
        raise where.error(field, f"must be a number (got {value!r})")
    if integer and value != int(value):
        raise where.error(field, f"must be a whole number for {info.path} (got {value!r})")
    if info.ge is not None and value < info.ge:
        raise where.error(field, f"must be ≥ {info.ge} for {info.path} (got {value!r})")
    if info.le is not None and value > info.le:
        raise where.error(field, f"must be ≤ {info.le} for {info.path} (got {value!r})")
    return int(value) if integer else float(value)


def check_metrics(where: Where, metrics: Any, base: SimConfig) -> tuple[str, ...]:
    """Metric names to keep: all registered ones by default, else a validated list."""
    from sim.outputs.registry import REGISTRY, metric_names

    if metrics is None:
        return tuple(metric_names(focal=base.focal is not None))
    if not isinstance(metrics, list) or not metrics:
        raise where.error("sweep.metrics", f"must be a non-empty list (got {metrics!r})")
    for name in metrics:
        if name not in REGISTRY:
            near = difflib.get_close_matches(str(name), list(REGISTRY), n=3, cutoff=0.5)
            hint = f"nearest: {', '.join(near)}" if near else "see `hiresim metrics`"
            raise where.error("sweep.metrics", f"unknown metric {name!r} ({hint})")
    return tuple(dict.fromkeys(metrics))


def check_size(where: Where, sampler: str, n_points: int, replications: int) -> None:
    """Refuse a sweep of more than :data:`MAX_RUNS` runs (points × replications).

    The caller counts points from the spec (``SweepSpec.n_points`` is arithmetic), so a
    spec of billions of runs fails here in microseconds instead of allocating its design.
    """
    n_runs = n_points * replications
    if n_runs <= MAX_RUNS:
        return
    if replications > MAX_RUNS:
        field = "sweep.replications"
    else:
        field = "parameters" if sampler == "grid" else "sweep.samples"
    raise where.error(field, f"asks for {n_runs:,} runs ({n_points:,} points × "
                      f"{replications:,} replications); the limit is {MAX_RUNS:,}")


ANALYSIS_KEYS = ("where", "tip", "along")
"""Keys of a spec's optional ``[analysis]`` table: defaults for ``hiresim analyze``."""


def check_analysis(where: Where, table: Any, metrics: tuple[str, ...],
                   params: list[str]) -> tuple[tuple[str, Any], ...]:
    """Validate ``[analysis]``: a ``where`` condition, ``tip`` requests, an ``along`` input.

    They are what ``hiresim analyze`` reports when its ``--where`` / ``--tip`` / ``--along``
    options are not given, checked here so that a typo fails before the sweep runs.
    """
    from sim.outputs.registry import REGISTRY
    from sim.sweep.condition import ConditionError, parse_condition
    from sim.sweep.tipping import TippingError, parse_tip

    if table is None:
        return ()
    if not isinstance(table, dict):
        raise where.error("analysis", "must be a table (where, tip, along)")
    for key in table:
        if key not in ANALYSIS_KEYS:
            raise where.unknown(f"analysis.{key}", key, ANALYSIS_KEYS)
    out: dict[str, Any] = {}
    if "where" in table:
        text = table["where"]
        if not isinstance(text, str):
            raise where.error("analysis.where", f"must be a string (got {text!r})")
        try:
            parse_condition(text, metrics, registered=REGISTRY, parameters=params)
        except ConditionError as err:
            raise where.error("analysis.where", _after_option(err)) from None
        out["where"] = text
    if "tip" in table:
        tips = [table["tip"]] if isinstance(table["tip"], str) else table["tip"]
        if not isinstance(tips, list) or not all(isinstance(t, str) for t in tips):
            raise where.error("analysis.tip", "must be a string or a list of strings like "
                              "\"fill_rate.startup=0.3\"")
        for text in tips:
            try:
                parse_tip(text, metrics, REGISTRY)
            except TippingError as err:
                raise where.error("analysis.tip", _after_option(err)) from None
        out["tip"] = list(tips)
    if "along" in table:
        if table["along"] not in params:
            raise where.error("analysis.along", f"{table['along']!r} is not a swept "
                              f"parameter (swept: {', '.join(params)})")
        out["along"] = table["along"]
    return tuple(out.items())


def _after_option(err: Exception) -> str:
    """An option's error without its ``--option 'text': `` prefix (the field is named)."""
    text = str(err)
    return text.split(": ", 1)[1] if text.startswith("--") and ": " in text else text

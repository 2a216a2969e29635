"""What a sweep chart's axes must say, as numbers and text: no plotting here.

Both the report's matplotlib figures (``viz.sweep_plots``) and the dashboard's plotly
charts (``dashboard.charts_sweep``) take their axes from these functions, so that
every chart of a sweep follows the same rules:

- **Zero is on the axis of a share or a count.** A share's axis runs from 0 to 1; a
  metric that cannot be negative (a count, a time, money) starts at 0. An auto-zoomed
  axis turns a move from 0.67 to 0.70 into what looks like a collapse. Only metrics
  the registry leaves unbounded (or an unknown name) get an axis fitted to the data.
- **Units are in the labels**, from the metric registry (metrics) and the
  configuration's parameter declarations (swept inputs).
- **The reference scenario** is the spec's base configuration (with its fixed
  overrides): its value of each swept input, drawn as a line or marker where it falls
  inside the swept range.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

HEADROOM = 1.05
"""Top of a non-negative axis: 5% above the largest value shown, so markers are not cut."""


def metric_bounds(metric: str) -> tuple[float | None, float | None]:
    """The registered bounds of a metric ((None, None) if unknown)."""
    from sim.outputs.registry import REGISTRY

    m = REGISTRY.get(metric)
    return (m.low, m.high) if m else (None, None)  # type: ignore[return-value]


def value_axis(metric: str, values: Iterable[float]) -> tuple[float, float] | None:
    """The value axis of a chart of ``metric`` showing ``values`` (means and interval ends).

    Returns:
        ``(0, 1)`` for a share; ``(0, top)`` for a metric bounded below by 0, ``top`` the
        largest value with 5% headroom (1 if there is none); None (fit to the data) for
        an unbounded metric.

    """
    low, high = metric_bounds(metric)
    if low is None:
        return None
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if high is not None:
        return (low, high)
    top = max(finite, default=low + 1.0) * HEADROOM
    return (low, top if top > low else low + 1.0)


def metric_unit(metric: str) -> str:
    """A metric's registered unit ('' if unknown)."""
    from sim.outputs.registry import REGISTRY

    m = REGISTRY.get(metric)
    return m.unit if m else ""


@cache
def _param_units() -> dict[str, str]:
    from sim.config import iter_params

    return {p.path: p.unit for p in iter_params()}


def parameter_unit(path: str) -> str:
    """A swept input's declared unit ('' if the configuration declares none).

    An index into a list of tables (``shocks.0.size``) is looked up as ``shocks.<i>.size``.
    """
    units = _param_units()
    return units.get(path) or units.get(re.sub(r"\.\d+\.", ".<i>.", path), "")


def label(name: str, unit: str) -> str:
    """``name (unit)``, or the name alone without a unit."""
    return f"{name} ({unit})" if unit else name


def metric_axis_label(metric: str) -> str:
    """Axis label of a metric: its name and registered unit."""
    return label(metric, metric_unit(metric))


def parameter_axis_label(path: str) -> str:
    """Axis label of a swept input: its dotted path and declared unit."""
    return label(path, parameter_unit(path))


def reference_point(manifest: Mapping[str, Any]) -> dict[str, float]:
    """The base scenario's value of each swept input (numbers only).

    The base is the spec's ``base`` with its fixed ``[overrides]``, as stored in the
    manifest (``spec.base_config``). An input the base does not set to a number (a
    path into a list that is shorter) is left out.
    """
    spec = manifest.get("spec") or {}
    base = spec.get("base_config")
    if not isinstance(base, dict):
        return {}
    out = {}
    for path in manifest.get("parameters") or list(spec.get("parameters") or {}):
        value = _dotted(base, path)
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and math.isfinite(value):
            out[path] = float(value)
    return out


def reference_name(manifest: Mapping[str, Any]) -> str:
    """How charts name the reference scenario, e.g. ``base scenario (baseline)``."""
    base = (manifest.get("spec") or {}).get("base")
    return f"base scenario ({base})" if base else "base scenario"


def _dotted(tree: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(tree, dict) and part in tree:
            tree = tree[part]
        elif isinstance(tree, list) and part.isdigit() and int(part) < len(tree):
            tree = tree[int(part)]
        else:
            return None
    return tree


def within(value: float | None, values: Iterable[float]) -> bool:
    """Whether ``value`` lies inside the range of ``values`` (where a chart can draw it)."""
    xs = [float(v) for v in values if math.isfinite(float(v))]
    return value is not None and bool(xs) and min(xs) <= value <= max(xs)

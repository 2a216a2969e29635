"""Scenario sweeps at scale: specs, designs, executors, a resumable store, analysis.

Quick start::

    from sim.sweep import load_spec, run_sweep, load_sweep
    spec = load_spec("scenarios/sweeps/levers.toml")
    run_sweep(spec, "out/levers")            # local processes on all cores
    runs = load_sweep("out/levers")          # one row per run, sorted by run_id

Names are imported lazily so that ``import sim.sweep`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

_LAZY = {
    "SpecError": ("sim.sweep.spec", "SpecError"),
    "SweepSpec": ("sim.sweep.spec", "SweepSpec"),
    "load_spec": ("sim.sweep.spec", "load_spec"),
    "spec_from_dict": ("sim.sweep.spec", "spec_from_dict"),
    "build_design": ("sim.sweep.design", "build_design"),
    "run_table": ("sim.sweep.design", "run_table"),
    "SweepError": ("sim.sweep.runner", "SweepError"),
    "run_sweep": ("sim.sweep.runner", "run_sweep"),
    "load_sweep": ("sim.sweep.store", "load_sweep"),
    "StoreError": ("sim.sweep.store", "StoreError"),
    "analyze_sweep": ("sim.sweep.analysis", "analyze_sweep"),
    "discover_sweep": ("sim.sweep.discovery", "discover_sweep"),
    "parse_tip": ("sim.sweep.tipping", "parse_tip"),
    "tipping_points": ("sim.sweep.tipping", "tipping_points"),
    "cell_intervals": ("sim.sweep.cells", "cell_intervals"),
    "value_axis": ("sim.sweep.axes", "value_axis"),
    "metric_axis_label": ("sim.sweep.axes", "metric_axis_label"),
    "parameter_axis_label": ("sim.sweep.axes", "parameter_axis_label"),
    "parameter_unit": ("sim.sweep.axes", "parameter_unit"),
    "reference_point": ("sim.sweep.axes", "reference_point"),
    "reference_name": ("sim.sweep.axes", "reference_name"),
    "within": ("sim.sweep.axes", "within"),
}

if TYPE_CHECKING:
    from sim.sweep.analysis import analyze_sweep
    from sim.sweep.axes import (
        metric_axis_label,
        parameter_axis_label,
        parameter_unit,
        reference_name,
        reference_point,
        value_axis,
        within,
    )
    from sim.sweep.cells import cell_intervals
    from sim.sweep.design import build_design, run_table
    from sim.sweep.discovery import discover_sweep
    from sim.sweep.runner import SweepError, run_sweep
    from sim.sweep.spec import SpecError, SweepSpec, load_spec, spec_from_dict
    from sim.sweep.store import StoreError, load_sweep
    from sim.sweep.tipping import parse_tip, tipping_points


def __getattr__(name: str) -> Any:
    """Import the public API on first use."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'sim.sweep' has no attribute {name!r}")


__all__ = [
    "SpecError",
    "StoreError",
    "SweepError",
    "SweepSpec",
    "analyze_sweep",
    "build_design",
    "cell_intervals",
    "discover_sweep",
    "load_spec",
    "load_sweep",
    "metric_axis_label",
    "parameter_axis_label",
    "parameter_unit",
    "parse_tip",
    "reference_name",
    "reference_point",
    "run_sweep",
    "run_table",
    "spec_from_dict",
    "tipping_points",
    "value_axis",
    "within",
]

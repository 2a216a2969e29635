"""``report.md`` for a sweep: spec summary, run counts, sensitivity and effect tables.

Markdown only; images are made elsewhere (``viz.sweep_plots``) and passed in by
file name, so this module stays free of plotting libraries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sim.sweep.analysis import SweepAnalysis

Images = Mapping[str, Any]
"""``{"sensitivity": {metric: file}, "effects": {(param, metric): file},
"heatmap": {metric: file}, "tipping": {index: file}, "discovery": file}`` — any part
may be missing."""


def md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "–" if not math.isfinite(v) else f"{v:.3g}"
    return str(v).replace("|", "\\|")


def _ci(mean: float, lo: float, hi: float, n: int = 0, missing: int = 0) -> str:
    # Runs where the metric is undefined are shown, not hidden: "(9 of 10)".
    of = f" ({n} of {n + missing})" if missing else ""
    if not math.isfinite(mean):
        return "–" + of
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return f"{mean:.3g}{of}"
    return f"{mean:.3g} [{lo:.3g}, {hi:.3g}]{of}"


def _methods(a: SweepAnalysis) -> list[str]:
    """One line naming each analysed metric's interval method, and why values are missing."""
    from sim.outputs.registry import REGISTRY

    named = [f"{m} {REGISTRY[m].method}" if m in REGISTRY else f"{m} t" for m in a.metrics]
    lines = ["Intervals by metric (docs/model.md, Intervals): " + "; ".join(named) + "."]
    eff = a.effects
    gaps = sorted(set(eff.loc[eff["missing"] > 0, "metric"])) if "missing" in eff else []
    if gaps:
        why = [f"{m} ({REGISTRY[m].missing_reason})" if m in REGISTRY and
               REGISTRY[m].missing_reason else m for m in gaps]
        lines += ["", "\"n of N\" counts the runs where a metric is defined; undefined: "
                  + "; ".join(why) + "."]
    return [*lines, ""]


def render_report(a: SweepAnalysis, images: Images | None = None) -> str:
    """The whole report as Markdown text."""
    images = images or {}
    parts = _header(a) + _runs(a) + _sensitivity(a, images) + _effects(a, images)
    parts += _tipping(a, images) + _discovery(a, images)
    parts += _points(a) + _heatmaps(a, images)
    if a.notes:
        parts += ["## Notes", "", *[f"- {n}" for n in a.notes], ""]
    return "\n".join(parts)


def write_report(a: SweepAnalysis, out_dir: str | Path, images: Images | None = None) -> Path:
    """Write ``report.md`` into ``out_dir`` and return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "report.md"
    tmp = path.with_name("report.md.tmp")
    tmp.write_text(render_report(a, images), encoding="utf-8")
    tmp.replace(path)
    return path


def _header(a: SweepAnalysis) -> list[str]:
    m, spec = a.manifest, a.manifest["spec"]
    facts = [("base scenario", spec.get("base")), ("sampler", m["sampler"]),
             ("samples", spec.get("samples") if spec.get("samples") is not None else "–"),
             ("points", m["n_points"]), ("replications", m["replications"]),
             ("runs planned", m["n_runs"]), ("base seed", m["seed"]),
             ("fixed overrides", ", ".join(f"{k}={v}" for k, v in spec["overrides"].items())
              or "none"), ("spec hash", m["spec_hash"][:16]),
             ("package version", m["version"]), ("started", m["started"]),
             ("ended", m.get("ended") or "–"), ("status", m["status"])]
    ref = a.reference
    params = [(p, _describe(body), _fmt(ref[p]) if p in ref else "–")
              for p, body in spec["parameters"].items()]
    intro = [spec["description"], ""] if spec.get("description") else []
    return [f"# Sweep report: {m['name']}", "", *intro,
            "## Spec", "", md_table(["", ""], facts), "", "### Parameters", "",
            md_table(["parameter", "swept over", f"base ({spec.get('base')})"], params)
            if params else "(none)", ""]


def _describe(body: Mapping[str, Any]) -> str:
    if "values" in body:
        return ", ".join(_fmt(v) for v in body["values"])
    return f"{body['distribution']} {_fmt(body['low'])} to {_fmt(body['high'])}"


def _runs(a: SweepAnalysis) -> list[str]:
    c = a.counts
    lines = ["## Runs", "", md_table(["planned", "recorded", "ok", "failed", "remaining"],
                                     [[c["planned"], c["recorded"], c["ok"], c["error"],
                                       c["remaining"]]]), ""]
    failed = a.runs[a.runs["status"] != "ok"]
    if len(failed):
        top = failed["error"].value_counts().head(5)
        lines += ["Most common errors:", "", md_table(["runs", "error"],
                                                      [[n, e] for e, n in top.items()]), ""]
    return lines


def _sensitivity(a: SweepAnalysis, images: Images) -> list[str]:
    lines: list[str] = []
    pics = images.get("sensitivity", {})
    if a.sobol is not None and len(a.sobol):
        lines += ["## Sobol indices", "", "First-order (S1) and total (ST) indices with "
                  "95% bootstrap intervals, on point means over replications.", ""]
        for metric, df in a.sobol.groupby("metric", sort=False):
            rows = [[r.parameter, _pm(r.S1, r.S1_conf), _pm(r.ST, r.ST_conf)]
                    for r in df.sort_values("ST", ascending=False).itertuples()]
            lines += [f"### {metric}", "", md_table(["parameter", "S1", "ST"], rows), ""]
            lines += _image(pics.get(metric), f"Sobol indices, {metric}")
    if a.sobol2 is not None and len(a.sobol2):
        rows = [[r.metric, r.parameter_1, r.parameter_2, _pm(r.S2, r.S2_conf)]
                for r in a.sobol2.itertuples()]
        lines += ["### Second-order indices", "", md_table(["metric", "i", "j", "S2"], rows),
                  ""]
    if a.morris is not None and len(a.morris):
        lines += ["## Morris screening", "", "μ* (mean absolute elementary effect per unit "
                  "of each parameter's range), its 95% interval, and σ (interaction or "
                  "non-linearity).", ""]
        for metric, df in a.morris.groupby("metric", sort=False):
            rows = [[r.parameter, _pm(r.mu_star, r.mu_star_conf), r.mu, r.sigma]
                    for r in df.sort_values("mu_star", ascending=False).itertuples()]
            lines += [f"### {metric}", "", md_table(["parameter", "μ*", "μ", "σ"], rows), ""]
            lines += _image(pics.get(metric), f"Morris μ*, {metric}")
    return lines


def _pm(value: float, conf: float) -> str:
    if not math.isfinite(value):
        return "–"
    return f"{value:.3f} ± {conf:.3f}" if math.isfinite(conf) else f"{value:.3f}"


def _effects(a: SweepAnalysis, images: Images) -> list[str]:
    if a.effects.empty:
        return []
    pics = images.get("effects", {})
    lines = ["## Effects by parameter", "", "Mean and 95% interval of each metric over "
             "successful runs at each level of the parameter (quantile bins for "
             "continuous parameters).", "", *_methods(a)]
    for param, df in a.effects.groupby("parameter", sort=False):
        wide = {(r.level, r.metric): _ci(r.mean, r.ci95_low, r.ci95_high, r.n, r.missing)
                for r in df.itertuples()}
        levels = list(dict.fromkeys(df["level"]))
        ns = df.groupby("level", sort=False)["n"].max()
        rows = [[lv, int(ns[lv]), *[wide.get((lv, m), "–") for m in a.metrics]]
                for lv in levels]
        lines += [f"### {param}", "", md_table(["level", "runs", *a.metrics], rows), ""]
        for metric in a.metrics:
            lines += _image(pics.get((param, metric)), f"{metric} by {param}")
    return lines


MAX_POINT_ROWS = 64


def _points(a: SweepAnalysis) -> list[str]:
    if a.points is None or a.points.empty or len(a.points) > MAX_POINT_ROWS:
        return []
    rows = [[*(r[p] for p in a.parameters), r["runs_ok"],
             *(_ci(r[m], r[f"{m}.low"], r[f"{m}.high"], r["runs_ok"] - r[f"{m}.missing"],
                   r[f"{m}.missing"]) for m in a.metrics)]
            for r in a.points.to_dict("records")]
    return ["## Design points", "", "Every point of the grid: mean and 95% interval over its "
            "successful replications.", "",
            md_table([*a.parameters, "runs", *a.metrics], rows), ""]


def _heatmaps(a: SweepAnalysis, images: Images) -> list[str]:
    if not a.heatmaps:
        return []
    pics = images.get("heatmap", {})
    p1, p2 = a.parameters[:2]
    intervals = any(c["half_width"].notna().any() for c in a.heatmap_cells.values())
    panel = (" Each figure's second panel is the half-width of every cell's 95% interval; "
             "hatched cells overlap a neighbour's interval and cannot be told apart from "
             "it.") if intervals and pics else ""
    lines = ["## Two-parameter grid", "", f"Mean of each metric by {p1} (rows) and {p2} "
             f"(columns), over successful runs and any other parameters.{panel}", ""]
    for metric, pivot in a.heatmaps.items():
        rows = [[idx, *row] for idx, row in zip(pivot.index, pivot.to_numpy().tolist(),
                                                strict=True)]
        lines += [f"### {metric}", "", md_table([f"{p1} \\ {p2}", *map(str, pivot.columns)],
                                                rows), ""]
        lines += _image(pics.get(metric), f"{metric} by {p1} and {p2}")
    return lines


def _tipping(a: SweepAnalysis, images: Images) -> list[str]:
    if not a.tipping:
        return []
    pics = images.get("tipping", {})
    lines = ["## Where the curve tips", "", "The input value where the metric's mean "
             "crosses a threshold (by linear interpolation between design points), and "
             "where its slope changes most (the knot of a two-line fit), each with a 95% "
             "bootstrap interval over replications. \"beyond\" or \"below\" an end "
             "of the swept range: the interval reaches past what was swept.", ""]
    for i, tip in enumerate(a.tipping):
        req = tip.request
        title = f"{req.metric} = {req.threshold:g}" if req.threshold is not None \
            else f"{req.metric}, breakpoint"
        lines += [f"### {title}, along {tip.along}", ""]
        sliced = bool(len(tip.table) and tip.table["slice"].ne("").any())
        rows = [[*([r.slice] if sliced else []), _tip_what(r, req.threshold),
                 _sig(r.estimate), _tip_interval(r), r.note or ""]
                for r in tip.table.itertuples()]
        if rows:
            lines += [md_table([*(["slice"] if sliced else []), "estimate of", tip.along,
                                "95% interval", "note"], rows), ""]
            lines += [f"Methods: {'; '.join(dict.fromkeys(tip.table['method']))}.", ""]
        lines += [f"- {n}" for n in tip.notes] + ([""] if tip.notes else [])
        lines += _image(pics.get(i), f"{title} along {tip.along}")
    return lines


def _tip_what(r: Any, threshold: float | None) -> str:
    if r.kind == "threshold":
        return f"{r.direction} {threshold:g}"
    return f"breakpoint (slope {r.slope_before:.3g} → {r.slope_after:.3g})"


def _tip_interval(r: Any) -> str:
    if not (math.isfinite(r.ci95_low) and math.isfinite(r.ci95_high)):
        return "–"
    low = f"below {_sig(r.ci95_low)}" if r.open_low else _sig(r.ci95_low)
    high = f"beyond {_sig(r.ci95_high)}" if r.open_high else _sig(r.ci95_high)
    return f"[{low}, {high}]"


def _sig(v: float) -> str:
    """Three significant figures, trailing zeros kept: an estimate of 2.003 reads 2.00."""
    return "–" if not math.isfinite(v) else f"{v:#.3g}".rstrip(".")


def _discovery(a: SweepAnalysis, images: Images) -> list[str]:
    d = a.discovery
    if d is None:
        return []
    unit = "design points (each judged on its mean over replications)" \
        if d.unit == "point" else "runs"
    lines = ["## Scenario discovery", "", f"Where in the swept inputs does "
             f"`{d.condition}` hold? PRIM (peeling, then pasting; `hiresim discover`). "
             f"It holds in {d.n_true} of {d.n} {unit}.", ""]
    if d.box is None:
        return [*lines, d.summary, "", *[f"- {n}" for n in d.notes], ""]
    rows = [[int(r.step), f"{r.coverage:.3f}", f"{r.density:.3f}", f"{r.mass:.3f}",
             int(r.restricted), "← chosen" if r.step == d.box else ""]
            for r in d.trajectory.itertuples()]
    lines += ["### Peeling trajectory", "", md_table(
        ["step", "coverage", "density", "mass", "restricted inputs", ""], rows), ""]
    lines += _image(images.get("discovery"), f"Peeling trajectory, {d.condition}")
    box = d.trajectory.iloc[d.box]
    lines += [f"### Box (step {d.box})", "", f"Coverage {box.coverage:.2f}, density "
              f"{box.density:.2f}, {box.mass:.0%} of the {d.unit}s.", ""]
    if not d.limits.empty:
        rows = [[r.input, _fmt(r.low) if r.low_binds else "–",
                 _fmt(r.high) if r.high_binds else "–",
                 f"{_fmt(r.range_low)}–{_fmt(r.range_high)}", f"{r.qp:.2g}",
                 "yes" if r.significant else "no (could be dropped)"]
                for r in d.limits.itertuples()]
        lines += [md_table(["input", "low", "high", "swept range", "quasi-p",
                            "significant"], rows), ""]
    lines += [f"Do not matter (unrestricted): {', '.join(d.unrestricted) or 'none'}.", "",
              f"**{d.summary}**", "", *[f"- {n}" for n in d.notes]]
    return [*lines, ""] if d.notes else lines


def _image(name: str | None, alt: str) -> list[str]:
    return [f"![{alt}]({name})", ""] if name else []

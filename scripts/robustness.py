"""Check that the article's claims survive the uncertain assumptions (issue 7, part 2).

Draws a Latin-hypercube sample (``scipy.stats.qmc``) of the ASSUMPTION parameters below,
and at each point runs every arm of ``tests/behaviour/validity_claims.py`` on common
seeds and evaluates every claim with the same checks as the behaviour tests. A few
replications per point give wide intervals, so each check is reported two ways:

- *direction*: the mean effect lies beyond the claim's bound (the claim's sign holds);
- *significant*: the test's rule holds (the 95% interval lies beyond the bound).

Replications scale with the tests' counts: ``-r 4`` gives most arms 4 and the arms the
tests run more often proportionally more (builder screens 8, the lever mix 16).

A claim is *robust* when its direction holds at every point. For claims that fail
somewhere, the script lists the failing points and the parameters whose values are
most rank-correlated with the claim's first (headline) estimate across the points.

With ``--defaults`` it instead evaluates every claim at the default parameters, once per
base seed (by default the behaviour tests' seed and 0–4): the effect sizes and the
seed-robustness reported in docs/validity.md.

Usage::

    .venv/bin/python scripts/robustness.py [--points 10] [-r 4] [--seed 7] [--workers 2]
                                           [--out robustness.csv]
    .venv/bin/python scripts/robustness.py --defaults [--base-seeds 2024 0 1 2 3 4]

Writes one CSV row per (point or base seed, check) when ``--out`` is given, and prints a
Markdown report.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import qmc, spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "behaviour"))

import validity_claims as vc  # noqa: E402

from sim.config import iter_params  # noqa: E402

# (dotted path, low, high, why this range); the report prints each default beside it,
# read from sim.config, so the table cannot drift from the code.
PARAMETERS: tuple[tuple[str, float, float, str], ...] = (
    ("valuation.decision_noise", 10.0, 40.0, "ASSUMPTION (½× to 2×)"),
    ("valuation.option_factor_base_only", 0.0, 0.4, "ASSUMPTION; cal §5b anchors at 0"),
    ("valuation.delay_penalty", 2.0, 16.0, "cal §8 #40 (0 to −30 pts)"),
    ("hiring.signal_noise", 0.7, 1.5, "cal §8 #38 (corr 0.3–0.6)"),
    ("hiring.jd_relevant_decay", 0.03, 0.15, "ASSUMPTION"),
    ("hiring.offrole_apply_blanket", 0.25, 0.75, "ASSUMPTION (½× to 1.5×)"),
    ("hiring.blanket_relevant_apply", 0.2, 0.8, "ASSUMPTION (½× to 2×)"),
    ("bigtech.brand_weight", 1.0, 4.0, "ASSUMPTION (½× to 2×)"),
    ("hiring.preference_search", 0.0, 2.0, "ASSUMPTION (M10 at the search; 0 switches it off)"),
    ("candidates.max_processes", 1.5, 5.0, "cal §8 #42 (1–6)"),
    ("startups.share_deliberate", 0.0, 0.35, "ASSUMPTION"),
    ("startups.operator_attrition_mult", 1.3, 3.0, "ASSUMPTION"),
    ("progress.generalist_scaling_penalty", 0.4, 0.95, "ASSUMPTION"),
    ("candidates.posting_half_life_weeks", 1.0, 6.0, "ASSUMPTION (½× to 3×)"),
    ("candidates.stale_posting_weight", 0.01, 0.2, "ASSUMPTION"),
    ("hiring.pay_floor_share", 0.6, 1.0, "ASSUMPTION (set for cal §8 #39; 0.6 before)"),
)


def default_of(path: str) -> float:
    """The parameter's default in ``sim.config``."""
    return float(next(p.default for p in iter_params() if p.path == path))


def _check_ranges() -> None:
    """Every range must contain its default, or the design does not sweep around it."""
    for path, lo, hi, _ in PARAMETERS:
        if not lo <= default_of(path) <= hi:
            raise SystemExit(f"error: {path}: range {lo:g}–{hi:g} excludes the default "
                             f"{default_of(path):g}")


def design(points: int, seed: int) -> pd.DataFrame:
    """A Latin-hypercube sample of :data:`PARAMETERS` (one row per point)."""
    _check_ranges()
    sampler = qmc.LatinHypercube(d=len(PARAMETERS), seed=seed)
    unit = sampler.random(points)
    lows = np.array([p[1] for p in PARAMETERS])
    highs = np.array([p[2] for p in PARAMETERS])
    scaled = qmc.scale(unit, lows, highs)
    return pd.DataFrame(scaled, columns=[p[0] for p in PARAMETERS])


def evaluate_point(params: dict[str, float], replications: int, base_seed: int,
                   workers: int) -> list[vc.Check]:
    """Run every arm at one point of the design and evaluate every claim."""
    arms = sorted({a for c in vc.CLAIMS.values() for a in c.arms})
    runs = vc.run_arms(arms, base_seed=base_seed, extra=params, workers=workers,
                       scale=replications / vc.REPLICATIONS)
    return [chk for cid in vc.CLAIMS for chk in vc.evaluate(cid, runs)]


def run(points: int, replications: int, seed: int, workers: int) -> pd.DataFrame:
    """Evaluate every claim at every point; one row per (point, check)."""
    pts = design(points, seed)
    rows = []
    for i, row in pts.iterrows():
        t0 = time.time()
        params = {k: float(v) for k, v in row.items()}
        for chk in evaluate_point(params, replications, seed, workers):
            rows.append({"point": i, **params, "claim": chk.claim, "check": chk.name,
                         "estimate": chk.estimate, "ci95_low": chk.low, "ci95_high": chk.high,
                         "rule": chk.rule, "significant": chk.passed,
                         "direction": chk.direction})
        print(f"point {i + 1}/{points} done in {time.time() - t0:.0f} s", file=sys.stderr)
    return pd.DataFrame(rows)


def report(df: pd.DataFrame, points: int, replications: int, seed: int) -> str:
    """Markdown: per claim, where its direction and its significance hold."""
    names = [p[0] for p in PARAMETERS]
    lines = [
        f"Robustness at commit {vc.engine_version()}: {points} Latin-hypercube points "
        f"(seed {seed}), {replications} paired replications per arm and point (builder-screen "
        f"arms {vc.replications_of('no_builder_screen', replications / vc.REPLICATIONS)}, "
        f"lever mix {vc.replications_of('levers_mixed', replications / vc.REPLICATIONS)}), "
        "default market size.",
        "",
        "| Parameter | Default | Range | Why |",
        "|---|---|---|---|",
        *[f"| `{p}` | {default_of(p):g} | {lo:g}–{hi:g} | {why} |"
          for p, lo, hi, why in PARAMETERS],
        "",
        "| Claim | Direction holds (points) | All checks significant (points) | "
        "Fails where (direction) | Most related parameters (Spearman ρ with headline) |",
        "|---|---|---|---|---|",
    ]
    for cid in vc.CLAIMS:
        sub = df[df["claim"] == cid]
        by_point = sub.groupby("point")
        direction = by_point["direction"].all()
        significant = by_point["significant"].all()
        failing = direction[~direction].index.tolist()
        where = "; ".join(
            f"pt {p}: " + ", ".join(sub[(sub["point"] == p) & ~sub["direction"]]["check"])
            for p in failing[:3]) or "—"
        headline = sub.drop_duplicates("point", keep="first").set_index("point")
        related = []
        for name in names:
            rho = spearmanr(headline[name], headline["estimate"]).statistic
            if np.isfinite(rho):
                related.append((abs(rho), rho, name))
        top = ", ".join(f"`{n}` {r:+.2f}" for _, r, n in sorted(related, reverse=True)[:2])
        lines.append(f"| {cid} | {int(direction.sum())}/{len(direction)} | "
                     f"{int(significant.sum())}/{len(significant)} | {where} | {top or '—'} |")
    lines += ["", "Design points:", "",
              "| Point | " + " | ".join(f"`{n.split('.')[-1]}`" for n in names) + " |",
              "|---|" + "---|" * len(names)]
    for p, row in df.drop_duplicates("point").set_index("point")[names].iterrows():
        lines.append(f"| {p} | " + " | ".join(f"{v:.3g}" for v in row) + " |")
    return "\n".join(lines)


def at_defaults(base_seeds: list[int], replications: int | None,
                workers: int) -> pd.DataFrame:
    """Every check at the default parameters, once per base seed (seed robustness)."""
    arms = sorted({a for c in vc.CLAIMS.values() for a in c.arms})
    rows = []
    for base_seed in base_seeds:
        t0 = time.time()
        runs = vc.run_arms(arms, replications=replications, base_seed=base_seed,
                           workers=workers)
        for cid in vc.CLAIMS:
            for chk in vc.evaluate(cid, runs):
                rows.append({"base_seed": base_seed, "claim": chk.claim, "check": chk.name,
                             "estimate": chk.estimate, "ci95_low": chk.low,
                             "ci95_high": chk.high, "n": chk.n, "rule": chk.rule,
                             "significant": chk.passed, "direction": chk.direction})
        print(f"base seed {base_seed} done in {time.time() - t0:.0f} s", file=sys.stderr)
    return pd.DataFrame(rows)


def defaults_report(df: pd.DataFrame, replications: int | None) -> str:
    """Markdown: each check at the first base seed, and at how many base seeds it held."""
    seeds = list(dict.fromkeys(df["base_seed"]))
    reps = replications or (f"{vc.REPLICATIONS} (builder-screen arms "
                            f"{vc.replications_of('no_builder_screen')}, lever mix "
                            f"{vc.replications_of('levers_mixed')})")
    first = df[df["base_seed"] == seeds[0]].reset_index(drop=True)
    held = df.groupby(["claim", "check"], sort=False)["significant"].sum()
    lines = [
        f"Claims at the default parameters, commit {vc.engine_version()}: replications per arm "
        f"{reps}; estimate and 95% interval at base seed {seeds[0]}; 'held' counts the "
        f"base seeds {', '.join(map(str, seeds))} at which the test's rule held.",
        "",
        "| Claim | Check | Estimate (95% CI) | Rule | Held |",
        "|---|---|---|---|---|",
    ]
    for _, r in first.iterrows():
        lines.append(f"| {r['claim']} | {r['check']} | {r['estimate']:+.3g} "
                     f"({r['ci95_low']:+.3g} to {r['ci95_high']:+.3g}) | {r['rule']} | "
                     f"{int(held[(r['claim'], r['check'])])}/{len(seeds)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--points", type=int, default=10)
    ap.add_argument("-r", "--replications", type=int, default=None,
                    help="replications per arm (default: 4 per design point; the "
                    "behaviour tests' counts with --defaults)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the design and the runs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--defaults", action="store_true",
                    help="evaluate the claims at the default parameters instead, once per "
                    "--base-seeds (the numbers in docs/validity.md)")
    ap.add_argument("--base-seeds", type=int, nargs="+", default=[vc.BASE_SEED, 0, 1, 2, 3, 4])
    ap.add_argument("--out", type=Path, help="write the per-check rows as CSV")
    args = ap.parse_args(argv)
    if args.defaults:
        df = at_defaults(args.base_seeds, args.replications, args.workers)
        text = defaults_report(df, args.replications)
    else:
        reps = args.replications or 4
        df = run(args.points, reps, args.seed, args.workers)
        text = report(df, args.points, reps, args.seed)
    if args.out:
        df.to_csv(args.out, index=False)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Interleaved A/B timing of a default run in two checkouts (the host drifts by ±30 %).

Each round runs, for each tree in turn (the order alternates), a fresh interpreter that
warms up with one run and then reports the best ``time.process_time()`` of three more;
the result is the median of the per-round ratios. ``--candidates N`` times the market
``make bench`` builds for N candidates (each tree's ``benchmarks/engine.py``) instead of
the defaults::

    git worktree add /tmp/base <commit> --detach
    python scripts/ab_interleaved.py /tmp/base . --rounds 8
    python scripts/ab_interleaved.py /tmp/base . --rounds 6 --candidates 10000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = """
import sys
import time
from sim.config import SimConfig
from sim.model.market import Market
if {candidates}:
    sys.path.insert(0, "benchmarks")
    from engine import sized_config
    cfg = sized_config({candidates})
else:
    cfg = SimConfig()
Market(cfg, seed={seed}).run()
best = 1e9
for _ in range(3):
    t = time.process_time()
    Market(cfg, seed={seed}).run()
    best = min(best, time.process_time() - t)
import sim
assert sim.__file__.startswith({tree!r}), sim.__file__
print(best)
"""


def best_of_three(tree: Path, seed: int, candidates: int = 0) -> float:
    """CPU seconds of the best of three runs in a fresh process using ``tree``.

    ``candidates`` 0 runs the defaults; otherwise the benchmark's market of that size.
    """
    # Run from the tree too: ``python -c`` puts the working directory ahead of PYTHONPATH,
    # so a child started elsewhere would import whatever ``sim`` sits there.
    tree = tree.resolve()
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = CHILD.format(seed=seed, tree=str(tree), candidates=candidates)
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tree,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    """Print each round's timings and the median ratio new/base."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--candidates", type=int, default=0,
                    help="time benchmarks/engine.py's market of this size (default: the "
                         "default config)")
    args = ap.parse_args()
    if args.candidates < 0:
        ap.error("--candidates: must be ≥ 0")
    ratios = []
    for i in range(args.rounds):
        seed = 100 + i
        trees = [("base", args.base), ("new", args.new)]
        t = {name: best_of_three(tree, seed, args.candidates)
             for name, tree in (trees if i % 2 == 0 else trees[::-1])}
        ratios.append(t["new"] / t["base"])
        print(f"round {i + 1} seed {seed}: base {t['base']:.3f} s  new {t['new']:.3f} s  "
              f"ratio {ratios[-1]:.3f}", flush=True)
    print(f"median ratio new/base over {args.rounds} rounds: {statistics.median(ratios):.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()

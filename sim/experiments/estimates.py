"""Cheap, up-front estimates of what a request will cost: CPU time and peak memory.

Nothing is simulated: the figures are arithmetic on the configuration's size, so a
command can warn about (or refuse) a run of hours or tens of gigabytes before it
allocates anything. Constants are measured, not modelled; re-measure them with
``make bench`` (benchmarks/engine.py) after a change to the engine's speed or state.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import SimConfig

WEEK_FIXED_S = 2.66e-3
"""CPU seconds a simulated week costs whatever the market's size (Python overhead of the
phases). Least-squares fit of ``benchmarks/engine.py --sizes 1000 4500 10000 100000
1000000 --repeat 3`` on one core: "a week costs ≈ 2.66 ms fixed + 609 ns per
candidate"."""

CANDIDATE_WEEK_S = 609e-9
"""CPU seconds per candidate per simulated week (same fit): 1.30 M candidate-weeks/s
measured at 10,000 candidates (docs/performance.md)."""

BYTES_PER_CANDIDATE = 2_800
"""Peak traced bytes per candidate row while building and running a market:
``benchmarks/engine.py`` measures 2,688 B at 10,000 candidates (tracemalloc, 104 weeks)
and the same method 2,785 B at 100,000, rounded up. Two thirds of it is the event log
(about 47 events a candidate, 39 bytes each); the rest is the process and requisition
tables, the candidates' columns and the application phase's temporaries."""

PROCESS_BYTES = 200 * 2**20
"""Fixed memory of a process that runs simulations: the interpreter with numpy, pandas
and ``sim`` imported. Measured as ``ru_maxrss`` right after ``import sim.model.market,
sim.experiments.runs``: 200,692 KB (Linux, Python 3.12)."""


@dataclass(frozen=True)
class ResourceEstimate:
    """What a request is expected to cost.

    Attributes:
        runs: Number of simulation runs.
        candidates: Candidate rows in one run's market (initial pool plus entrants).
        seconds: Estimated CPU seconds for all runs on one core.
        peak_bytes_per_run: Estimated peak memory of a process doing one run.

    """

    runs: int
    candidates: int
    seconds: float
    peak_bytes_per_run: int

    @property
    def peak_gb_per_run(self) -> float:
        """Peak memory per run in GiB."""
        return self.peak_bytes_per_run / 2**30


def candidate_rows(cfg: SimConfig) -> int:
    """Candidate rows one run allocates: ML and general pools plus ML entrants.

    Entrants arrive at ``entry_rate`` of the ML pool per year for ``market.weeks`` weeks
    (52 a year). On the benchmark markets this undercounts by under 1 %: 10,534
    estimated against 10,629 rows at 10,000 candidates, 105,334 against 105,629 at
    100,000.
    """
    c = cfg.candidates
    pool = c.n_ml * (1.0 + c.general_per_ml)
    entrants = c.n_ml * c.entry_rate * cfg.market.weeks / 52.0
    return int(round(pool + entrants))


def estimate_resources(cfg: SimConfig, runs: int = 1) -> ResourceEstimate:
    """Estimate CPU time and peak memory of ``runs`` runs of ``cfg``.

    Args:
        cfg: The configuration every run uses (for a sweep, its largest point).
        runs: Number of runs (replications × design points).

    Returns:
        The estimate; time scales with runs, memory per run does not.

    Raises:
        ValueError: if ``runs`` is negative.

    """
    if runs < 0:
        raise ValueError(f"runs: must be ≥ 0 (got {runs})")
    n = candidate_rows(cfg)
    per_run_s = cfg.market.weeks * (WEEK_FIXED_S + CANDIDATE_WEEK_S * n)
    return ResourceEstimate(runs=runs, candidates=n, seconds=runs * per_run_s,
                            peak_bytes_per_run=PROCESS_BYTES + BYTES_PER_CANDIDATE * n)

"""``make bench``: every performance figure the design sets a target for (DESIGN §8).

Prints, asserts nothing: engine throughput across sizes and memory per candidate
(benchmarks/engine.py), sweep throughput with local processes and Dask
(benchmarks/bench_sweep.py), and the start-up time of ``hiresim --help``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HIRESIM = Path(sys.executable).parent / "hiresim"


def help_time(repeat: int = 7) -> float:
    """Median wall time of ``hiresim --help`` (target < 0.3 s)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([str(HIRESIM), "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Run each benchmark in turn."""
    print("== engine (benchmarks/engine.py) ==", flush=True)
    subprocess.run([sys.executable, str(HERE / "engine.py"), *sys.argv[1:]], check=True)
    print("\n== sweeps (benchmarks/bench_sweep.py) ==", flush=True)
    subprocess.run([sys.executable, str(HERE / "bench_sweep.py")], check=True)
    print(f"\n== CLI ==\nhiresim --help: {help_time():.3f} s median of 7 (target < 0.3 s)")


if __name__ == "__main__":
    main()

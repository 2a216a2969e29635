"""Imported first in each local worker process: one BLAS/OpenMP thread per worker.

A sweep already runs one process per core; letting numpy's BLAS start its own threads
in every worker oversubscribes the cores (Dask's nanny sets the same limits). Only
variables the user has not set are changed, and only inside the worker processes.
"""

from __future__ import annotations

import os

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")

for _name in THREAD_VARIABLES:
    os.environ.setdefault(_name, "1")

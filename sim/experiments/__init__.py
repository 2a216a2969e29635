"""Experiments over the model: runs, statistics, comparisons, scenarios, the strategy lab.

The one run path (:func:`sim.run`), statistics with intervals, paired comparisons on
common random numbers, scenario files and the founders' strategy lab.
"""

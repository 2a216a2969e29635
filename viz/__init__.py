"""Plotting for HireSim, kept outside the ``sim`` package (which never imports it).

``viz.sweep_plots`` turns the tables of :mod:`sim.sweep.analysis` into PNG figures.
"""

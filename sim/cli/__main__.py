"""``python -m sim.cli`` runs the ``hiresim`` command line."""

from sim.cli import run_as_program

run_as_program()

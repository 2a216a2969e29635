"""What a run gives back.

The metric registry (names, units, bounds), the measures that compute one run's
metrics, the tidy result frames, and stocks and flows.
"""

"""What a run gives back.

The metric registry (names, units), the measures that compute one run's metrics
(the flow metrics of the market's pace among them), and the tidy result frames.
"""

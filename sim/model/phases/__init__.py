"""One module per weekly phase (DESIGN §3.3).

In the order ``Market.step`` runs them:


1. :mod:`~sim.model.phases.shocks` 2. :mod:`~sim.model.phases.flow`
3. :mod:`~sim.model.phases.demand` 4. :mod:`~sim.model.phases.applications`
5. :mod:`~sim.model.phases.processes` 6. :mod:`~sim.model.phases.offers`
7. :mod:`~sim.model.phases.progress` 8. :mod:`sim.model.recorder`

A phase imports state, ops and rules, never another phase.
"""

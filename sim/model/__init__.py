"""The market model: a Mesa model whose ``step()`` is one week (DESIGN §3.3).

- :mod:`~sim.model.market`: the ``mesa.Model``; ``step()`` lists the weekly phases.
- :mod:`~sim.model.state`: the arrays the phases act on (candidates, firms, records).
- :mod:`~sim.model.ops`: the operations several phases share (end a process, close a
  requisition); phases import ``state`` and ``ops``, never one another.
- :mod:`~sim.model.phases`: one module per weekly phase.
- :mod:`~sim.model.rules`: decision rules the phases call (valuation, next hire, staffing).
- :mod:`~sim.model.recorder`, :mod:`~sim.model.invariants`, :mod:`~sim.model.rng`.

Imports only :mod:`sim.config` from the rest of ``sim``.
"""

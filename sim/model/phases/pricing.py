"""Phase 3b: the market pay index per role (M15).

Each ML role has a pay index (1.0 at the start) that scales the pay band of new offers
(phase 6a). Weekly it drifts toward unmet demand: up when the role's open seats per
active seeker exceed ``pricing.pay_index_neutral_ratio`` (the tightness the pay bands
are calibrated at), down when below, by at most ``pricing.pay_index_drift`` a week
(the step is ``drift × tanh(ln(ratio / neutral))``, smooth and bounded), and it stays
within [``pay_index_min``, ``pay_index_max``]. With the drift at 0 nothing is computed
and the index stays exactly 1.0. It draws no random numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import GENERAL, N_ROLES, REQ_OPEN

if TYPE_CHECKING:
    from sim.model.market import Market


def update_pay_index(m: Market) -> None:
    """Move each role's pay index toward its open-seat / seeker tightness this week."""
    pc = m.cfg.pricing
    if pc.pay_index_drift <= 0:
        return
    c, r = m.cands, m.reqs
    seats = np.bincount(r["role"][r["status"] == REQ_OPEN], minlength=N_ROLES)[:N_ROLES]
    looking = c.entered & c.searching & (c.role != GENERAL)
    seekers = np.bincount(c.role[looking], minlength=N_ROLES)[:N_ROLES]
    with np.errstate(divide="ignore", invalid="ignore"):
        # No seekers: as tight as it gets (+drift); no seats: as slack (−drift); neither: 0.
        pressure = np.tanh(np.log(seats / seekers / pc.pay_index_neutral_ratio))
    step = pc.pay_index_drift * np.nan_to_num(pressure, nan=0.0)
    m.pay_index = np.clip(m.pay_index * (1.0 + step), pc.pay_index_min, pc.pay_index_max)

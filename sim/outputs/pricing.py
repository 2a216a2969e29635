"""Metrics of offers that compete on price (M15): counter-offers, matching, pay index.

With a mechanism switched off (its rates at zero) its metrics sit at their neutral
values: no counter-offers or matches (0), every role's pay index at 1.0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import EV_COUNTER_OFFER, EV_OFFER_MATCH, OFFER_DECLINED
from sim.config.params import ROLES

if TYPE_CHECKING:
    from sim.model.market import Market


def pricing_metrics(m: Market) -> dict[str, float]:
    """Counts of counter-offers made and accepted and of matches; the final pay index."""
    e = m.events
    kind = e["kind"]
    counter = kind == EV_COUNTER_OFFER
    out = {
        "counter_offers.made": float(np.count_nonzero(counter)),
        # A counter's event carries what came of the outside offer: declined = they stayed.
        "counter_offers.accepted": float(np.count_nonzero(counter
                                                          & (e["cause"] == OFFER_DECLINED))),
        "offer_matches.made": float(np.count_nonzero(kind == EV_OFFER_MATCH)),
    }
    out.update({f"pay_index.role.{r}": float(m.pay_index[i]) for i, r in enumerate(ROLES)})
    return out

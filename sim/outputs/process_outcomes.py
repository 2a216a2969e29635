"""Per-kind process outcomes: rates that answer the article's claims about processes.

``stall_share.*`` is a share of *every* firm's stalls and ``offer_acceptance.startup``
pools every startup's offers, so when a whole market of startups changes (a preset that
makes most of them lean), both mix who competes with whom into the answer. The claims
are about one startup's process against its rivals, so these metrics compare startups
by their process within one market, per process and per offer:

- ``lost_to_faster_offer_rate.<kind>``: of the interview loops (processes past their
  first screen) that ended at that kind of firm, the share lost to a faster offer
  elsewhere: the candidate accepted another offer while still in the loop, or held a
  better one in hand when this firm's closing call came (M9; the call records it as a
  decline before a written offer). A better offer made the same week is not faster.
  Applications still waiting on a screen when the candidate is hired elsewhere are not
  counted: the firm never had the candidate in a loop;
- ``lost_to_faster_offer_rate.startup.lean`` / ``.bigtech_style``: the same at startups
  running a lean process and at those copying big tech's (M9);
- ``offer_acceptance.startup.lean`` / ``.bigtech_style``: accepted ÷ offers made by
  those two groups of startups.

docs/validity.md ("Which metric answers which claim") shows why the pooled metrics can
move the other way across markets while these hold within one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    EV_CLOSING_CALL,
    EV_OFFER,
    EV_PROCESS_END,
    HIRED,
    LOST_TO_FASTER,
    STARTUP,
)
from sim.outputs.shares import share

if TYPE_CHECKING:
    from sim.model.market import Market


def process_outcome_metrics(m: Market) -> dict[str, float]:
    """Lost-to-faster-offer rates by kind and process style, and acceptance by style."""
    e = m.events
    ends = e["kind"] == EV_PROCESS_END
    offers = e["kind"] == EV_OFFER
    hired = ends & (e["cause"] == HIRED)
    # Interview loops: processes that ended past their first screen (a closing call comes
    # after the last stage). Each ends once; a closing call lost to a better offer is
    # logged as an event of its own beside its loop's end (a decline): count the event.
    loops = ends & (e["stage"] >= 1)
    lost = (loops | (e["kind"] == EV_CLOSING_CALL)) & (e["cause"] == LOST_TO_FASTER)
    startup = e["firm_kind"] == STARTUP
    # A layoff event names the employer's code (negative) instead of a firm.
    firm = e["firm"]
    lean = np.zeros(len(firm), dtype=bool)
    named = firm >= 0
    lean[named] = m.firms.lean[firm[named]]
    lean &= startup
    out = {
        "lost_to_faster_offer_rate.startup": share(np.count_nonzero(lost & startup),
                                                    np.count_nonzero(loops & startup)),
        "lost_to_faster_offer_rate.bigtech": share(np.count_nonzero(lost & ~startup),
                                                    np.count_nonzero(loops & ~startup)),
    }
    for style, group in (("lean", lean), ("bigtech_style", startup & ~lean)):
        out[f"lost_to_faster_offer_rate.startup.{style}"] = share(
            np.count_nonzero(lost & group), np.count_nonzero(loops & group))
        out[f"offer_acceptance.startup.{style}"] = share(
            np.count_nonzero(hired & group), np.count_nonzero(offers & group))
    return out

"""Integer codes used in the model's arrays, and their names in result frames."""

from __future__ import annotations

from sim.config.params import GENERAL_ROLE, ROLES, SENIORITIES, STAGES, STRATEGIES
from sim.config.stale_seats import RESPONSES

N_ROLES = len(ROLES)
GENERAL = N_ROLES  # role code of a general software engineer
ROLE_NAMES: tuple[str, ...] = (*ROLES, GENERAL_ROLE)
INFERENCE = ROLES.index("ml_inference")
ML_ENGINEER = ROLES.index("ml_engineer")
MLOPS = ROLES.index("mlops")
ML_INFRA = ROLES.index("ml_infra")
N_SENIORITY = len(SENIORITIES)
N_STAGES = len(STAGES)
SERIES_B = STAGES.index("series_b")
STRATEGY_NAMES = STRATEGIES

SEARCH_FOREVER = 2**31 - 1
"""``search_until`` of the unemployed and new entrants: they look until hired."""

# Employer codes for candidates (firm ids are ≥ 0).
UNEMPLOYED = -1
OUTSIDE = -2  # employed outside the simulated firms (non-ML or other ML employers)

# Firm kinds.
STARTUP, BIGTECH, LAB = 0, 1, 2  # big tech and labs: the codes >= BIGTECH (relied on)
FIRM_KIND_NAMES: tuple[str, ...] = ("startup", "bigtech", "lab")

# Requisition status.
REQ_OPEN, REQ_FILLED, REQ_CLOSED = 0, 1, 2

# Process status.
INTERVIEWING, AWAITING_OFFER, OFFER_HELD = 0, 1, 2

# Why a process ended without a hire (DESIGN §4 stall causes), plus "hired".
STALL_CAUSES: tuple[str, ...] = (
    "screened_out",
    "role_misalignment",
    "lost_to_faster_offer",
    "offer_declined",
    "req_closed",
)
SCREENED_OUT, ROLE_MISALIGNMENT, LOST_TO_FASTER, OFFER_DECLINED, REQ_CLOSED_CAUSE = range(5)
HIRED = 5
NO_CAUSE = 6
# A seat_response event's cause names the response (M14): codes after NO_CAUSE, so the
# codes above keep their values (the vocabulary is added to, never renumbered).
RESPONSE_CAUSE0 = NO_CAUSE + 1
# A process the candidate dropped after its screen because their interview loops were
# full (candidates.screen_holds_slot false): a stall cause added after the responses.
WITHDREW = RESPONSE_CAUSE0 + len(RESPONSES)
CAUSE_NAMES: tuple[str, ...] = (*STALL_CAUSES, "hired", "", *RESPONSES, "withdrew")

# Event kinds.
EVENT_KINDS: tuple[str, ...] = (
    "process_end",
    "offer",
    "hire",
    "attrition",
    "raise",
    "failure",
    "layoff",
    "seat_response",
    "counter_offer",  # M15: an employer countered a resignation (cause: what came of it)
    "offer_match",  # M15: a runner-up firm raised its offer to beat the best one
    "closing_call",  # M9: a finalist turned the offer down before it was written
)
EV_PROCESS_END, EV_OFFER, EV_HIRE, EV_ATTRITION, EV_RAISE, EV_FAILURE, EV_LAYOFF = range(7)
EV_SEAT_RESPONSE = 7  # a firm's response to a stale seat; its cause names the response
EV_COUNTER_OFFER, EV_OFFER_MATCH = 8, 9
EV_CLOSING_CALL = 10  # cause: lost_to_faster_offer (a better offer in hand) or
# offer_declined (stays put, or a better offer the same week); took_kind: its kind, or -1

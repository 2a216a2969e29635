"""The focal startup's seats, seat by seat, and why its processes ended without a hire.

Two views of the same postings. :func:`focal_seats` has one row per posting (what the
startup put on the market). :func:`planned_seats` has one row per *seat* (a position it
wanted filled): a posting that closed unfilled and was posted again is one seat, filled
if any of its postings was (the chaining rule is :func:`sim.outputs.focal.seat_ids`).
Weeks run 1..``market.weeks``; a seat not filled by the end is "not filled within the
horizon" and has no weeks to fill.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.config.codes import REQ_CLOSED, REQ_FILLED, REQ_OPEN
from sim.outputs.focal import seat_ids

_STATUS = {"open": REQ_OPEN, "filled": REQ_FILLED, "closed": REQ_CLOSED}


def focal_seats(res: Any, strategy: str, replication: int) -> pd.DataFrame:
    """One row per posting the focal startup opened: when, whether filled, offers, why not."""
    req = res.requisitions[res.requisitions["firm"] == 0].sort_values("requisition")
    ev = res.events[(res.events["firm"] == 0) & (res.events["firm_kind"] == "startup")]
    ev = ev.assign(requisition=ev["requisition"].astype(np.int64))
    offers = ev[ev["event"] == "offer"].groupby("requisition").size()
    ends = ev[ev["event"] == "process_end"]
    declined = ends[ends["cause"] == "offer_declined"].groupby("requisition").size()
    stalls = ends[ends["cause"] != "hired"]
    top = stalls.assign(cause=stalls["cause"].astype(str)).groupby("requisition")["cause"].agg(
        lambda s: s.value_counts().index[0])
    filled = req["status"] == "filled"
    status = req["status"].astype(str).map(_STATUS).to_numpy()
    return pd.DataFrame({
        "strategy": strategy,
        "replication": replication,
        "requisition": req["requisition"].to_numpy(),
        "seat": seat_ids(req["role"].astype(str).to_numpy(),
                         req["seniority"].astype(str).to_numpy(),
                         req["opened_week"].to_numpy(), req["closed_week"].to_numpy(),
                         status),
        "role": req["role"].astype(str).to_numpy(),
        "seniority": req["seniority"].astype(str).to_numpy(),
        "opened_week": req["opened_week"].to_numpy(),
        "filled_week": np.where(filled, req["closed_week"], np.nan),
        "closed_week": np.where(req["status"] != "open", req["closed_week"], np.nan),
        "status": req["status"].to_numpy(),
        "applicants": req["applicants"].to_numpy(),
        "offers": req["requisition"].map(offers).fillna(0).astype(int).to_numpy(),
        "offers_declined": req["requisition"].map(declined).fillna(0).astype(int).to_numpy(),
        # A plain dict lookup: mapping through an empty Series gives float NaNs, and
        # filling those with "" is deprecated in pandas.
        "main_stall_reason": np.array([top.get(k, "") for k in req["requisition"]],
                                      dtype=object),
    })


def planned_seats(postings: pd.DataFrame) -> pd.DataFrame:
    """One row per seat: first posting's week, fill week, weeks to fill, postings used.

    ``closed_unfilled_week`` is the week the seat's last posting closed unfilled with no
    repost by the end (the seat was given up, or the startup failed); NaN otherwise.
    """
    cols = ["strategy", "replication", "seat", "role", "seniority", "opened_week",
            "filled_week", "weeks_to_fill", "postings", "filled", "closed_unfilled_week"]
    if postings.empty:
        return pd.DataFrame(columns=cols)
    # Postings come in the order opened (focal_seats sorts them): "last" is the latest.
    g = postings.groupby(["strategy", "replication", "seat"], sort=False)
    out = g.agg(role=("role", "first"), seniority=("seniority", "first"),
                opened_week=("opened_week", "min"), filled_week=("filled_week", "min"),
                postings=("requisition", "size"), last_status=("status", "last"),
                last_closed=("closed_week", "last")).reset_index()
    out["filled"] = out["filled_week"].notna()
    out["weeks_to_fill"] = out["filled_week"] - out["opened_week"]
    out["closed_unfilled_week"] = out["last_closed"].where(
        ~out["filled"] & (out["last_status"] == "closed"))
    return out[cols]


def seat_outcomes(seats: pd.DataFrame, strategies: Sequence[str]) -> pd.DataFrame:
    """Per strategy: seats, filled, weeks to fill (p10/p50/p90), not filled in the horizon."""
    rows = []
    for name in strategies:
        s = seats[seats["strategy"] == name]
        n, filled = len(s), int(s["filled"].sum())
        weeks = s.loc[s["filled"], "weeks_to_fill"].to_numpy(dtype=float)
        p10, p50, p90 = np.percentile(weeks, [10, 50, 90]) if len(weeks) else [np.nan] * 3
        rows.append({"strategy": name, "seats": n, "filled": filled,
                     "weeks_to_fill_p10": p10, "weeks_to_fill_p50": p50,
                     "weeks_to_fill_p90": p90, "not_filled": n - filled,
                     "not_filled_share": (n - filled) / n if n else np.nan})
    return pd.DataFrame(rows)


def explain(events: pd.DataFrame, strategies: Sequence[str]) -> pd.DataFrame:
    """Why the focal startup's processes ended without a hire, by strategy (shares)."""
    rows = []
    for name in strategies:
        ev = events[(events.get("strategy") == name)] if len(events) else events
        ends = ev[(ev["event"] == "process_end") & (ev["cause"] != "hired")] if len(ev) else ev
        labels = _reason_labels(ends) if len(ends) else pd.Series(dtype=str)
        counts = labels.value_counts()
        total = int(counts.sum())
        for reason, count in counts.items():
            rows.append({"strategy": name, "reason": reason, "count": int(count),
                         "share": count / total if total else np.nan})
    return pd.DataFrame(rows, columns=["strategy", "reason", "count", "share"])


def _reason_labels(ends: pd.DataFrame) -> pd.Series:
    cause = ends["cause"].astype(str)
    took_bt = ends["took_firm_kind"].astype(str).isin(["bigtech", "lab"])
    label = cause.map(REASON_LABELS).fillna(cause)
    declined = cause == "offer_declined"
    # A candidate who stayed for their employer's counter-offer took no offer (the log's
    # took_firm_kind names the employer's kind): their own label, not "took a big-tech".
    countered = ends["countered"].astype(bool)
    label = label.mask(declined & took_bt & ~countered,
                       "offer declined: took a big-tech or lab offer")
    label = label.mask(declined & countered,
                       "offer declined: stayed for a counter-offer from their employer")
    label = label.mask(declined & ends["explained_would_accept"].astype(bool),
                       "offer declined: would have accepted had equity been explained")
    return label


REASON_LABELS = {
    "screened_out": "screened out",
    "role_misalignment": "role mismatch surfaced mid-process",
    "lost_to_faster_offer": "candidate took a faster offer",
    "offer_declined": "offer declined: candidate stayed put or took another startup",
    "req_closed": "seat closed (filled by another candidate, or gave up)",
}

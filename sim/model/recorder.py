"""Phase 8: record the week — vectorised aggregates, not per-agent reporters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.config.codes import (
    BIGTECH,
    EV_HIRE,
    EV_OFFER,
    GENERAL,
    REQ_OPEN,
    STARTUP,
    UNEMPLOYED,
)

if TYPE_CHECKING:
    from sim.model.market import Market

WEEKLY_COLUMNS: tuple[str, ...] = (
    "week",
    "open_reqs",
    "open_reqs_startup",
    "open_reqs_bigtech",
    "active_ml_candidates",
    "demand_supply_ratio",
    "applications",
    "offers",
    "hires",
    "hires_startup",
    "hires_bigtech",
    "unemployed",
    "employed_startup",
    "employed_bigtech",
    "startups_alive",
    "startup_mean_progress",
    "startup_mean_fit",
    "focal_cash_kusd",
    "focal_progress",
    "focal_headcount",
    "demand_supply_ratio_experienced",
    "pay_index",  # M15: mean of the per-role market pay index (1.0 while it is off)
)


class Recorder:
    """Collects the weekly table and the event log of one run."""

    def __init__(self, m: Market) -> None:
        self.m = m
        self.rows: list[tuple[Any, ...]] = []
        self.counts: dict[str, int] = {}
        self.fit = np.zeros(m.firms.n)

    def start_week(self) -> None:
        """Reset this week's counters."""
        self.counts = {"applications": 0, "offers": 0, "hires": 0, "hires_startup": 0,
                       "hires_bigtech": 0}

    def count(self, name: str, k: int) -> None:
        """Add ``k`` to this week's counter ``name``."""
        self.counts[name] = self.counts.get(name, 0) + int(k)

    def set_fit(self, fit: np.ndarray) -> None:
        """Remember the startups' team fit computed in phase 7."""
        self.fit = fit

    def log(self, kind: int, firm: np.ndarray, **cols: Any) -> None:
        """Append events stamped with this week: one per firm entry, other columns aligned.

        Every event names a firm (or the employer code of a layoff); other columns are
        arrays of the same length or scalars (broadcast). Columns not given keep the
        event table's fill (no cause, requisition or role).
        """
        n = len(firm)
        if n == 0:
            return
        self.m.events.append(n, week=self.m.week, kind=kind, firm=firm, **cols)
        if kind == EV_OFFER:
            self.counts["offers"] += n
        elif kind == EV_HIRE:
            su = int(np.count_nonzero(np.asarray(cols["firm_kind"]) == STARTUP))
            self.counts["hires"] += n
            self.counts["hires_startup"] += su
            self.counts["hires_bigtech"] += n - su

    def record_week(self) -> None:
        """Append this week's row of aggregates."""
        m = self.m
        c, f, r = m.cands, m.firms, m.reqs
        open_mask = r["status"] == REQ_OPEN
        n_open = int(np.count_nonzero(open_mask))
        n_open_su = int(np.count_nonzero(open_mask & (r["firm_kind"] == STARTUP)))
        looking = c.entered & c.searching & (c.role != GENERAL)
        active = int(np.count_nonzero(looking))
        # The ratio for mid-level and above: juniors are many of the seekers and few of
        # the seats, so the market-wide ratio understates it (docs/model.md, M1).
        active_exp = int(np.count_nonzero(looking & (c.seniority > 0)))
        open_exp = int(np.count_nonzero(open_mask & (r["seniority"] > 0)))
        su_live = (f.kind == STARTUP) & f.alive
        kind = c.employer_kind
        focal = bool(f.focal[0]) if f.n else False
        self.rows.append((
            m.week, n_open, n_open_su, n_open - n_open_su, active,
            n_open / active if active else np.nan,
            self.counts["applications"], self.counts["offers"], self.counts["hires"],
            self.counts["hires_startup"], self.counts["hires_bigtech"],
            int(np.count_nonzero(c.entered & (c.employer == UNEMPLOYED))),
            int(np.count_nonzero(kind == STARTUP)),
            int(np.count_nonzero(kind >= BIGTECH)),  # big tech and labs
            int(np.count_nonzero(su_live)),
            _mean(f.progress[su_live]),
            _mean(self.fit[su_live]),
            float(f.cash[0]) if focal else np.nan,
            float(f.progress[0]) if focal else np.nan,
            int(np.count_nonzero(c.employer == 0)) if focal else 0,
            open_exp / active_exp if active_exp else np.nan,
            float(m.pay_index.mean()),
        ))


def _mean(x: np.ndarray) -> float:
    """``x.mean()``, or NaN if ``x`` is empty, without ndarray.mean's Python wrapper.

    The same arithmetic (a pairwise sum, then one division by the count), so the same
    bits; the wrapper costs ~10 µs, and the recorder takes two means a week.
    """
    return float(np.add.reduce(x) / len(x)) if len(x) else np.nan

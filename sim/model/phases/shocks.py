"""Phase 1: shocks due this week — layoff waves, funding freezes, pay-gap changes (M12)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import BIGTECH, EV_LAYOFF, GENERAL, LAB, OUTSIDE

if TYPE_CHECKING:
    from sim.model.market import Market


def apply_shocks(m: Market) -> None:
    """Start the shocks dated this week and expire finished funding freezes."""
    m.freezes = [(end, size) for end, size in m.freezes if end > m.week]
    for shock in m.cfg.shocks:
        if shock.week != m.week:
            continue
        if shock.kind == "layoff_wave":
            _layoff_wave(m, shock.size, shock.ml_share)
        elif shock.kind == "funding_freeze":
            m.freezes.append((m.week + shock.duration, shock.size))
        elif shock.kind == "pay_gap_change":
            m.bigtech_pay_mult *= 1.0 + shock.size
    m.funding_mult = float(np.prod([max(1.0 - s, 0.0) for _, s in m.freezes])) \
        if m.freezes else 1.0


def _layoff_wave(m: Market, general_share: float, ml_share: float) -> None:
    """Lay off a share of general engineers (outside jobs) and of big-tech ML staff."""
    c = m.cands
    general = np.flatnonzero(c.entered & (c.role == GENERAL) & (c.employer == OUTSIDE))
    ml_bt = np.flatnonzero(c.entered & ((c.employer_kind == BIGTECH) | (c.employer_kind == LAB)))
    out = np.concatenate([
        general[m.draws.uniform("layoff.general", general) < min(general_share, 1.0)],
        ml_bt[m.draws.uniform("layoff.ml", ml_bt) < ml_share],
    ])
    firm = c.employer[out].copy()
    m.leave_employer(out, unemployed=True)
    m.recorder.log(kind=EV_LAYOFF, firm=firm, cand=out, cand_role=c.role[out])

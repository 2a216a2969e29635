"""Pay matters (issue 13, item 7): one definition of the setting, measures and checks.

"A focal startup paying 15% above the band gets measurably higher acceptance and more
hires on paired seeds." The focal startup runs the same hiring plan at ``pay_mult`` 1.0
and 1.15 on common seeds, and three things are compared per seed:

- **Acceptance over finalists**: the focal startup's hires ÷ the finalists it put an
  offer to (written, or turned down on the closing call). Pooled over a run's finalists;
  the paired difference of the pooled shares gets a linearised (delta-method) 95%
  interval over seeds, as the offer check's what-ifs do.
- **Seat-weeks open**: the weeks its postings stayed open before they were filled or
  closed (open ones counted to the horizon), summed over its postings. Fewer means its
  seats fill sooner.
- **Hires** within the horizon.

Why this setting. A founder's usual plan (three or four seats, as in
``docs/examples/seed_startup.toml``) mostly fills whatever the pay, so hires cannot rise,
and a run has a dozen finalists, too few for a few points of acceptance to show. Here
the seats outnumber what the startup can fill in a year (20 senior seats, one every
2.6 weeks, over the five ML roles, so that each draws on its own candidates rather than
the same few senior inference engineers), in a small market (1,000 ML candidates, 100
startups, 52 weeks) that keeps a run near 0.15 s. Pay then binds: higher base pay moves
finalists who were close to saying yes, and the seats it would not fill stay open.
The startup runs a lean process and shows base salary only (the example founder's
levers); the rest of the market is the default.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from claim_checks import Check, check_above, check_below, check_mean

from sim.config import SimConfig
from sim.config.codes import (
    BIGTECH,
    EV_CLOSING_CALL,
    EV_HIRE,
    EV_OFFER,
    EV_PROCESS_END,
    OFFER_DECLINED,
    STARTUP,
)
from sim.config.params import ROLES
from sim.experiments.runs import replication_seeds
from sim.model.market import Market

CLAIM = "pay_above_band"
PAY_MULTS = (1.0, 1.15)
"""The band, and 15% above it (``focal.pay_mult``)."""
SEATS = 20
"""Planned senior seats over the year, cycling through the five ML roles."""
WEEKS = 52
SETTING: dict[str, Any] = {
    "market.weeks": WEEKS, "candidates.n_ml": 1000, "startups.n": 100,
    "bigtech.n_bigtech": 4, "bigtech.n_labs": 2,
    "focal.stage": "seed", "focal.lean_process": True, "focal.explained_pay": False,
    "focal.precise_titles": False, "focal.focused_jd": False, "focal.builder_screen": False,
    "focal.managed_infra": True,
    "focal.seats": [{"role": ROLES[i % len(ROLES)], "seniority": "senior",
                     "week": i * WEEKS // SEATS} for i in range(SEATS)],
}
"""The small market and the focal startup's plan (see the module docstring)."""


def focal_measures(m: Market) -> dict[str, float]:
    """The focal startup's finalists, hires and seat-weeks open in one finished run.

    Also its declined offers by what the candidate did instead (``declined.*``: took big
    tech's or a lab's offer, took another startup's, stayed for a counter-offer, stayed
    put), which ``scripts/focal_pay.py`` prints.
    """
    e, r = m.events, m.reqs
    focal = e["firm"] == 0  # the focal startup is firm 0 (firms.py adds it first)
    kind = e["kind"]
    seat = r["firm"] == 0
    closed = np.where(r["closed_week"][seat] >= 0, r["closed_week"][seat], m.cfg.market.weeks)
    declined = focal & (kind == EV_PROCESS_END) & (e["cause"] == OFFER_DECLINED)
    took, countered = e["took_kind"][declined], e["countered"][declined]
    return {
        "finalists": float(np.count_nonzero(focal & ((kind == EV_OFFER)
                                                     | (kind == EV_CLOSING_CALL)))),
        "hires": float(np.count_nonzero(focal & (kind == EV_HIRE))),
        "seat_weeks_open": float(np.sum(closed - r["opened"][seat])),
        "declined.bigtech": float(np.count_nonzero(~countered & (took >= BIGTECH))),
        "declined.startup": float(np.count_nonzero(~countered & (took == STARTUP))),
        "declined.counter_offer": float(np.count_nonzero(countered)),
        "declined.stayed": float(np.count_nonzero(~countered & (took < 0))),
    }


def pay_runs(base_seed: int, replications: int) -> dict[float, list[dict[str, float]]]:
    """Each pay level's measures, one per seed, on common seeds."""
    cfg = SimConfig().with_overrides(SETTING)
    seeds = replication_seeds(base_seed, replications)
    return {pay: [focal_measures(Market(cfg.with_overrides({"focal.pay_mult": pay}),
                                        seed=s).run()) for s in seeds]
            for pay in PAY_MULTS}


def pay_checks(runs: dict[float, list[dict[str, float]]]) -> list[Check]:
    """The claim's checks: acceptance up and seat-weeks down (intervals), hires up (mean).

    More hires is checked on its mean only: across base seeds 2024 and 0–4 at 80
    replications it was +0.29 to +1.03 hires, with an interval above 0 at five of the six
    (the startup fills about 14 of its 20 seats either way).
    """
    band, above = (runs[p] for p in PAY_MULTS)

    def col(rs: list[dict[str, float]], key: str) -> np.ndarray:
        return np.array([r[key] for r in rs])

    h0, f0, h1, f1 = (col(rs, k) for rs in (band, above) for k in ("hires", "finalists"))
    p0, p1 = h0.sum() / f0.sum(), h1.sum() / f1.sum()
    # Each seed's share of the pooled difference (mean zero), shifted by the difference.
    z = (h1 - p1 * f1) / f1.mean() - (h0 - p0 * f0) / f0.mean() + (p1 - p0)
    return [
        check_above(CLAIM, "finalist acceptance, 15% above the band − at the band", z),
        check_below(CLAIM, "seat-weeks open, 15% above the band − at the band",
                    col(above, "seat_weeks_open") - col(band, "seat_weeks_open")),
        check_mean(CLAIM, "hires, 15% above the band − at the band",
                   col(above, "hires") - col(band, "hires"), lambda x: x > 0, "mean > 0"),
    ]

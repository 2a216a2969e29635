"""Per-run measures of the validity claims: registered metrics plus derived ``x.*``.

Besides the registered metrics (``sim.outputs.registry``), :func:`claim_metrics` derives a few
``x.*`` measures from the run's records where a registered metric cannot answer the
claim (e.g. a rate per startup process rather than a share of all stalls). Part of the
validity suite; :mod:`validity_claims` re-exports everything here.
"""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.config.codes import (
    BIGTECH,
    EV_ATTRITION,
    EV_CLOSING_CALL,
    EV_HIRE,
    EV_OFFER,
    EV_PROCESS_END,
    GENERAL,
    HIRED,
    LAB,
    OFFER_DECLINED,
    REQ_FILLED,
    ROLE_MISALIGNMENT,
    STARTUP,
)
from sim.config.params import ROLES, STAGES
from sim.model.market import Market
from sim.outputs.measures import EARLY_WEEKS, compute_metrics

LEVER_CELLS = {"none": (0, 0, 0, 0), "explained": (1, 0, 0, 0), "precise": (0, 1, 0, 0),
               "focused_jd": (0, 0, 1, 0), "lean": (0, 0, 0, 1), "all": (1, 1, 1, 1)}
"""Lever combinations (explained, precise, focused JD, lean) whose startups' fill rates
``claim_metrics`` reports as ``x.fill_rate.startup.levers_<name>``."""


# ---------------------------------------------------------------------------------------
# One run: registered metrics plus derived x.* measures.
# ---------------------------------------------------------------------------------------
X_METRICS: dict[str, str] = {
    "x.fills_per_open_week.startup": "Startup fills per open requisition-week (censoring-"
    "aware speed: 1/x is the expected weeks to fill at a constant hazard)",
    "x.fills_per_open_week.bigtech": "Big-tech and lab fills per open requisition-week",
    "x.declined_startup.took_bigtech": "Declined startup offers whose candidate took big "
    "tech or a lab (= startup_loss_to_bigtech)",
    "x.declined_startup.took_startup": "Declined startup offers whose candidate took "
    "another startup",
    "x.declined_startup.stayed": "Declined startup offers whose candidate took nothing",
    "x.hire_share.bigtech": "Share of all hires made by big tech and labs",
    "x.misaligned_late_per_startup": "Startup processes ended by a role mismatch after the "
    "first screen (stage ≥ 1), per startup",
    "x.offer_acceptance.startup.multi": "Acceptance among startup finalists (written offers "
    "and closing calls) who run two or more interview loops at once",
    "x.offer_acceptance.startup.single": "Acceptance among startup finalists who run one "
    "interview loop at a time",
    "x.early_stage.operator_share": "Share of pre-seed/seed startup hires (26 weeks "
    "observed) who are operators (builder trait below the screen bar)",
    "x.early_stage.early_attrition": "Share of pre-seed/seed startup hires who left within "
    "26 weeks",
    "x.early_stage.early_attrition.operator": "The same, operators only",
    "x.early_stage.early_attrition.builder": "The same, builders only",
    "x.progress_per_musd": "Startup milestones gained per USD million spent, market-wide",
    "x.offer_acceptance.all": "Accepted ÷ offers made, all firms",
    "x.attrition_annual.startup": "Startup attrition events ÷ startup staff-years",
    "x.attrition_annual.bigtech": "Big-tech and lab attrition events ÷ their staff-years",
}
X_METRICS.update({f"x.fills_per_open_week.role.{r}": f"Fills of {r} requisitions per open "
                  "requisition-week" for r in ROLES})
X_METRICS.update({f"x.ml_fill_rate.role.{r}": f"Share of {r} requisitions opened in the "
                  "run filled by an ML-qualified hire (not a general engineer)"
                  for r in ROLES})
X_METRICS["x.general_hire_share.startup"] = ("Share of filled startup ML seats whose hire "
                                             "is a general software engineer")
X_METRICS.update({f"x.fills_per_open_week.startup.levers_{k}": "Fills per open "
                  f"requisition-week of startups whose levers are {v}"
                  for k, v in LEVER_CELLS.items()})
X_METRICS.update({f"x.progress_per_musd.start_{s}": "Milestones gained per USD million "
                  f"spent by the startups that started the run at {s}" for s in STAGES})
X_METRICS.update({f"x.fill_rate.startup.levers_{k}": f"Fill rate of requisitions of startups "
                  f"whose levers (explained, precise, focused JD, lean) are {v}"
                  for k, v in LEVER_CELLS.items()})


def _share(num: float, den: float) -> float:
    return float(num) / float(den) if den else float("nan")


def claim_metrics(cfg: SimConfig, seed: int) -> dict[str, float]:
    """Run one market; return its registered metrics plus the ``x.*`` measures.

    Has the signature of a :func:`sim.experiments.compare.compare_configs` runner.
    """
    m = Market(cfg, seed=seed)
    f = m.firms
    progress0 = float(f.progress[f.kind == STARTUP].sum())
    stage0, start = f.stage.copy(), f.raised + f.progress
    m.run()
    out = compute_metrics(m)
    out.update(_derived(m, progress0))
    # Milestones per dollar by the stage a startup started at (M6): the strategies differ
    # most where the stage's needs do, so the claim is read per stage as well.
    gained = f.raised + f.progress - start
    for i, stage in enumerate(STAGES):
        sel = (f.kind == STARTUP) & (stage0 == i)
        out[f"x.progress_per_musd.start_{stage}"] = _share(gained[sel].sum(),
                                                           f.cash_out[sel].sum() / 1000.0)
    return out


def _derived(m: Market, progress0: float) -> dict[str, float]:
    e, r, c, f, T = m.events, m.reqs, m.cands, m.firms, m.week
    kind, fk, cause = e["kind"], e["firm_kind"], e["cause"]
    out: dict[str, float] = {}

    # Censoring-aware speed of filling: fills per requisition-week spent open.
    filled = r["status"] == REQ_FILLED
    end = np.where(r["closed_week"] >= 0, r["closed_week"], T)
    open_weeks = (end - r["opened"]).astype(float)
    su_req = r["firm_kind"] == STARTUP
    for name, sel in (("startup", su_req), ("bigtech", ~su_req)):
        out[f"x.fills_per_open_week.{name}"] = _share((filled & sel).sum(), open_weeks[sel].sum())
    # Seats filled by an ML-qualified hire (not a general engineer under a blanket title).
    ml_hire = filled & (c.role[np.maximum(r["hired"], 0)] != GENERAL)
    for i, role in enumerate(ROLES):
        sel = r["role"] == i
        out[f"x.fills_per_open_week.role.{role}"] = _share((filled & sel).sum(),
                                                           open_weeks[sel].sum())
        out[f"x.ml_fill_rate.role.{role}"] = _share((ml_hire & sel).sum(), sel.sum())
    out["x.general_hire_share.startup"] = _share((filled & su_req & ~ml_hire).sum(),
                                                 (filled & su_req).sum())

    # Where declined startup offers went.
    ends = kind == EV_PROCESS_END
    declined = ends & (cause == OFFER_DECLINED) & (fk == STARTUP)
    took = e["took_kind"][declined]
    n_dec = int(declined.sum())
    out["x.declined_startup.took_bigtech"] = _share(((took == BIGTECH) | (took == LAB)).sum(),
                                                    n_dec)
    out["x.declined_startup.took_startup"] = _share((took == STARTUP).sum(), n_dec)
    out["x.declined_startup.stayed"] = _share((took == -1).sum(), n_dec)
    hires = kind == EV_HIRE
    out["x.hire_share.bigtech"] = _share((hires & (fk != STARTUP)).sum(), hires.sum())

    # Process outcomes per startup process.
    su_end = ends & (fk == STARTUP)
    n_su = int(np.count_nonzero(f.kind == STARTUP))
    late_mis = su_end & (cause == ROLE_MISALIGNMENT) & (e["stage"] >= 1)
    out["x.misaligned_late_per_startup"] = _share(late_mis.sum(), n_su)

    # Closing candidates who run several processes (finalist → hire at startups): every
    # finalist, offered in writing or turned down at the closing call (M9), which takes
    # most of the offers a slow process would lose before they are written.
    hired_keys = _keys(e["cand"][ends & (cause == HIRED)], e["req"][ends & (cause == HIRED)])
    su_offer = ((kind == EV_OFFER) | (kind == EV_CLOSING_CALL)) & (fk == STARTUP)
    multi = c.max_procs[e["cand"]] >= 2
    for name, sel in (("multi", su_offer & multi), ("single", su_offer & ~multi)):
        keys = _keys(e["cand"][sel], e["req"][sel])
        out[f"x.offer_acceptance.startup.{name}"] = _share(np.isin(keys, hired_keys).sum(),
                                                           len(keys))
    offers = kind == EV_OFFER
    all_keys = _keys(e["cand"][offers], e["req"][offers])
    out["x.offer_acceptance.all"] = _share(np.isin(all_keys, hired_keys).sum(), len(all_keys))

    # Operators in pre-seed/seed teams (M7): hires with 26 weeks observed.
    early_hire = (hires & (fk == STARTUP) & (e["stage"] <= 1) & (e["week"] <= T - EARLY_WEEKS))
    left = ((kind == EV_ATTRITION) & (fk == STARTUP) & (e["weeks"] <= EARLY_WEEKS)
            & (e["weeks"] < e["week"]))
    left_keys = _keys(e["cand"][left], e["week"][left] - e["weeks"][left])
    hire_keys = _keys(e["cand"][early_hire], e["week"][early_hire])
    gone = np.isin(hire_keys, left_keys)
    operator = c.builder[e["cand"][early_hire]] < m.cfg.hiring.builder_screen_bar
    out["x.early_stage.operator_share"] = _share(operator.sum(), len(operator))
    out["x.early_stage.early_attrition"] = _share(gone.sum(), len(gone))
    out["x.early_stage.early_attrition.operator"] = _share((gone & operator).sum(),
                                                           operator.sum())
    out["x.early_stage.early_attrition.builder"] = _share((gone & ~operator).sum(),
                                                          (~operator).sum())

    # Fill rates of startups by lever combination (M13 within one market).
    levers = (f.explained.astype(np.int64) * 8 + f.precise.astype(np.int64) * 4
              + (f.jd_reqs <= m.cfg.hiring.jd_focused_requirements).astype(np.int64) * 2
              + f.lean.astype(np.int64))
    cell = levers[r["firm"]]
    for name, bits in LEVER_CELLS.items():
        code = bits[0] * 8 + bits[1] * 4 + bits[2] * 2 + bits[3]
        sel = su_req & (cell == code)
        out[f"x.fill_rate.startup.levers_{name}"] = _share((filled & sel).sum(), sel.sum())
        out[f"x.fills_per_open_week.startup.levers_{name}"] = _share((filled & sel).sum(),
                                                                     open_weeks[sel].sum())

    # Milestones per dollar (M6): progress gained over the run ÷ cash spent.
    su = f.kind == STARTUP
    gained = float((f.raised[su] + f.progress[su]).sum()) - progress0
    out["x.progress_per_musd"] = _share(gained, f.cash_out[su].sum() / 1000.0)

    # Attrition per staff-year (calibration check, cal §8 #50).
    rows = m.recorder.rows
    staff_years_su = sum(row[12] for row in rows) / 52.0
    staff_years_bt = sum(row[13] for row in rows) / 52.0
    att = kind == EV_ATTRITION
    out["x.attrition_annual.startup"] = _share((att & (fk == STARTUP)).sum(), staff_years_su)
    out["x.attrition_annual.bigtech"] = _share((att & (fk != STARTUP)).sum(), staff_years_bt)
    return out


def _keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 key per (a, b) pair of non-negative int32 values."""
    return (a.astype(np.int64) << 32) | b.astype(np.int64)

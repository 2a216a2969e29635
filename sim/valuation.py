"""How a candidate values an offer, and staying put (DESIGN §3.4; M2, M3, M10).

Value (kUSD per year) = certainty-equivalent cash + certainty equivalent of startup
equity + non-pay (ownership, impact, decision speed) − cooling from a slow process
+ idiosyncratic taste. Startup equity is a lottery: it pays nothing with probability
``p_common_zero``; otherwise a payout whose expectation is the risk-adjusted fair value
of one year's vesting. Its certainty equivalent under CRRA utility, taken on top of the
candidate's savings, is larger for financially secure candidates — which is why they
lean toward startups (M10). Showing base salary only shrinks the perceived lottery
(ambiguity; M3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.codes import LAB, STARTUP
from sim.config import SimConfig
from sim.firms import FirmTable
from sim.population import Candidates, aged_frustration


def crra_certainty_equivalent(
    wealth: np.ndarray, gain: np.ndarray, p_gain: np.ndarray | float, gamma: np.ndarray,
    loss: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Certainty equivalent of ``wealth + gain`` w.p. ``p_gain``, else ``wealth - loss``.

    Returned net of ``wealth`` (so a sure gain of g has CE g). Utility is CRRA,
    ``u(x) = x**(1-γ)/(1-γ)`` (log at γ = 1); the result is the power mean of the two
    outcomes, which is numerically stable for γ up to ~50.
    """
    hi = wealth + gain
    lo = np.maximum(wealth - loss, 1e-6)
    one_minus = 1.0 - gamma
    near_log = np.abs(one_minus) < 1e-6
    safe = np.where(near_log, 1.0, one_minus)
    # Scale by hi for stability: M = hi * (p + (1-p) (lo/hi)^(1-γ))^(1/(1-γ)).
    ratio = lo / hi
    power_mean = hi * (p_gain + (1.0 - p_gain) * ratio**safe) ** (1.0 / safe)
    log_mean = np.exp(p_gain * np.log(hi) + (1.0 - p_gain) * np.log(lo))
    return np.where(near_log, log_mean, power_mean) - wealth


@dataclass(frozen=True)
class OfferValues:
    """Per-offer values in kUSD/yr: as shown, and as if the package had been explained."""

    value: np.ndarray
    value_explained: np.ndarray
    cash: np.ndarray  # certainty-equivalent cash pay, kept as the hire's pay
    nonpay: np.ndarray  # non-pay value, kept as the hire's non-pay
    base: np.ndarray  # base salary (what payroll pays)


def firm_attributes(cfg: SimConfig, firms: FirmTable, f: np.ndarray) -> tuple[np.ndarray, ...]:
    """Ownership, impact and decision speed (0–1) a job at firms ``f`` offers."""
    s, b = cfg.startups, cfg.bigtech
    is_su = firms.kind[f] == STARTUP
    stage = np.clip(firms.stage[f], 0, 3)
    own = np.where(is_su, s.ownership.arr[stage], b.ownership)
    lab = firms.kind[f] == LAB
    impact = np.where(is_su, s.impact.arr[stage],
                      np.where(lab, b.lab_impact, b.impact))
    speed = np.where(is_su, np.where(firms.lean[f], s.speed_lean, s.speed_clone),
                     np.where(lab, 0.5 * (b.speed + s.speed_lean), b.speed))
    return own, impact, speed


def value_offers(
    cfg: SimConfig, cands: Candidates, firms: FirmTable, c: np.ndarray, f: np.ndarray,
    seniority: np.ndarray, weeks_in_process: np.ndarray, taste: np.ndarray,
    bigtech_pay_mult: float,
) -> OfferValues:
    """Value offers from firms ``f`` to candidates ``c`` (aligned arrays)."""
    s, b, v = cfg.startups, cfg.bigtech, cfg.valuation
    is_su = firms.kind[f] == STARTUP
    stage = np.clip(firms.stage[f], 0, 3)
    sen_pay = s.pay_by_seniority.arr[seniority]

    # Big tech / labs: liquid total compensation (M2).
    tc = b.total_comp.arr[seniority] * b.pay_gap_mult * bigtech_pay_mult
    tc = np.where(firms.kind[f] == LAB, tc * b.lab_pay_mult, tc)
    stock_factor = np.where(firms.kind[f] == LAB, b.lab_stock_factor, v.rsu_factor)
    bt_base = tc * b.base_share
    bt_cash = tc * (b.base_share + b.bonus_share) + tc * (1 - b.base_share - b.bonus_share) \
        * stock_factor
    # Big tech can pay to move a candidate: at least a premium over their current pay.
    lift = np.maximum((1.0 + b.move_premium) * cands.pay[c] / np.maximum(bt_cash, 1e-9), 1.0)
    bt_cash, bt_base = bt_cash * lift, bt_base * lift

    # Startups: a lower band, a failure risk on the pay itself, and an equity lottery.
    su_base = s.base_pay.arr[stage] * sen_pay * firms.pay_mult[f]
    wealth = np.maximum(cands.security[c] * np.maximum(cands.pay[c], su_base), 1.0)
    gamma = cands.gamma[c]
    fail = s.fail_risk_annual.arr[stage]
    lost_pay = su_base * v.failure_unemployment_weeks / 52.0
    su_cash = su_base + crra_certainty_equivalent(wealth, 0.0 * su_base, 1.0 - fail, gamma,
                                                  loss=lost_pay)
    grant = (s.equity_pct.arr[stage] / 100.0
             * s.equity_by_seniority.arr[seniority]
             * s.ai_equity_mult * firms.equity_mult[f])
    fair_per_year = (grant * firms.post_money[f] / v.vesting_years
                     * v.retained_after_dilution.arr[stage]
                     * v.common_haircut * (1 + v.discount_rate) ** -v.years_to_liquidity)
    p_pay = 1.0 - v.p_common_zero

    def equity_ce(factor: np.ndarray | float) -> np.ndarray:
        # The grant pays out once, at liquidity, as a lump sum over the candidate's
        # savings; its certainty equivalent is then spread over the vesting years.
        lump = fair_per_year * v.vesting_years * factor / p_pay
        return crra_certainty_equivalent(wealth, lump, p_pay, gamma) / v.vesting_years

    shown = np.where(firms.explained[f], v.option_factor_explained, v.option_factor_base_only)
    eq_shown = equity_ce(shown)
    eq_explained = equity_ce(v.option_factor_explained)

    own, impact, speed = firm_attributes(cfg, firms, f)
    nonpay = v.nonpay_scale * (cands.w_own[c] * own + cands.w_impact[c] * impact
                               + cands.w_speed[c] * speed)
    cooling = v.delay_penalty * np.clip(weeks_in_process - 3.0, 0.0, v.delay_cap_weeks)
    common = nonpay - cooling + taste
    cash = np.where(is_su, su_cash, bt_cash)
    value = cash + np.where(is_su, eq_shown, 0.0) + common
    value_explained = cash + np.where(is_su, eq_explained, 0.0) + common
    base = np.where(is_su, su_base, bt_base)
    return OfferValues(value, value_explained, cash + np.where(is_su, eq_shown, 0.0), nonpay,
                       base)


def market_pay(cfg: SimConfig, seniority: np.ndarray) -> np.ndarray:
    """A reference market salary by seniority (kUSD/yr), for the unemployed."""
    s = cfg.startups
    return s.base_pay.seed * s.pay_by_seniority.arr[seniority]


def stay_values(cfg: SimConfig, cands: Candidates, c: np.ndarray, week: int) -> np.ndarray:
    """Value of turning every offer down: the current job, or unemployment."""
    v = cfg.valuation
    employed = cands.employer[c] != -1
    frustration = aged_frustration(cands, c, week, cfg)
    job = (cands.pay[c] + cands.nonpay[c] - v.frustration_scale * frustration
           + v.switching_cost * cands.pay[c])
    idle = v.unemployed_reservation * market_pay(cfg, cands.seniority[c])
    return np.where(employed, job, idle)

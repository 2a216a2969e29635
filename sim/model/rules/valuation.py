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

from sim.config import SimConfig
from sim.config.codes import LAB, STARTUP
from sim.model.state.firms import FirmTable
from sim.model.state.population import Candidates, aged_frustration


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
    equity: np.ndarray  # certainty equivalent of startup equity as shown (0 at big tech)

    def subset(self, keep: np.ndarray) -> OfferValues:
        """The values of the offers selected by ``keep`` (a mask or index array)."""
        return OfferValues(self.value[keep], self.value_explained[keep], self.cash[keep],
                           self.nonpay[keep], self.base[keep], self.equity[keep])


def firm_attributes(cfg: SimConfig, firms: FirmTable, f: np.ndarray) -> tuple[np.ndarray, ...]:
    """Ownership, impact and decision speed (0–1) a job at firms ``f`` offers."""
    s, b = cfg.startups, cfg.bigtech
    is_su = firms.kind[f] == STARTUP
    stage = np.maximum(firms.stage[f], 0).astype(np.intp)  # codes -1 (big tech) to 3
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
    bigtech_pay_mult: float, pay_index: np.ndarray | None = None,
) -> OfferValues:
    """Value offers from firms ``f`` to candidates ``c`` (aligned arrays).

    ``pay_index`` (one per offer, M15) scales the offered pay band; ``None`` (the index
    switched off) leaves the arithmetic exactly as without it.
    """
    v = cfg.valuation
    is_su = firms.kind[f] == STARTUP
    cash, base = np.empty(len(c)), np.empty(len(c))
    equity, equity_x = np.zeros(len(c)), np.zeros(len(c))
    bt = ~is_su
    cash[bt], base[bt] = _bigtech_pay(cfg, cands, firms, c[bt], f[bt], seniority[bt],
                                      bigtech_pay_mult if pay_index is None
                                      else bigtech_pay_mult * pay_index[bt])
    cash[is_su], base[is_su], equity[is_su], equity_x[is_su] = _startup_pay(
        cfg, cands, firms, c[is_su], f[is_su], seniority[is_su],
        None if pay_index is None else pay_index[is_su])
    own, impact, speed = firm_attributes(cfg, firms, f)
    nonpay = v.nonpay_scale * (cands.w_own[c] * own + cands.w_impact[c] * impact
                               + cands.w_speed[c] * speed)
    # Explaining the package is worth something beyond the equity's value (M3): clarity
    # about dilution and the wider opportunity. The counterfactual gets it too.
    clarity = np.where(is_su & firms.explained[f], v.explained_transparency, 0.0)
    clarity_x = np.where(is_su, v.explained_transparency, 0.0)
    cooling = v.delay_penalty * np.minimum(np.maximum(weeks_in_process - 3.0, 0.0),
                                           v.delay_cap_weeks)
    common = cash + nonpay - cooling + taste
    return OfferValues(common + equity + clarity, common + equity_x + clarity_x, cash + equity,
                       nonpay + clarity, base, equity)


def _bigtech_pay(cfg: SimConfig, cands: Candidates, firms: FirmTable, c: np.ndarray,
                 f: np.ndarray, seniority: np.ndarray,
                 pay_mult: float | np.ndarray) -> tuple[np.ndarray, ...]:
    """Certainty-equivalent cash and base of big-tech and lab offers: liquid pay (M2)."""
    b, v = cfg.bigtech, cfg.valuation
    lab = firms.kind[f] == LAB
    tc = b.total_comp.arr[seniority] * b.pay_gap_mult * pay_mult
    tc = np.where(lab, tc * b.lab_pay_mult, tc)
    stock_factor = np.where(lab, b.lab_stock_factor, v.rsu_factor)
    stock_share = 1.0 - b.base_share - b.bonus_share
    cash = tc * (b.base_share + b.bonus_share + stock_share * stock_factor)
    # Big tech can pay to move a candidate: at least a premium over their current pay.
    lift = np.maximum((1.0 + b.move_premium) * cands.pay[c] / np.maximum(cash, 1e-9), 1.0)
    return cash * lift, tc * b.base_share * lift


def _startup_pay(cfg: SimConfig, cands: Candidates, firms: FirmTable, c: np.ndarray,
                 f: np.ndarray, seniority: np.ndarray,
                 pay_index: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Startup offers: cash with failure risk, and the equity lottery as shown/explained."""
    s, v = cfg.startups, cfg.valuation
    # Stage codes are -1 (big tech) to 3; intp, as it indexes five parameter vectors.
    stage = np.maximum(firms.stage[f], 0).astype(np.intp)
    base = s.base_pay.arr[stage] * s.pay_by_seniority.arr[seniority] * firms.pay_mult[f]
    if pay_index is not None:  # the market pay index (M15) moves the startup band too
        base = base * pay_index
    wealth = np.maximum(cands.security[c] * np.maximum(cands.pay[c], base), 1.0)
    gamma = cands.gamma[c]
    lost_pay = base * v.failure_unemployment_weeks / 52.0
    grant = (s.equity_pct.arr[stage] / 100.0 * s.equity_by_seniority.arr[seniority]
             * s.ai_equity_mult * firms.equity_mult[f])
    fair_per_year = (grant * firms.post_money[f] / v.vesting_years
                     * v.retained_after_dilution.arr[stage]
                     * v.common_haircut * (1 + v.discount_rate) ** -v.years_to_liquidity)
    p_pay = 1.0 - v.p_common_zero
    # The grant pays out once, at liquidity, as a lump sum over the candidate's savings;
    # its certainty equivalent is then spread over the vesting years.
    shown = np.where(firms.explained[f], v.option_factor_explained, v.option_factor_base_only)
    lump_shown = fair_per_year * v.vesting_years * shown / p_pay
    lump_explained = fair_per_year * v.vesting_years * v.option_factor_explained / p_pay
    # Three certainty equivalents per offer (cash with failure risk, equity as shown, as
    # explained) in one call on stacked inputs: the function is elementwise, so each is
    # the number three calls would give, for a third of the calls.
    n = len(c)
    ce = crra_certainty_equivalent(
        np.concatenate([wealth, wealth, wealth]),
        np.concatenate([np.zeros(n), lump_shown, lump_explained]),
        np.concatenate([1.0 - s.fail_risk_annual.arr[stage], np.full(2 * n, p_pay)]),
        np.concatenate([gamma, gamma, gamma]),
        loss=np.concatenate([lost_pay, np.zeros(2 * n)]),
    )
    cash = base + ce[:n]
    return cash, base, ce[n:2 * n] / v.vesting_years, ce[2 * n:] / v.vesting_years


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

"""Configuration section for how a candidate values an offer (DESIGN §3.4; M2, M3, M10).

Money is in thousands of US dollars (kUSD); time is in weeks. Sources refer to
``calibration.md``; ``ASSUMPTION`` marks values to sweep.
"""

from __future__ import annotations

from sim.config.params import ASSUMPTION as A
from sim.config.params import ByStage, Frozen, param, vector


class ValuationConfig(Frozen):
    """How a candidate values an offer (DESIGN §3.4; M2, M3, M10)."""

    rsu_factor: float = param(
        0.9,
        ge=0.0,
        le=1.5,
        unit="× face",
        source="cal §8 #47 (" + A + ")",
        doc="Subjective value of liquid public stock.",
    )
    option_factor_explained: float = param(
        0.70,
        ge=0.0,
        le=2.0,
        unit="× fair value",
        source="cal §8 #46 + #48 (0.55 + 0.15)",
        doc="Subjective factor on startup equity when the package is explained.",
    )
    option_factor_base_only: float = param(
        0.10,
        ge=0.0,
        le=2.0,
        unit="× fair value",
        source="cal §5b (Farrell: 30% anchor on zero or intrinsic value, which is zero at "
        "grant); " + A,
        doc="Subjective factor on equity when only base salary is shown (ambiguity).",
    )
    explained_transparency: float = param(
        10.0,
        ge=0.0,
        le=200.0,
        unit="kUSD/yr",
        source="article (explain equity, show dilution, place it in the wider opportunity); "
        "sized to cal §8 #48's +5 points of acceptance; " + A,
        doc="Value a candidate puts on a startup that explains its whole package, beyond "
        "the equity itself (M3).",
    )
    p_common_zero: float = param(
        0.75,
        ge=0.0,
        le=0.999,
        unit="probability",
        source="cal §8 #30 (Hall & Woodward)",
        doc="Chance common stock pays nothing at exit.",
    )
    common_haircut: float = param(
        0.64,
        ge=0.0,
        le=1.0,
        unit="× paper",
        source="cal §8 #31 (Gornall & Strebulaev)",
        doc="Fair value of common relative to the post-money price.",
    )
    retained_after_dilution: ByStage = vector(
        ByStage(pre_seed=0.46, seed=0.58, series_a=0.73, series_b=0.87),
        unit="share of grant kept",
        source="cal §2c DERIVED (Carta dilution per round)",
        doc="Share of a grant's percentage kept through later rounds "
        "(cal §2c DERIVED; pre-seed adds one more 20% round).",
    )
    years_to_liquidity: float = param(
        10.0,
        ge=0.0,
        le=30.0,
        unit="years",
        source="cal §8 #32 (Ritter; Ward)",
        doc="Years until equity can pay out (matters only with a positive discount_rate).",
    )
    discount_rate: float = param(
        0.0,
        ge=0.0,
        le=0.5,
        unit="per year",
        source="cal §7.2 worked example (no discounting); " + A,
        doc="Annual discount rate applied to the equity payout.",
    )
    vesting_years: float = param(
        4.0,
        gt=0.0,
        le=10.0,
        unit="years",
        source="cal §8 #23",
        doc="Vesting period of an option grant.",
    )
    failure_unemployment_weeks: float = param(
        12.0,
        ge=0.0,
        le=104.0,
        unit="weeks",
        source="cal §1b (Sorenson et al.); " + A,
        doc="Pay lost when a startup fails under the hire.",
    )
    nonpay_scale: float = param(
        60.0,
        ge=0.0,
        le=1000.0,
        unit="kUSD/yr per unit weight",
        source=A,
        doc="Cash equivalent of ownership, impact and decision speed (M10).",
    )
    frustration_scale: float = param(
        30.0,
        ge=0.0,
        le=1000.0,
        unit="kUSD/yr per unit frustration",
        source=A,
        doc="Cost of staying put for a candidate frustrated with progression.",
    )
    switching_cost: float = param(
        0.08,
        ge=0.0,
        le=1.0,
        unit="× current pay",
        source=A,
        doc="Cost of moving jobs, as a share of current pay.",
    )
    unemployed_reservation: float = param(
        0.45,
        ge=0.0,
        le=2.0,
        unit="× market pay",
        source=A,
        doc="Value of staying unemployed relative to market pay.",
    )
    decision_noise: float = param(
        20.0,
        ge=0.0,
        le=1000.0,
        unit="kUSD/yr (logistic scale)",
        source="set so offer acceptance falls in cal §8 #39 (0.55–0.90); " + A,
        doc="Idiosyncratic taste in each offer decision.",
    )
    delay_penalty: float = param(
        8.0,
        ge=0.0,
        le=200.0,
        unit="kUSD/yr per week past 3",
        source="cal §7.3 (Hired 83%→63%)",
        doc="Cooling of a candidate's interest per week the process runs past three weeks.",
    )
    delay_cap_weeks: float = param(
        3.0,
        ge=0.0,
        le=52.0,
        unit="weeks",
        source="cal §7.3 (Hired: one step, 83% → 63%); " + A,
        doc="Cooling stops growing after this many weeks past the first three.",
    )

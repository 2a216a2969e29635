"""Firms that respond to a seat that will not fill (M14; ``sim/model/rules/stale_seats.py``).

A seat open ``stale_seats.stale_after_weeks`` without a hire is stale; its firm reviews
it then and every ``review_every_weeks`` after, and may repost, source, relax the bar,
raise the offer, re-scope or cancel it. Each response taken is a ``seat_response``
event whose cause names it. With every share zero and no focal response it is off: no
events, no draws, zero metrics. The tests start from that and switch on one response.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import ConfigError, SimConfig
from sim.config.codes import ML_ENGINEER, REQ_CLOSED, REQ_OPEN, STARTUP
from sim.config.stale_seats import RESPONSES
from sim.model.market import Market
from sim.model.rules import stale_seats as rules
from sim.outputs.frames import events_frame
from sim.outputs.measures import compute_metrics

SMALL = {"market.weeks": 40, "candidates.n_ml": 1000, "startups.n": 100,
         "bigtech.n_bigtech": 3, "bigtech.n_labs": 2}


NONE = {r: 0.0 for r in RESPONSES}
OFF = {"stale_seats.startup_response": NONE, "stale_seats.bigtech_response": NONE}


def _config(**overrides) -> SimConfig:
    return SimConfig().with_overrides({**SMALL, **OFF, **overrides})


def _on(response: str, share: float = 1.0, **overrides) -> SimConfig:
    return _config(**{f"stale_seats.startup_response.{response}": share,
                      f"stale_seats.bigtech_response.{response}": share, **overrides})


def _responses(m: Market):
    e = events_frame(m)
    return e[e["event"] == "seat_response"]


def test_by_default_background_firms_respond_and_the_focal_climbs_its_ladder():
    m = Market(SimConfig().with_overrides({**SMALL, "focal": {"stage": "seed"}}), 2).run()
    ev = _responses(m)
    assert {"repost", "source", "raise_offer"} <= set(ev["cause"].astype(str))
    mine = ev[ev["firm"] == 0]
    assert len(mine) > 0
    # Each focal seat's k-th review takes the k-th response: repost, source, raise_offer.
    ladder = ("repost", "source", "raise_offer")
    for _, seat in mine.groupby("requisition"):
        causes = seat.sort_values("week")["cause"].astype(str).tolist()
        assert causes == list(ladder[:len(causes)]) + ["raise_offer"] * (len(causes) - 3)


def test_off_when_every_share_is_zero_no_events_no_draws_zero_metrics():
    m = Market(_config(), 2, check_invariants=True).run()
    assert _responses(m).empty
    assert "stale_response" not in m.draws.drawn
    r = m.reqs
    assert (r["posted"] == r["opened"]).all()
    assert (r["source_mult"] == 1.0).all() and (r["offer_mult"] == 1.0).all()
    assert (r["bar_shift"] == 0.0).all() and (r["reviews"] == 0).all()
    out = compute_metrics(m)
    assert all(out[f"seat_responses.{x}"] == 0.0 for x in RESPONSES)


@pytest.mark.parametrize("response", RESPONSES)
def test_each_response_logs_its_cause_only_for_stale_open_seats(response):
    cfg = _on(response)
    ss = cfg.stale_seats
    m = Market(cfg, 1, check_invariants=True).run()
    ev = _responses(m)
    assert len(ev) > 0
    assert set(ev["cause"].astype(str)) == {response}
    r = m.reqs
    req = ev["requisition"].to_numpy()
    week = ev["week"].to_numpy()
    age = week - r["opened"][req]
    assert (ev["weeks"].to_numpy() == age).all()
    assert ((age >= ss.stale_after_weeks)
            & ((age - ss.stale_after_weeks) % ss.review_every_weeks == 0)).all()
    # Never a filled or closed seat: the seat was still open in the week of the review
    # (phase 3 comes before this week's hires, so it may close later that week).
    closed = r["closed_week"][req]
    assert ((closed == -1) | (closed >= week)).all()
    e = events_frame(m)
    hires = e[e["event"] == "hire"].set_index("requisition")["week"]
    before = [w for q, w in zip(req, week, strict=True) if q in hires.index and hires[q] < w]
    assert not before
    assert (ev["candidate"] == -1).all()


def test_repost_resets_posted_not_opened():
    m = Market(_on("repost"), 1).run()
    ev = _responses(m)
    last = ev.groupby("requisition")["week"].max()
    r = m.reqs
    assert (r["posted"][last.index.to_numpy()] == last.to_numpy()).all()
    assert (r["opened"][last.index.to_numpy()] < last.to_numpy()).all()
    untouched = np.setdiff1d(np.arange(len(r)), last.index.to_numpy())
    assert (r["posted"][untouched] == r["opened"][untouched]).all()


def test_cancel_closes_the_seat_with_its_cause_and_ends_its_processes():
    m = Market(_on("cancel"), 1, check_invariants=True).run()
    ev = _responses(m)
    req, week = ev["requisition"].to_numpy(), ev["week"].to_numpy()
    r = m.reqs
    assert (r["status"][req] == REQ_CLOSED).all() and (r["closed_week"][req] == week).all()
    e = events_frame(m)
    ends = e[(e["event"] == "process_end") & e["requisition"].isin(req)]
    same_week = ends.merge(ev[["requisition", "week"]], on=["requisition", "week"])
    assert (same_week["cause"].astype(str) == "req_closed").all()
    # Every stale seat is cancelled at its first review unless an offer was out then, so
    # few seats outlive the stale age; without responses many do.
    off = Market(_config(), 1).run()
    for mk, most in ((m, 0.2), (off, None)):
        life = np.where(mk.reqs["closed_week"] >= 0, mk.reqs["closed_week"], mk.week) \
            - mk.reqs["opened"]
        share = np.mean(life > mk.cfg.stale_seats.stale_after_weeks + 1)
        if most is not None:
            assert share < most
            cancelled_share = share
        else:
            assert share > 2 * cancelled_share


def test_raise_stays_within_budget():
    cfg = _on("raise_offer")
    ss = cfg.stale_seats
    m = Market(cfg, 1, check_invariants=True).run()
    r = m.reqs
    assert r["raises"].max() == ss.raise_max_steps
    np.testing.assert_allclose(r["offer_mult"], (1 + ss.raise_step) ** r["raises"])
    # The rule itself: a startup without runway for the raised salary does not raise.
    m = Market(_on("raise_offer"), 3)
    for _ in range(12):
        m.step()
    r, f = m.reqs, m.firms
    seats = ((r["status"] == REQ_OPEN) & (r["firm_kind"] == STARTUP)
             & (r["raises"] < ss.raise_max_steps)).nonzero()[0]
    assert len(seats)
    f.cash[r["firm"][seats]] = 0.0
    done, _ = rules._raise_offer(m, seats)
    assert len(done) == 0
    f.cash[r["firm"][seats]] = 1e9
    base = r["posted_base"][seats].copy()
    done, value = rules._raise_offer(m, seats)
    assert len(done) == len(seats)
    np.testing.assert_allclose(value, base * (1 + ss.raise_step))


def test_a_raised_seat_offers_the_raised_pay(monkeypatch):
    """raise_offer reaches the offer itself: its base is the band × offer_mult × the
    market pay index (M15), all as they stand when the offer is made (phase 6a; a round
    raised later that week changes the band, matching later changes the base)."""
    from sim.model.phases import offers

    m = Market(_on("raise_offer"), 2)
    s, checked = m.cfg.startups, []
    extend = offers._extend

    def check_then_extend(market: Market, rows: np.ndarray, vals) -> None:
        p, r, f = market.procs, market.reqs, market.firms
        req, firm = p["req"][rows], p["firm"][rows]
        mine = (r["firm_kind"][req] == STARTUP) & (r["raises"][req] > 0)
        req, firm = req[mine], firm[mine]
        band = (s.base_pay.arr[f.stage[firm]] * s.pay_by_seniority.arr[r["seniority"][req]]
                * f.pay_mult[firm])
        index = market.pay_index[r["role"][req]]
        np.testing.assert_allclose(vals.base[mine], band * r["offer_mult"][req] * index)
        checked.append(np.count_nonzero(mine))
        extend(market, rows, vals)

    monkeypatch.setattr(offers, "_extend", check_then_extend)
    m.run()
    assert sum(checked) > 0
    assert np.any(m.pay_index != 1.0)  # the index is on here: the check includes it


@pytest.mark.parametrize("to", ["generalist", "adjacent"])
def test_rescope_changes_the_role_or_title_and_the_apply_chances(to):
    m = Market(_on("rescope", **{"stale_seats.rescope_to": to}), 1)
    for _ in range(3):
        m.step()
    r = m.reqs
    seats = (r["status"] == REQ_OPEN).nonzero()[0]
    role, precise = r["role"][seats].copy(), r["precise"][seats].copy()
    done, _ = rules._rescope(m, seats)
    h = m.cfg.hiring
    if to == "generalist":
        assert (done == seats[precise | (role != ML_ENGINEER)]).all()
        assert (r["role"][done] == ML_ENGINEER).all() and not r["precise"][done].any()
        assert (r["apply_general"][done] == h.general_apply_blanket).all()
        assert (r["apply_other"][done] == h.offrole_apply_blanket).all()
    else:
        assert (done == seats).all()
        assert (r["role"][done] == rules.ADJACENT_ROLE[role]).all()
        assert (r["role"][done] != role).all()
    assert len(rules._rescope(m, seats)[0]) == 0  # once per seat


def test_relax_lowers_the_bar_one_notch_at_a_time():
    cfg = _on("relax")
    m = Market(cfg, 1, check_invariants=True).run()
    r, ss = m.reqs, cfg.stale_seats
    assert r["relaxed"].max() == ss.relax_max_notches
    np.testing.assert_allclose(r["bar_shift"], ss.relax_step * r["relaxed"])


def test_focal_follows_its_ladder_and_background_firms_do_not_respond():
    cfg = _config(focal={"stage": "seed", "stale_response": ["repost", "cancel"],
                         "ml_team_target": 6})
    m = Market(cfg, 4, check_invariants=True).run()
    ev = _responses(m)
    assert len(ev) and (ev["firm"] == 0).all()
    for _, seat in ev.groupby("requisition"):
        causes = list(seat.sort_values("week")["cause"].astype(str))
        assert causes == ["repost", "cancel"][: len(causes)]
    assert "stale_response" not in m.draws.drawn  # the focal's ladder draws nothing
    out = compute_metrics(m)
    assert out["focal.seat_responses"] == len(ev)
    assert all(out[f"seat_responses.{x}"] == 0.0 for x in RESPONSES)


def test_metrics_count_responses_per_100_background_seats_and_vary():
    cfg = _config(**{f"stale_seats.startup_response.{x}": 0.1 for x in RESPONSES},
                  **{f"stale_seats.bigtech_response.{x}": 0.1 for x in RESPONSES})
    runs = []
    for seed in (1, 2, 3):
        m = Market(cfg, seed).run()
        out = compute_metrics(m)
        ev = _responses(m)
        for x in RESPONSES:
            n = int((ev["cause"].astype(str) == x).sum())
            assert out[f"seat_responses.{x}"] == pytest.approx(100.0 * n / len(m.reqs))
        runs.append(out)
    for x in RESPONSES:
        assert len({r[f"seat_responses.{x}"] for r in runs}) > 1


def test_shares_above_one_are_refused():
    with pytest.raises(ConfigError, match="stale_seats.startup_response: shares must sum"):
        _config(**{"stale_seats.startup_response.repost": 0.6,
                   "stale_seats.startup_response.cancel": 0.6})


def test_sourcing_harder_multiplies_a_seats_approaches():
    """A seat at ``source_mult`` x gets that many times the kind's recruiter approaches.

    Checked on one market state, drawing the week's sourcing many times with every open
    startup seat at 1x and then at 3x. Its effect on fill rates is small in the default
    market, whose stale seats are not short of applicants (about 50 each in this small
    market): +0.006 ± 0.004 startup fill rate over 30 paired seeds, so no fill-rate
    direction is asserted here.
    """
    from sim.model.phases.applications import _sourcing

    m = Market(_config(), seed=1)
    for _ in range(20):
        m.step()
    open_idx = (m.reqs["status"] == REQ_OPEN).nonzero()[0]
    startup = open_idx[m.reqs["firm_kind"][open_idx] == STARTUP]
    assert len(startup) > 20

    def approaches_per_draw(mult: float) -> float:
        m.reqs["source_mult"][startup] = mult
        counts = []
        for week in range(300):  # the keyed draws of 300 weeks: independent samples
            m.draws.at_week(1000 + week)
            counts.append(np.isin(_sourcing(m, open_idx)[1], startup).sum())
        return float(np.mean(counts))

    once, thrice = approaches_per_draw(1.0), approaches_per_draw(3.0)
    assert once > 0
    assert 2.5 < thrice / once < 3.5, (once, thrice)

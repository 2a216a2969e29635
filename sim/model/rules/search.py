"""Which open seats a seeker applies to this week (phase 4; M2, M4, M8, M10, M14).

The model of a week's search is a number of *looks*, each at one open seat, and for
each look a chance of applying:

- **Where a look goes.** ``offrole_look_share`` of looks browse every open seat; the
  rest go to what a search for the seeker's own role finds (the seats titled for it and
  every blanket-titled seat, M4 and M12). A seeker with nothing titled for them browses
  everything. Within what a look can find, the employer kind is drawn by pull (big
  tech's brand times the seeker's own pull, M10), then a seat of that kind in
  proportion to its freshness, which halves every ``posting_half_life_weeks`` since it
  was posted and never falls below ``stale_posting_weight`` (M14).
- **Whether the look becomes an application.** The seat's apply chance for the
  seeker's role (own, another ML role, or general: set by title and JD, M4 and M8),
  × 0.2 when the seat's level is more than one step from the seeker's, × the pay
  appeal of its posted base (M2).

Drawing every look and then thinning it costs a look per element: about 45 a seeker
a week, of which about 7 become applications. This module draws the applications
directly, with the same distribution. A look applies, before pay, with a chance that
depends on the seeker only through their role, level and pull, so each seeker's
applications are Binomial(looks, q) with q summed over seats once per (role, level)
class; each application's seat is then drawn from that class's weights
(freshness × apply chance × level), and the pay appeal, which depends on the person,
thins them as it thinned looks. The tests check the draw against the look-by-look
process (``tests/engine/test_posting_freshness.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import GENERAL, N_ROLES, N_SENIORITY, STARTUP
from sim.model.keyed_draws import pair_draw_key

if TYPE_CHECKING:
    from sim.model.market import Market

N_CLASSES = (N_ROLES + 1) * N_SENIORITY
"""Seekers' (role, level) classes: the five ML roles and general engineers, × levels."""

OFF_LEVEL = 0.2
"""Apply chance × this for a seat more than one level from the seeker's (ASSUMPTION)."""



def class_of(role: np.ndarray, seniority: np.ndarray) -> np.ndarray:
    """A seeker's (role, level) class: ``role × N_SENIORITY + seniority``."""
    return role.astype(np.intp) * N_SENIORITY + seniority


def freshness(m: Market, seats: np.ndarray) -> np.ndarray:
    """Each seat's weight in search: 2^(−weeks since posted / half-life), floored (M14)."""
    r, cc = m.reqs, m.cfg.candidates
    return np.maximum(np.exp2((r["posted"][seats] - m.week) / cc.posting_half_life_weeks),
                      cc.stale_posting_weight)


def application_weights(m: Market, seats: np.ndarray, fresh: np.ndarray) -> np.ndarray:
    """Per class and open seat, freshness × apply chance × level factor (classes × seats).

    Up to the normalisation of a look's draw within its kind, the chance that one look
    of a seeker in that class is at that seat and becomes an application, before the
    pay appeal.
    """
    r = m.reqs
    seat_role, seat_level = r["role"][seats], r["seniority"][seats]
    own, other, general = r["apply_own"][seats], r["apply_other"][seats], \
        r["apply_general"][seats]
    roles = np.arange(N_ROLES + 1)[:, None]
    chance = np.where(roles == seat_role, own, np.where(roles == GENERAL, general, other))
    levels = np.arange(N_SENIORITY)[:, None]
    level = np.where(np.abs(levels - seat_level) <= 1, 1.0, OFF_LEVEL)
    return (fresh * chance[:, None, :] * level[None, :, :]).reshape(N_CLASSES, len(seats))


def _option_segments() -> tuple[np.ndarray, np.ndarray]:
    """Per seeker role and option, which segment edges bound the option's seats [lo, hi).

    Segments are numbered kind × (N_ROLES + 1) + group (group 0: blanket titles, r + 1:
    role r's precise titles), and edge ``e`` is where segment ``e`` starts. Options
    3k, 3k + 1 and 3k + 2 search kind k (startups, big tech): its blanket seats, the
    seeker's own role's precise seats (none for general engineers) and every seat.
    """
    n_groups = N_ROLES + 1
    roles = np.arange(N_ROLES + 1)
    lo = np.empty((N_ROLES + 1, 6), dtype=np.intp)
    hi = np.empty_like(lo)
    for k in (0, 1):  # startups, big tech
        base = k * n_groups
        own_lo = base + np.minimum(roles + 1, n_groups - 1)
        own_hi = np.where(roles < N_ROLES, base + np.minimum(roles + 2, n_groups), own_lo)
        lo[:, 3 * k], hi[:, 3 * k] = base, base + 1
        lo[:, 3 * k + 1], hi[:, 3 * k + 1] = own_lo, own_hi  # general engineers: none
        lo[:, 3 * k + 2], hi[:, 3 * k + 2] = base, base + n_groups
    return lo, hi


_OPTION_LO, _OPTION_HI = _option_segments()
"""The edges' indices of each (seeker role, option)'s seats: fixed, so built once."""


def draw_applications(m: Market, seats: np.ndarray, seekers: np.ndarray, looks: np.ndarray,
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Draw the week's applications: (candidate, seat) pairs, before the pay appeal.

    Every draw is keyed by the seeker and their n-th application this week
    (:class:`~sim.model.keyed_draws.KeyedDraws`). The focal startup's seats are drawn apart
    from the rest: an application goes to them with their share of its option's weight,
    and otherwise to a seat drawn from the other seats' weights alone, so the founder's
    levers move where other applications land only through that share.

    Args:
        m: The market (its seats, candidates, config and the pull per candidate).
        seats: Open requisitions.
        seekers: Candidates who search this week.
        looks: Looks each of them takes.

    Returns:
        Candidates and seats, one pair per application, in seeker order.

    """
    c, r, cc = m.cands, m.reqs, m.cfg.candidates
    focal = m.firms.focal[r["firm"][seats]]
    focal_seats = seats[focal]
    if len(focal_seats):
        seats = seats[~focal]
    # Seats in segments: by kind (startups first), then blanket titles, then each role's
    # precise titles. What a search finds in a kind is then one or two segments: all of
    # them (browsing) or the blanket ones and the seeker's role's.
    group = np.where(r["precise"][seats], r["role"][seats] + 1, 0)
    kind_bt = (r["firm_kind"][seats] != STARTUP).view(np.int8)
    n_groups = N_ROLES + 1
    seg_of = kind_bt * n_groups + group  # segment code: kind × groups + group
    order = np.argsort(seg_of.astype(np.uint8), kind="stable")
    seats = seats[order]
    edges = np.concatenate([[0], np.cumsum(np.bincount(seg_of, minlength=2 * n_groups))])
    fresh = freshness(m, seats)
    width = len(seats) + 1
    cum = np.empty((N_CLASSES, width))  # classes × seats: cum[:, i] sums seats < i
    cum[:, 0] = 0.0
    np.cumsum(application_weights(m, seats, fresh), axis=1, out=cum[:, 1:])
    cum_flat = cum.ravel()  # gathers by flat index cost a third of a 2-D fancy index's
    cum_fresh = np.concatenate([[0.0], np.cumsum(fresh)])

    # Each look is one of six options: (own search: blanket, own role) or browse, × kind.
    # Per seeker role and option, the option's seats [lo, hi).
    lo, hi = edges[_OPTION_LO], edges[_OPTION_HI]
    n_seen = (hi - lo).astype(np.float64)  # seats each option's search covers
    fresh_seen = cum_fresh[hi] - cum_fresh[lo]

    role = c.role[seekers]
    cls = class_of(role, c.seniority[seekers])
    cls_row = (cls * width)[:, None]  # each seeker's class row in cum_flat
    mass = cum_flat[cls_row + hi[role]] - cum_flat[cls_row + lo[role]]  # seekers × 6
    focal_mass = None
    if len(focal_seats):  # the focal seats' share of each option (a handful of seats)
        cover, focal_weights, focal_fresh = _focal_options(m, focal_seats)
        n_seen = n_seen + cover.sum(axis=2)
        fresh_seen = fresh_seen + cover @ focal_fresh
        focal_mass = np.einsum("sok,sk->so", cover[role], focal_weights[cls])
        mass = mass + focal_mass
    seen, fresh_in = n_seen[role], fresh_seen[role]
    # Per search and kind: seats, freshness (the kind's look share is by seat count and
    # pull, M10; a seat within the kind by freshness).
    own_n = np.stack([seen[:, 0] + seen[:, 1], seen[:, 3] + seen[:, 4]], axis=1)
    own_f = np.stack([fresh_in[:, 0] + fresh_in[:, 1], fresh_in[:, 3] + fresh_in[:, 4]], axis=1)
    all_n, all_f = seen[:, [2, 5]], fresh_in[:, [2, 5]]
    pull = m.cfg.bigtech.brand_weight * m.bigtech_pull[seekers]
    own_search = np.where(own_n.sum(axis=1) > 0, 1.0 - cc.offrole_look_share, 0.0)
    chance = np.empty((len(seekers), 6))
    for search, n, f, w in ((own_search, own_n, own_f, (0, 1)), (1.0 - own_search, all_n,
                                                                  all_f, (2,))):
        p_su = n[:, 0] / np.maximum(n[:, 0] + pull * n[:, 1], 1e-300)
        for k, p_kind in ((0, p_su), (1, 1.0 - p_su)):
            per_fresh = search * p_kind / np.maximum(f[:, k], 1e-300)
            for j in w:
                chance[:, 3 * k + j] = per_fresh * mass[:, 3 * k + j]
    cum_chance = np.cumsum(chance, axis=1)  # a look's chance of an application, by option
    draws = m.draws
    n_apps = draws.binomial("apply.count", looks, np.minimum(cum_chance[:, -1], 1.0), seekers)

    who = np.repeat(np.arange(len(seekers)), n_apps)
    app_cand = np.repeat(seekers, n_apps)  # seekers[who], without the gather
    nth = np.arange(len(who)) - np.repeat(np.cumsum(n_apps) - n_apps, n_apps)  # per seeker
    app_key = pair_draw_key(app_cand, nth)  # the seeker's n-th application this week
    # Which option, in proportion to its chance; then a seat in its segment by weight.
    # Options × applications: each seeker's bounds repeated (a third of a gather's cost),
    # one contiguous row per option.
    bounds = np.repeat(cum_chance.T, n_apps, axis=1)
    pick = draws.uniform("apply.option", app_key) * bounds[-1]
    opt = np.zeros(len(who), dtype=np.intp)
    for j in range(5):  # five comparisons: ~10x faster than a sum over a 2-D mask
        opt += pick >= bounds[j]
    app_role, app_cls = np.repeat(role, n_apps), np.repeat(cls, n_apps)
    u_seat = draws.uniform("apply.seat", app_key)
    out = np.empty(len(who), dtype=seats.dtype)
    rest = slice(None)
    if focal_mass is not None:
        to_focal = (draws.uniform("apply.focal", app_key) * mass[who, opt]
                    < focal_mass[who, opt])
        at = to_focal.nonzero()[0]
        weights = cover[app_role[at], opt[at]] * focal_weights[app_cls[at]]
        cum_w = np.cumsum(weights, axis=1)
        hit = np.count_nonzero(cum_w <= (u_seat[at] * cum_w[:, -1])[:, None], axis=1)
        out[at] = focal_seats[np.minimum(hit, len(focal_seats) - 1)]
        rest = (~to_focal).nonzero()[0]
    option = app_role[rest] * 6 + opt[rest]  # the flat index of (role, option) in lo and hi
    out[rest] = seats[_seat_in_option(cum, lo.ravel()[option], hi.ravel()[option],
                                      app_cls[rest], u_seat[rest])]
    return app_cand, out


def _focal_options(m: Market, seats: np.ndarray,
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which options find each focal seat, and its weights: (cover, weights, freshness).

    ``cover`` is (seeker role × option × seat) of 0 or 1: a seat is found by browsing its
    kind, by a search's blanket option if its title is blanket, and by its role's own
    option if precise. ``weights`` is (class × seat) as :func:`application_weights`.
    """
    r = m.reqs
    kind = (r["firm_kind"][seats] != STARTUP).astype(np.intp)
    precise, seat_role = r["precise"][seats], r["role"][seats]
    roles = np.arange(N_ROLES + 1)[:, None]
    cover = np.zeros((N_ROLES + 1, 6, len(seats)), dtype=np.float64)
    cols = np.arange(len(seats))
    cover[:, 3 * kind, cols] = ~precise
    cover[:, 3 * kind + 1, cols] = precise & (roles == seat_role)
    cover[:, 3 * kind + 2, cols] = 1.0
    fresh = freshness(m, seats)
    return cover, application_weights(m, seats, fresh), fresh


def _seat_in_option(cum: np.ndarray, seg_lo: np.ndarray, seg_hi: np.ndarray,
                    cls: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Per application, a seat in [seg_lo, seg_hi) in proportion to its class's weights."""
    row = cls * cum.shape[1]
    flat = cum.ravel()
    start = flat[row + seg_lo]
    target = start + u * (flat[row + seg_hi] - start)
    pos = count_at_or_below(cum, cls, target)
    # cum[:, i] counts seats below i; a target on a boundary rounds either way.
    return np.minimum(np.maximum(pos - 1, seg_lo), seg_hi - 1)


def count_at_or_below(rows: np.ndarray, row: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Per value, how many entries of its row are ≤ it (``searchsorted``, side right).

    ``rows[row[i]].searchsorted(value[i], side="right")`` for every ``i``, in one search
    over all rows rather than one per row (24 searches of ~100 values each cost about
    twice this): a non-negative float's bits, read as an unsigned integer, order as the
    float does, so a ``uint64`` with the row number in its top bits and the value's bits
    below sorts the rows in turn and each row in order. The value loses its lowest bits
    to make room, which can only create ties; a value that ties an entry of its row
    (within a few ulps of it: almost never) is searched in its own row, so every count
    is exact.

    Args:
        rows: Rows of non-negative floats (no −0.0, no NaN), each in ascending order.
        row: Each value's row.
        value: Non-negative floats to count up to.

    """
    n_rows, width = rows.shape
    row_bits = max(n_rows - 1, 1).bit_length()
    # Float bits are below 2^63 (sign clear): dropping row_bits − 1 bits leaves room.
    drop, shift = np.uint64(row_bits - 1), np.uint64(64 - row_bits)
    row_key = np.arange(n_rows, dtype=np.uint64)[:, None] << shift
    keys = rows.view(np.uint64) >> drop
    keys |= row_key
    keys = keys.ravel()
    key = value.view(np.uint64) >> drop
    key |= row.astype(np.uint64) << shift
    pos = keys.searchsorted(key)  # the first entry of the row whose key is not below
    tie = (keys[np.minimum(pos, len(keys) - 1)] == key).nonzero()[0]
    pos -= row * width  # entries of the row with a key below: all below the value
    for i in tie.tolist():
        pos[i] = rows[row[i]].searchsorted(value[i], side="right")
    return pos


def pay_appeal(m: Market, cand: np.ndarray, req: np.ndarray) -> np.ndarray:
    """A posted base far below what a candidate earns now puts them off (M2).

    The chance a look (or a recruiter's approach) survives the pay floor: 1 at or above
    ``pay_floor_share`` × the candidate's current pay, falling as the fourth power of
    the ratio below it.
    """
    floor = m.cfg.hiring.pay_floor_share * m.cands.pay[cand]
    ratio = np.minimum(m.reqs["posted_base"][req] / np.maximum(floor, 1e-9), 1.0)
    ratio *= ratio
    return ratio * ratio  # the fourth power: a steep fall below the floor

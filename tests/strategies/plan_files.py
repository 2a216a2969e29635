"""Founder files for the plan-search tests: tiny markets whose answer is known by construction."""

from __future__ import annotations

from pathlib import Path

KNOWN = """name = "known"
description = "No team, no founder progress, no managed infra: only a hire moves the product."
extends = "baseline"

[market]
weeks = 30

[candidates]
n_ml = 300

[startups]
n = 30

[bigtech]
n_bigtech = 3
n_labs = 2

[progress]
founder_fit = 0.0
weeks_to_milestone = { pre_seed = 40, seed = 10, series_a = 60, series_b = 70 }

[focal]
stage = "seed"
cash_musd = 4.0
other_burn = 30.0
progress = 0.8
initial_team = 0
ml_team_target = 0
precise_titles = true
focused_jd = true
lean_process = true
explained_pay = true
builder_screen = false
managed_infra = false

[search]
pay_mult = [1.0, 1.0]
equity_mult = [1.0, 1.0]
levers = []
stale_response = []

[[search.seats]]
role = "ml_engineer"
seniority = "mid"
week = [1, 60]
optional = true
"""
"""With no ML staff, no founder progress (``founder_fit = 0``) and no managed
infrastructure, the product moves only once someone is hired. The current plan hires
nobody (``ml_team_target = 0``), and so does every plan the search may try that leaves
the seat out or opens it after the 30-week horizon: their P(milestone) is 0 by
construction."""

HORIZON = 30

SEARCH = """
[search]
pay_mult = [0.9, 1.2]
equity_mult = [1.0, 1.0]
levers = ["explained_pay"]
stale_response = ["none", "raise_offer"]
strategy = []
"""
"""A small space over a founder's own company (the seed example's, in a tiny market)."""

SMALL_FOUNDER = """name = "small_founder"
description = "A seed startup in a tiny market."
extends = "baseline"

[market]
weeks = 20

[candidates]
n_ml = 300

[startups]
n = 30

[bigtech]
n_bigtech = 3
n_labs = 2

[focal]
stage = "seed"
cash_musd = 4.0
other_burn = 30.0
progress = 0.3
ml_team_target = 3
initial_team = 1
"""


def write(tmp_path: Path, text: str, name: str = "founder.toml") -> Path:
    """Write a founder file into ``tmp_path`` and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_search(text: str, search: str) -> str:
    """``text`` with its ``[search]`` table (to the end) replaced by ``search``."""
    head = text.split("[search]")[0] if "[search]" in text else text
    return head.rstrip() + "\n" + search

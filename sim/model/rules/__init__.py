"""Decision rules the weekly phases call.

How a candidate values an offer (DESIGN §3.4), which seat a startup hires next (M6),
and who works where at week 0.
"""

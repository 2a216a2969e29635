"""The market's state, as struct-of-arrays tables.

Candidates and firms, and the record tables (requisitions, live processes, events)
that the weekly phases read and write.
"""

"""Reputation scores: the math (formulas, windows), its PostgreSQL form (sql) and the choice
between them (aggregates). Storing and publishing snapshots is reviews/services/scores.py.
"""

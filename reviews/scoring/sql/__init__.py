"""The snapshot of every requester, computed and encoded by PostgreSQL in one statement:
the statement's text (statements.py) and running it (running.py)."""

from reviews.scoring.sql.running import (
    PREPARED_NAME,
    configure_full_pass,
    params,
    snapshots,
    stream_snapshots,
)
from reviews.scoring.sql.statements import piece_statements

__all__ = [
    "PREPARED_NAME",
    "configure_full_pass",
    "params",
    "piece_statements",
    "snapshots",
    "stream_snapshots",
]

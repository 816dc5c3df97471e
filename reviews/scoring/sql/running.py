"""Running the snapshot statement (reviews/scoring/sql/statements.py): its parameters, the
transaction's settings, the prepared statement of the incremental path and the streamed
full pass."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator

from django.db import connection

from reviews.models.fields import compact_json
from reviews.scoring import charts, formulas
from reviews.scoring.sql.statements import ALL_SNAPSHOTS_SQL, SNAPSHOTS_SQL


def params(
    *, now: float, since: float, priors: dict, prior_weight: float, half_life_days: float
) -> dict:
    """The statement's parameters: POSIX times, each platform's prior means by platform id."""
    return {
        "now": now,
        "since": since,
        "half_life": half_life_days,
        "max_half_lives": formulas.MAX_HALF_LIVES,
        "prior_weight": float(prior_weight),
        "priors": compact_json({str(pk): means for pk, means in priors.items()}),
        "series_start": charts.series_start(now),
    }


def _configure(cursor, *, work_mem: str, parallel: bool = True) -> None:
    """Settings for this transaction. Numbers are written as the shortest text that reads
    back as the same float (PostgreSQL's default, stated so no session setting changes
    it). The statement is a large expression: compiling it (JIT) costs more than it saves.
    The sorts take the memory they need instead of spilling to disk."""
    cursor.execute("SET LOCAL extra_float_digits = 1")
    cursor.execute("SET LOCAL jit = off")
    cursor.execute(f"SET LOCAL work_mem = '{work_mem}'")
    if not parallel:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


def configure_full_pass(cursor, *, parts: int) -> None:
    """The full recompute's settings: memory for its sorts, and no parallel workers of its
    own when several parts run side by side (one per core)."""
    _configure(cursor, work_mem="256MB", parallel=parts == 1)


def _positional(sql: str) -> tuple[str, list[str]]:
    """The statement with $1, $2… for its named parameters (for PREPARE), and their names."""
    names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", sql)))
    numbered = re.sub(r"%\((\w+)\)s", lambda m: f"${names.index(m.group(1)) + 1}", sql)
    return numbered.replace("%%", "%"), names


# Parsing and planning this statement takes several times as long as running it for one
# requester, so each connection prepares it once (a generic plan: the ids are an array
# whatever their number). The connections that have it prepared are remembered here; a new
# connection (after a reconnect) prepares it again.
PREPARED_NAME = "lantern_requester_snapshots"
_PREPARED_SQL, _PREPARED_PARAMS = _positional(SNAPSHOTS_SQL)
_prepared_on: weakref.WeakSet = weakref.WeakSet()


def snapshots(
    ids: list[int], statement_params: dict
) -> list[tuple[int, int, float | None, str, str]]:
    """(requester id, review count, median wage, snapshot JSON, chart data JSON) for these
    requesters; must run inside a transaction (the settings are local to it)."""
    values = {**statement_params, "ids": ids}
    with connection.cursor() as cursor:
        _configure(cursor, work_mem="32MB")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        if connection.connection not in _prepared_on:
            cursor.execute(f"PREPARE {PREPARED_NAME} AS {_PREPARED_SQL}")
            _prepared_on.add(connection.connection)
        placeholders = ", ".join(["%s"] * len(_PREPARED_PARAMS))
        cursor.execute(
            f"EXECUTE {PREPARED_NAME} ({placeholders})",
            [values[name] for name in _PREPARED_PARAMS],
        )
        return cursor.fetchall()


def stream_snapshots(
    *, part: int, parts: int, statement_params: dict
) -> Iterator[tuple[int, int, float | None, str, str]]:
    """The same rows for every requester whose id is `part` modulo `parts`, in id order,
    through a server-side cursor (memory holds a batch); inside a transaction.

    With several parts the parts are meant to run side by side, one per core, so none of
    them starts parallel workers of its own.
    """
    with connection.cursor() as cursor:
        configure_full_pass(cursor, parts=parts)
    with connection.chunked_cursor() as cursor:
        cursor.execute(ALL_SNAPSHOTS_SQL, {**statement_params, "part": part, "parts": parts})
        yield from cursor

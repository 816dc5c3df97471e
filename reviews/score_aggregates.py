"""Sufficient statistics of published reviews, per requester and window.

On PostgreSQL one GROUP BY computes them for a whole chunk of requesters (quartiles with
percentile_cont), or, for the nightly recompute, for every requester in one pass over the
reviews (stream_all_windows). Elsewhere (SQLite, the
embedded default) the same numbers are computed in Python from the rows with the pure
functions of reviews/scoring.py. Either way the result feeds scoring.window_from_stats,
so both paths publish snapshots of one shape.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connection

from reviews import scoring
from reviews.models import Review

WINDOWS = ("all", "recent")

# date_part, not extract: since PostgreSQL 14 extract() computes a numeric, which made
# this part of the query several times slower than the rest together.
_ROW_SQL = """
    SELECT requester_id,
        date_part('epoch', created_at) AS ts,
        CASE WHEN NOT did_not_finish AND time_worked_seconds > 0
             THEN (reward + bonus)::float8 * 3600 / time_worked_seconds END AS wage,
        reward + bonus AS pay, time_worked_seconds AS secs,
        outcome, approval_seconds, blocked, communication, recommend,
        tos_violation, broken_task, unpaid_screener,
        rating_pay, rating_fair, rating_fast, rating_comm,
        power(0.5::float8,
              least(greatest(%(now)s - date_part('epoch', created_at), 0)
                    / 86400.0 / %(half_life)s, %(max_half_lives)s)) AS w
    FROM reviews_review
    WHERE status = 'published' {requesters}
"""


def _columns() -> list[str]:
    """One window's statistics, in the order of scoring.SQL_STAT_FIELDS.

    A window is its own GROUP BY over its own rows (see _AGGREGATE_SQL): FILTER clauses that
    pick a window's rows inside one GROUP BY cost PostgreSQL more than reading rows twice.
    percentile_cont and count(column) skip NULLs, so the wage needs no filter of its own.
    """
    paid = "FILTER (WHERE wage IS NOT NULL)"
    columns = [
        "count(*)",
        "max(ts)",
        "percentile_cont(ARRAY[0.25, 0.5, 0.75]::float8[]) WITHIN GROUP (ORDER BY wage)",
        "count(wage)",
        # float8 in SQL: a numeric would arrive as a Decimal, made and dropped per row.
        f"(sum(pay) {paid})::float8",
        f"sum(secs) {paid}",
        "count(*) FILTER (WHERE outcome IN ('rejected', 'partially_rejected'))",
        "count(*) FILTER (WHERE outcome <> 'pending')",
        "count(*) FILTER (WHERE blocked)",
        "count(*) FILTER (WHERE recommend)",
        "count(recommend)",
        "count(*) FILTER (WHERE communication = 'responsive')",
        "count(*) FILTER (WHERE communication <> 'not_contacted')",
        "count(*) FILTER (WHERE tos_violation)",
        "count(*) FILTER (WHERE broken_task)",
        "count(*) FILTER (WHERE unpaid_screener)",
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY approval_seconds) "
        "FILTER (WHERE outcome <> 'pending')",
        "count(approval_seconds) FILTER (WHERE outcome <> 'pending')",
        "count(*) FILTER (WHERE outcome = 'pending')",
    ]
    for attr in scoring.RATING_ATTRIBUTES:
        col = f"rating_{attr}"
        columns += [
            f"sum({col})",
            f"count({col})",
            f"sum(w * {col})",
            f"sum(w) FILTER (WHERE {col} IS NOT NULL)",
        ]
    return columns


def _aggregate_sql(requesters: str) -> str:
    # Built from constants above; every value is a bound parameter.
    rows = _ROW_SQL.format(requesters=requesters)
    return (
        f"WITH r AS ({rows}) "  # noqa: S608
        f"SELECT 'all', requester_id, {', '.join(_columns())} FROM r GROUP BY requester_id "
        "UNION ALL "
        f"SELECT 'recent', requester_id, {', '.join(_columns())} FROM r "
        "WHERE ts >= %(since)s GROUP BY requester_id"
    )


_AGGREGATE_SQL = _aggregate_sql("AND requester_id = ANY(%(ids)s)")
# Every requester in one pass over the reviews, in requester order (the full recompute).
_AGGREGATE_ALL_SQL = _aggregate_sql("") + " ORDER BY 2, 1"


def _sql_params(*, now: float, since: float, half_life_days: float, **more) -> dict:
    return {
        "now": now,
        "since": since,
        "half_life": half_life_days,
        "max_half_lives": scoring.MAX_HALF_LIVES,
        **more,
    }


def _empty_windows() -> dict[str, scoring.WindowStats]:
    return {"all": scoring.WindowStats.empty(), "recent": scoring.WindowStats.empty()}


def _aggregate_postgresql(
    ids: list[int], *, now: float, since: float, half_life_days: float
) -> dict[int, dict[str, scoring.WindowStats]]:
    result = {}
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # The GROUP BYs sort a chunk's rows; the default 4 MB sent them to disk.
            cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute(
            _AGGREGATE_SQL,
            _sql_params(now=now, since=since, half_life_days=half_life_days, ids=ids),
        )
        for window, requester_id, *values in cursor.fetchall():
            windows = result.setdefault(requester_id, _empty_windows())
            windows[window] = scoring.WindowStats.from_sql_values(values)
    return result


def stream_all_windows(
    *, now: float, since: float, half_life_days: float
) -> Iterator[tuple[int, dict[str, scoring.WindowStats]]]:
    """(requester id, statistics of both windows) for every requester with published
    reviews, in requester order, from one pass over the reviews (PostgreSQL only).

    The full recompute reads this instead of aggregating chunk by chunk: looking each
    chunk's reviews up through the requester index cost five times one sequential pass.
    The rows come through a server-side cursor, so memory holds a batch, not the table;
    the caller must be inside a transaction (the cursor's).
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")  # the sorts of the whole table
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            _AGGREGATE_ALL_SQL, _sql_params(now=now, since=since, half_life_days=half_life_days)
        )
        current, windows = None, _empty_windows()
        for window, requester_id, *values in cursor:
            if requester_id != current:
                if current is not None:
                    yield current, windows
                current, windows = requester_id, _empty_windows()
            windows[window] = scoring.WindowStats.from_sql_values(values)
        if current is not None:
            yield current, windows


_FACT_FIELDS = (
    "requester_id",
    "created_at",
    "reward",
    "bonus",
    "time_worked_seconds",
    "did_not_finish",
    "outcome",
    "approval_seconds",
    "blocked",
    "communication",
    "recommend",
    "tos_violation",
    "broken_task",
    "unpaid_screener",
    "rating_pay",
    "rating_fair",
    "rating_fast",
    "rating_comm",
)


def review_facts(rows: Iterable[dict]) -> Iterable[tuple[int, scoring.ReviewFacts]]:
    for row in rows:
        yield (
            row["requester_id"],
            scoring.ReviewFacts(
                created_at=row["created_at"].timestamp(),
                total_pay=row["reward"] + row["bonus"],
                time_worked_seconds=row["time_worked_seconds"],
                did_not_finish=row["did_not_finish"],
                outcome=row["outcome"],
                approval_seconds=row["approval_seconds"],
                blocked=row["blocked"],
                communication=row["communication"],
                recommend=row["recommend"],
                tos_violation=row["tos_violation"],
                broken_task=row["broken_task"],
                unpaid_screener=row["unpaid_screener"],
                ratings={attr: row[f"rating_{attr}"] for attr in scoring.RATING_ATTRIBUTES},
            ),
        )


def _aggregate_python(
    ids: list[int], *, now: float, since: float, half_life_days: float
) -> dict[int, dict[str, scoring.WindowStats]]:
    rows = Review.objects.filter(status=Review.Status.PUBLISHED, requester_id__in=ids).values(
        *_FACT_FIELDS
    )
    by_requester: dict[int, list[scoring.ReviewFacts]] = defaultdict(list)
    for requester_id, facts in review_facts(rows.iterator(chunk_size=2000)):
        by_requester[requester_id].append(facts)
    return {
        requester_id: {
            "all": scoring.window_stats(facts, now=now, since=None, half_life_days=half_life_days),
            "recent": scoring.window_stats(
                facts, now=now, since=since, half_life_days=half_life_days
            ),
        }
        for requester_id, facts in by_requester.items()
    }


def aggregate_windows(
    requester_ids: list[int], *, now: float, since: float, half_life_days: float
) -> dict[int, dict[str, scoring.WindowStats]]:
    """Statistics of both windows for each requester that has published reviews."""
    if not requester_ids:
        return {}
    if connection.vendor == "postgresql":
        return _aggregate_postgresql(
            requester_ids, now=now, since=since, half_life_days=half_life_days
        )
    return _aggregate_python(requester_ids, now=now, since=since, half_life_days=half_life_days)

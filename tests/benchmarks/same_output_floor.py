"""The same-output floor of the score recompute: the plainest correct SQL for the snapshots.

Written for the benchmark only, on purpose without anything reviews/scoring/sql/ does to
be fast, and without its code: one ``CREATE UNLOGGED TABLE … AS SELECT`` that computes every
number of both windows with the ordinary aggregates (``percentile_cont`` for the quartiles
and medians, ``count``/``sum`` with ``FILTER``), the Wilson bounds, roundings and Bayesian
averages as SQL expressions (small SQL functions, which PostgreSQL inlines), and builds each
snapshot with ``json_build_object``, the ordinary way to make JSON in PostgreSQL. Nothing is
published and nothing else is written: a lower bound for computing and storing the output.

``compare`` checks that it computed what ``scores_recompute_all`` stored, number for number.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from reviews.scoring import charts, formulas

TABLE = "bench_same_output_floor"

# Rounding as the snapshot rounds (scale, round half-even, scale back; Wilson bounds outward).
# Each function is one expression without FROM, so PostgreSQL inlines it into the query
# (STABLE because json_build_object is): no function call per row.
FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION pg_temp.rnd(x float8, places int) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
    SELECT round(x * 10.0::float8 ^ places) / 10.0::float8 ^ places + 0 $$;
CREATE OR REPLACE FUNCTION pg_temp.confidence(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN n <= 0 THEN 'none' WHEN n < %(medium)s THEN 'low'
                WHEN n < %(high)s THEN 'medium' ELSE 'high' END $$;
CREATE OR REPLACE FUNCTION pg_temp.wilson_centre(p float8, t float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (p + %(z)s::float8 * %(z)s::float8 / (2 * t))
           / (1 + %(z)s::float8 * %(z)s::float8 / t) $$;
CREATE OR REPLACE FUNCTION pg_temp.wilson_half(p float8, t float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
    SELECT %(z)s::float8 * sqrt(p * (1 - p) / t + %(z)s::float8 * %(z)s::float8 / (4 * t * t))
           / (1 + %(z)s::float8 * %(z)s::float8 / t) $$;
CREATE OR REPLACE FUNCTION pg_temp.rate(k bigint, n bigint) RETURNS json
    LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'count', k, 'total', n,
        'low', CASE WHEN n = 0 OR k = 0 THEN 0 ELSE floor(greatest(0,
                   pg_temp.wilson_centre(k::float8 / n, n) - pg_temp.wilson_half(k::float8 / n, n))
                   * 1e4::float8) / 1e4::float8 + 0 END,
        'high', CASE WHEN k = n THEN 1 ELSE ceil(least(1,
                   pg_temp.wilson_centre(k::float8 / n, n) + pg_temp.wilson_half(k::float8 / n, n))
                   * 1e4::float8) / 1e4::float8 + 0 END) $$;
CREATE OR REPLACE FUNCTION pg_temp.bayes(wsum float8, wtotal float8, prior float8, m float8)
    RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN m + wtotal = 0 THEN NULL WHEN wtotal = 0 THEN prior
                ELSE (m * prior + wsum) / (m + wtotal) END $$;
"""

# One row per published review, with what the snapshot reads of it.
_REVIEWS = """
    SELECT requester_id, date_part('epoch', created_at) AS ts,
        date_part('epoch', created_at) >= %(since)s AS recent,
        CASE WHEN NOT did_not_finish AND time_worked_seconds > 0
             THEN (reward + bonus)::float8 * 3600 / time_worked_seconds END AS wage,
        reward + bonus AS pay, time_worked_seconds AS secs, outcome, blocked, communication,
        recommend, tos_violation, broken_task, unpaid_screener, approval_seconds,
        rating_pay, rating_fair, rating_fast, rating_comm,
        power(0.5::float8, least(greatest(%(now)s - date_part('epoch', created_at), 0)
                                 / 86400.0 / %(half_life)s, %(max_half_lives)s)) AS w
    FROM reviews_review WHERE status = 'published'
"""

_ATTRS = formulas.RATING_ATTRIBUTES


def _stats(w: str, where: str) -> str:
    """The aggregates of one window (`where` selects its rows), prefixed `w`."""
    f = f"FILTER (WHERE {where})"
    paid = f"FILTER (WHERE {where} AND wage IS NOT NULL)"
    approval = f"FILTER (WHERE {where} AND outcome <> 'pending' AND approval_seconds IS NOT NULL)"
    columns = [
        f"count(*) {f} AS {w}n",
        f"max(ts) {f} AS {w}last",
        # One sort for the three quartiles.
        f"percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY wage) {paid}"
        f" AS {w}quartiles",
        f"count(wage) {f} AS {w}wage_n",
        f"coalesce(sum(pay) {paid}, 0)::float8 AS {w}pay",
        f"coalesce(sum(secs) {paid}, 0) AS {w}secs",
        f"count(*) FILTER (WHERE {where} AND outcome IN ('rejected', 'partially_rejected'))"
        f" AS {w}rejected",
        f"count(*) FILTER (WHERE {where} AND outcome <> 'pending') AS {w}decided",
        f"count(*) FILTER (WHERE {where} AND blocked) AS {w}blocked",
        f"count(*) FILTER (WHERE {where} AND recommend) AS {w}rec_yes",
        f"count(recommend) {f} AS {w}rec_n",
        f"count(*) FILTER (WHERE {where} AND communication = 'responsive') AS {w}responsive",
        f"count(*) FILTER (WHERE {where} AND communication <> 'not_contacted') AS {w}contacted",
        f"count(*) FILTER (WHERE {where} AND tos_violation) AS {w}tos",
        f"count(*) FILTER (WHERE {where} AND broken_task) AS {w}broken",
        f"count(*) FILTER (WHERE {where} AND unpaid_screener) AS {w}screener",
        f"percentile_cont(0.5) WITHIN GROUP (ORDER BY approval_seconds) {approval} AS {w}approval",
        f"count(approval_seconds) {approval} AS {w}approval_n",
        f"count(*) FILTER (WHERE {where} AND outcome = 'pending') AS {w}pending",
    ]
    for a in _ATTRS:
        columns += [
            f"coalesce(sum(rating_{a}) {f}, 0) AS {w}{a}_sum",
            f"count(rating_{a}) {f} AS {w}{a}_n",
            f"coalesce(sum(w * rating_{a}) {f}, 0) AS {w}{a}_wsum",
            f"coalesce(sum(w) FILTER (WHERE {where} AND rating_{a} IS NOT NULL), 0)"
            f" AS {w}{a}_wtotal",
        ]
    return ",\n        ".join(columns)


def _window_json(w: str) -> str:
    """json_build_object of one window from its aggregates (NULL ones are no reviews)."""

    def c(name: str) -> str:
        return f"coalesce(s.{w}{name}, 0)"

    def rate(k: str, n: str) -> str:
        return f"pg_temp.rate({c(k)}, {c(n)})"

    ratings = ", ".join(
        f"""'{a}', json_build_object(
            'mean', pg_temp.rnd({c(a + "_sum")}::float8 / nullif({c(a + "_n")}, 0), 4),
            'n', {c(a + "_n")},
            'bayes', pg_temp.rnd(pg_temp.bayes({c(a + "_wsum")}, {c(a + "_wtotal")},
                                               pr.{a}, %(prior_weight)s), 4),
            'confidence', pg_temp.confidence({c(a + "_n")}))"""
        for a in _ATTRS
    )
    pay = f"pg_temp.rnd({c('pay')}, 2)"
    return f"""json_build_object(
        'n', {c("n")},
        'last_review_at', s.{w}last,
        'confidence', pg_temp.confidence({c("n")}),
        'wage', json_build_object(
            'median', pg_temp.rnd(s.{w}quartiles[2], 2),
            'p25', pg_temp.rnd(s.{w}quartiles[1], 2),
            'p75', pg_temp.rnd(s.{w}quartiles[3], 2),
            'pooled', pg_temp.rnd({pay} * 3600 / nullif({c("secs")}, 0), 2),
            'n', {c("wage_n")},
            'pay_total', {pay},
            'seconds_total', {c("secs")}),
        'rates', json_build_object(
            'rejected', {rate("rejected", "decided")},
            'blocked', {rate("blocked", "n")},
            'recommend', {rate("rec_yes", "rec_n")},
            'responsive', {rate("responsive", "contacted")},
            'tos', {rate("tos", "n")},
            'broken', {rate("broken", "n")},
            'unpaid_screener', {rate("screener", "n")}),
        'approval', json_build_object(
            'median_seconds', pg_temp.rnd(s.{w}approval, 1),
            'n', {c("approval_n")},
            'pending', {c("pending")}),
        'ratings', json_build_object({ratings}))"""


# The chart data (reviews/scoring/charts.py): the all-time wage histogram as counts with
# FILTER, and per month of the series the count, percentile_cont median and rejections.
_BINS = ", ".join(
    f"count(*) FILTER (WHERE wage IS NOT NULL AND "
    f"least(greatest(floor(wage / {charts.WAGE_BIN_WIDTH!r}), 0), {charts.WAGE_BINS - 1}) = {k})"
    for k in range(charts.WAGE_BINS)
)
_MONTHS = """
    SELECT requester_id, json_agg(json_build_object(
        'month', month, 'n', n, 'wage_median', pg_temp.rnd(median, 2), 'wage_n', wage_n,
        'rejected', rejected, 'decided', decided) ORDER BY month) AS months
    FROM (
        SELECT requester_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
            count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY wage) AS median,
            count(wage) AS wage_n,
            count(*) FILTER (WHERE outcome IN ('rejected', 'partially_rejected')) AS rejected,
            count(*) FILTER (WHERE outcome <> 'pending') AS decided
        FROM (
            SELECT requester_id, created_at, outcome,
                CASE WHEN NOT did_not_finish AND time_worked_seconds > 0
                     THEN (reward + bonus)::float8 * 3600 / time_worked_seconds END AS wage
            FROM reviews_review
            WHERE status = 'published' AND created_at >= to_timestamp(%(series_start)s)
                AND {where}
        ) r
        GROUP BY requester_id, month
    ) per_month
    GROUP BY requester_id
"""


def floor_sql(table: str = TABLE, where: str = "true") -> str:
    priors = ", ".join(
        f"coalesce((%(priors)s::jsonb -> q.platform_id::text ->> '{a}')::float8, 3.0) AS {a}"
        for a in _ATTRS
    )
    return f"""
    CREATE UNLOGGED TABLE {table} AS
    SELECT q.id AS requester_id, coalesce(s.a_n, 0) AS review_count,
        pg_temp.rnd(s.a_quartiles[2], 2) AS wage_median,
        json_build_object('all', {_window_json("a_")}, 'recent', {_window_json("r_")}) AS data,
        json_build_object(
            'wage_bins', coalesce(s.bins, array_fill(0::bigint, ARRAY[{charts.WAGE_BINS}])),
            'months', coalesce(m.months, '[]'::json)) AS charts
    FROM reviews_requester q
    LEFT JOIN (
        SELECT requester_id,
        {_stats("a_", "true")},
        {_stats("r_", "recent")},
        ARRAY[{_BINS}] AS bins
        FROM ({_REVIEWS} AND {where.replace("q.id", "requester_id")}) r GROUP BY requester_id
    ) s ON s.requester_id = q.id
    LEFT JOIN ({_MONTHS.format(where=where.replace("q.id", "requester_id"))}) m
        ON m.requester_id = q.id
    CROSS JOIN LATERAL (SELECT {priors}) pr
    WHERE {where}
    """  # noqa: S608


def _values(statement_params: dict) -> dict:
    return {
        **statement_params,
        "medium": formulas.CONFIDENCE_MEDIUM,
        "high": formulas.CONFIDENCE_HIGH,
        "z": formulas.Z_95,
    }


def _create_functions(cursor, values: dict) -> None:
    for statement in FUNCTIONS_SQL.split(";\n"):
        if statement.strip():
            # The function bodies are literal text: the constants are substituted here.
            cursor.execute(statement % {k: values[k] for k in ("medium", "high", "z")})


def run(statement_params: dict) -> None:
    """Compute every snapshot into a fresh unlogged table, in one statement."""
    values = _values(statement_params)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")  # noqa: S608
        _create_functions(cursor, values)
        cursor.execute(floor_sql(), values)


def run_in_parts(statement_params: dict, parts: int) -> None:
    """The same statement split by requester id modulo `parts`, the parts side by side on
    connections of their own (as scores_recompute_all splits its work); the parts' tables
    together hold what run() writes."""
    values = _values(statement_params)

    def part(number: int) -> None:
        table = f"{TABLE}_{number}"
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608
                _create_functions(cursor, values)
                cursor.execute(floor_sql(table, f"q.id %% {parts} = {number}"), values)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=parts) as pool:
        for done in [pool.submit(part, number) for number in range(parts)]:
            done.result()


def _differences(ours, theirs, path: str = "") -> list[str]:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        if list(ours) != list(theirs):
            return [f"{path}: keys {list(ours)} != {list(theirs)}"]
        return [d for k in ours for d in _differences(ours[k], theirs[k], f"{path}.{k}")]
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return [f"{path}: {len(ours)} items != {len(theirs)}"]
        return [
            d
            for i, pair in enumerate(zip(ours, theirs, strict=True))
            for d in _differences(*pair, f"{path}[{i}]")
        ]
    if isinstance(ours, (bool, str)) or ours is None or theirs is None:
        return [] if ours == theirs else [f"{path}: {ours!r} != {theirs!r}"]
    if math.isclose(float(ours), float(theirs), rel_tol=1e-12, abs_tol=1e-12):
        return []
    return [f"{path}: {ours!r} != {theirs!r}"]


def compare(requester_ids: list[int]) -> list[str]:
    """The differences between the stored snapshots and the floor's, for these requesters."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.requester_id, s.data, f.data::text, s.charts, f.charts::text "  # noqa: S608
            f"FROM reviews_requesterscore s "
            f"JOIN {TABLE} f USING (requester_id) WHERE s.requester_id = ANY(%s)",
            [requester_ids],
        )
        rows = cursor.fetchall()
    if len(rows) != len(requester_ids):
        return [f"compared {len(rows)} of {len(requester_ids)} requesters"]
    problems = []
    for pk, ours, theirs, our_charts, their_charts in rows:
        for mine, floors in ((ours, theirs), (our_charts, their_charts)):
            mine = mine if isinstance(mine, dict) else json.loads(mine)
            problems += [f"requester {pk}{d}" for d in _differences(mine, json.loads(floors))]
    return problems

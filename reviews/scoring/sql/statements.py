"""The snapshot of every requester, computed and encoded by PostgreSQL in one statement.

On PostgreSQL this replaces reading each window's sufficient statistics into Python and
running ``windows.window_from_stats`` there: the full recompute spent most of its time in
those two steps, not in SQL. The SQL below is ``window_from_stats`` written as expressions
over the same statistics, with the same float operations in the same order and the same
rounding (``formulas.rounded`` scales, rounds half-even and divides, which is what
PostgreSQL's ``round(double precision)`` does too), so it produces the same numbers;
``tests/reviews/scoring/test_sql.py`` checks that against the Python on random reviews.

Two things keep the statement fast:

* Quartiles come from arrays aggregated over rows sorted once (by requester, then by value)
  rather than from ``percentile_cont``, which sorts each requester's rows on its own and
  cost three times everything else together.
* The snapshot leaves the database as compact JSON text, built by concatenation: it is
  stored as it is (``RequesterScore.data`` is text, see reviews/models/scores.py) and
  published as it is, so nothing is parsed or re-encoded on the way.

The same statement computes each requester's chart data (reviews/scoring/charts.py): the
wage histogram as counts in the all-time pass, the monthly series in one more grouped
subquery, as a second JSON text column.

The text is value-for-value what ``orjson.dumps(window_from_stats(...))`` writes, with the
same keys in the same order; only number formatting may differ (``3`` where Python writes
``3.0``), which JSON doesn't distinguish.
"""

from __future__ import annotations

from reviews.scoring import charts, formulas

# The statistics of one window, by name, as aggregates over its reviews (_REVIEWS_SQL).
_PAID = "FILTER (WHERE wage IS NOT NULL)"
_WINDOW_STATS = {
    "n": "count(*)",
    "last": "max(ts)",
    "wages": f"array_agg(wage) {_PAID}",
    "pay": f"(sum(pay) {_PAID})::float8",
    "secs": f"sum(secs) {_PAID}",
    "rejected": "count(*) FILTER (WHERE outcome IN ('rejected', 'partially_rejected'))",
    "decided": "count(*) FILTER (WHERE outcome <> 'pending')",
    "blocked": "count(*) FILTER (WHERE blocked)",
    "recommend_yes": "count(*) FILTER (WHERE recommend)",
    "recommend_answered": "count(recommend)",
    "responsive": "count(*) FILTER (WHERE communication = 'responsive')",
    "contacted": "count(*) FILTER (WHERE communication <> 'not_contacted')",
    "tos": "count(*) FILTER (WHERE tos_violation)",
    "broken": "count(*) FILTER (WHERE broken_task)",
    "unpaid_screener": "count(*) FILTER (WHERE unpaid_screener)",
    "pending": "count(*) FILTER (WHERE outcome = 'pending')",
    **{
        f"{attr}_{part}": expression.format(col=f"rating_{attr}")
        for attr in formulas.RATING_ATTRIBUTES
        for part, expression in (
            ("sum", "sum({col})"),
            ("n", "count({col})"),
            ("wsum", "sum(w * {col})"),
            ("wtotal", "sum(w) FILTER (WHERE {col} IS NOT NULL)"),
        )
    },
}

# A review's hourly wage (windows.ReviewFacts.wage): none for an unfinished task or one
# without a time worked; and its bin in the wage histogram (charts.wage_bin), none either.
# (greatest() and least() skip NULLs, so the bin needs its own CASE.)
_PAID_REVIEW = "NOT did_not_finish AND time_worked_seconds > 0"
_WAGE_VALUE = "(reward + bonus)::float8 * 3600 / time_worked_seconds"
_WAGE = f"CASE WHEN {_PAID_REVIEW} THEN {_WAGE_VALUE} END"
_WAGE_BIN = (
    f"CASE WHEN {_PAID_REVIEW} THEN least(greatest(floor(({_WAGE_VALUE}) "
    f"/ {charts.WAGE_BIN_WIDTH!r}::float8), 0), {charts.WAGE_BINS - 1}) END"
)

# One row per published review of a window. Sorted by wage within each requester, so that
# array_agg collects each requester's wages in order (it keeps its input's order; NULLs
# sort last). date_part, not extract: since PostgreSQL 14 extract() computes a numeric,
# several times slower. The weight is formulas.recency_weight, capped the same way.
_REVIEWS_SQL = f"""
    SELECT requester_id, date_part('epoch', created_at) AS ts,
        {_WAGE} AS wage, {_WAGE_BIN} AS wage_bin,
        reward + bonus AS pay, time_worked_seconds AS secs,
        outcome, blocked, communication, recommend, tos_violation, broken_task,
        unpaid_screener, rating_pay, rating_fair, rating_fast, rating_comm,
        power(0.5::float8,
              least(greatest(%(now)s - date_part('epoch', created_at), 0)
                    / 86400.0 / %(half_life)s, %(max_half_lives)s)) AS w
    FROM reviews_review
    WHERE status = 'published' {{reviews}}
    ORDER BY requester_id, wage
"""  # noqa: S608
# The recent window's reviews (windows.window_stats keeps created_at >= since).
_RECENT = "AND date_part('epoch', created_at) >= %(since)s"

# Times to approval of decided reviews, sorted the same way, for the medians.
_APPROVALS_SQL = """
    SELECT requester_id, array_agg(approval_seconds) AS a_approvals,
        array_agg(approval_seconds) FILTER (WHERE date_part('epoch', created_at) >= %(since)s)
            AS r_approvals
    FROM (
        SELECT requester_id, approval_seconds, created_at FROM reviews_review
        WHERE status = 'published' AND outcome <> 'pending' AND approval_seconds IS NOT NULL
            {reviews}
        ORDER BY requester_id, approval_seconds
    ) sorted
    GROUP BY requester_id
"""


# The all-time window's wage histogram, counted in the same pass (charts.wage_histogram).
_BIN_STATS = {f"bin{k}": f"count(*) FILTER (WHERE wage_bin = {k})" for k in range(charts.WAGE_BINS)}


def _stats_sql(prefix: str, reviews: str, extra: dict | None = None) -> str:
    stats = {**_WINDOW_STATS, **(extra or {})}
    columns = ", ".join(f"{sql} AS {prefix}_{name}" for name, sql in stats.items())
    rows = _REVIEWS_SQL.format(reviews=reviews)
    return f"SELECT requester_id, {columns} FROM ({rows}) sorted GROUP BY requester_id"  # noqa: S608


# ---- window_from_stats, as SQL expressions -------------------------------------------------


def _float(value: float) -> str:
    return f"{value!r}::float8"


def _rounded(expression: str, places: int) -> str:
    """formulas.rounded: NULL stays NULL, -0 becomes 0."""
    scale = _float(float(10**places))
    return f"(round(({expression}) * {scale}) / {scale} + 0::float8)"


def _rounded_down(expression: str, places: int) -> str:
    scale = _float(float(10**places))
    return f"(floor(({expression}) * {scale}) / {scale} + 0::float8)"


def _rounded_up(expression: str, places: int) -> str:
    scale = _float(float(10**places))
    return f"(ceil(({expression}) * {scale}) / {scale} + 0::float8)"


def _interpolated(values: str, fraction: float) -> str:
    """formulas._interpolate over a sorted array (1-based): NULL for an empty one."""
    position = f"({_float(fraction)} * (cardinality({values}) - 1))"
    first = f"{values}[floor({position})::int + 1]"
    second = f"{values}[ceil({position})::int + 1]"
    return (
        f"CASE WHEN floor({position}) = ceil({position}) THEN {first}::float8 "
        f"ELSE {first}::float8 + ({position} - floor({position})) "
        f"* ({second}::float8 - {first}::float8) END"
    )


def _wilson(successes: str, total: str) -> tuple[str, str]:
    """formulas._published_bounds: the Wilson interval, clamped, rounded outward."""
    z = _float(formulas.Z_95)
    n = f"{total}::float8"
    p = f"({successes}::float8 / {n})"
    z2 = f"({z} * {z})"
    denominator = f"(1 + {z2} / {n})"
    centre = f"(({p} + {z2} / (2 * {total})::float8) / {denominator})"
    half_width = (
        f"({z} * sqrt({p} * (1 - {p}) / {n} + {z2} / (4 * {total} * {total})::float8) "
        f"/ {denominator})"
    )
    low = _rounded_down(f"greatest(0::float8, {centre} - {half_width})", formulas.RATE_PLACES)
    high = _rounded_up(f"least(1::float8, {centre} + {half_width})", formulas.RATE_PLACES)
    low = f"CASE WHEN {total} = 0 OR {successes} = 0 THEN 0::float8 ELSE {low} END"
    high = f"CASE WHEN {successes} = {total} THEN 1::float8 ELSE {high} END"
    return low, high


def _confidence(n: str) -> str:
    return (
        f"CASE WHEN {n} <= 0 THEN 'none' WHEN {n} < {formulas.CONFIDENCE_MEDIUM} THEN 'low' "
        f"WHEN {n} < {formulas.CONFIDENCE_HIGH} THEN 'medium' ELSE 'high' END"
    )


class _Text(str):
    """A SQL expression that yields a JSON string's contents (quoted when rendered)."""


def _rate(successes: str, total: str) -> dict:
    low, high = _wilson(successes, total)
    return {"count": successes, "total": total, "low": low, "high": high}


def _window(prefix: str) -> dict:
    """The snapshot of one window (see windows.window_from_stats), as SQL expressions."""

    def stat(name: str, default: str = "0") -> str:
        return f"coalesce(s{prefix}.{prefix}_{name}, {default})"

    wages = f"s{prefix}.{prefix}_wages"
    pay, secs = stat("pay", "0::float8"), stat("secs")
    rounded_pay = _rounded(pay, formulas.PAY_INPUT_PLACES)
    pooled = f"CASE WHEN {secs} > 0 THEN {rounded_pay} * 3600 / {secs}::float8 END"
    approvals = f"p.{prefix}_approvals"
    n = stat("n")
    ratings = {}
    for attr in formulas.RATING_ATTRIBUTES:
        rated_n, total = stat(f"{attr}_n"), stat(f"{attr}_sum")
        wsum, wtotal = stat(f"{attr}_wsum", "0::float8"), stat(f"{attr}_wtotal", "0::float8")
        prior = f"pr.{attr}"
        bayes = (
            f"CASE WHEN %(prior_weight)s + {wtotal} = 0 THEN NULL WHEN {wtotal} = 0 THEN {prior} "
            f"ELSE (%(prior_weight)s * {prior} + {wsum}) / (%(prior_weight)s + {wtotal}) END"
        )
        ratings[attr] = {
            "mean": _rounded(
                f"CASE WHEN {rated_n} > 0 THEN {total}::float8 / {rated_n} END",
                formulas.RATING_PLACES,
            ),
            "n": rated_n,
            "bayes": _rounded(bayes, formulas.RATING_PLACES),
            "confidence": _Text(_confidence(rated_n)),
        }
    return {
        "n": n,
        "last_review_at": f"s{prefix}.{prefix}_last",
        "confidence": _Text(_confidence(n)),
        "wage": {
            "median": _rounded(_interpolated(wages, 0.5), formulas.MONEY_PLACES),
            "p25": _rounded(_interpolated(wages, 0.25), formulas.MONEY_PLACES),
            "p75": _rounded(_interpolated(wages, 0.75), formulas.MONEY_PLACES),
            "pooled": _rounded(pooled, formulas.MONEY_PLACES),
            "n": f"coalesce(cardinality({wages}), 0)",
            "pay_total": rounded_pay,
            "seconds_total": secs,
        },
        "rates": {
            "rejected": _rate(stat("rejected"), stat("decided")),
            "blocked": _rate(stat("blocked"), n),
            "recommend": _rate(stat("recommend_yes"), stat("recommend_answered")),
            "responsive": _rate(stat("responsive"), stat("contacted")),
            "tos": _rate(stat("tos"), n),
            "broken": _rate(stat("broken"), n),
            "unpaid_screener": _rate(stat("unpaid_screener"), n),
        },
        "approval": {
            "median_seconds": _rounded(_interpolated(approvals, 0.5), formulas.SECONDS_PLACES),
            "n": f"coalesce(cardinality({approvals}), 0)",
            "pending": stat("pending"),
        },
        "ratings": ratings,
    }


def _json_sql(value: dict) -> str:
    """One SQL expression that builds the compact JSON text of `value`.

    concat() builds its result once; a chain of || copies the growing text at every step.
    It takes at most 100 arguments, so each nested object is a concat() of its own.
    Neighbouring literals are merged (keys are plain names: no literal needs escaping).
    """
    if isinstance(value, _Text):
        return f"'\"' || ({value}) || '\"'"
    if isinstance(value, str):
        return f"coalesce(({value})::text, 'null')"
    pieces: list[tuple[bool, str]] = []
    for i, (key, item) in enumerate(value.items()):
        pieces.append((True, ("{" if i == 0 else ",") + f'"{key}":'))
        pieces.append((False, _json_sql(item)))
    pieces.append((True, "}"))
    merged: list[tuple[bool, str]] = []
    for literal, text in pieces:
        if literal and merged and merged[-1][0]:
            merged[-1] = (True, merged[-1][1] + text)
        else:
            merged.append((literal, text))
    return "concat(" + ", ".join(f"'{t}'" if lit else t for lit, t in merged) + ")"


# The monthly series (charts.monthly_series): one row per requester and month of the
# series, sorted by wage within each so that array_agg collects each month's wages in order,
# then one JSON array per requester (months are formatted once each, not per review).
def _months_sql(reviews: str) -> str:
    month_median = _rounded(_interpolated("wages", 0.5), formulas.MONEY_PLACES)
    return f"""
    SELECT requester_id, concat('[', string_agg(concat(
            '{{"month":"', to_char(month, 'YYYY-MM'), '","n":', n,
            ',"wage_median":', coalesce(({month_median})::text, 'null'),
            ',"wage_n":', coalesce(cardinality(wages), 0),
            ',"rejected":', rejected, ',"decided":', decided, '}}'), ',' ORDER BY month), ']')
        AS months
    FROM (
        SELECT requester_id, month, count(*) AS n,
            array_agg(wage) FILTER (WHERE wage IS NOT NULL) AS wages,
            count(*) FILTER (WHERE outcome IN ('rejected', 'partially_rejected')) AS rejected,
            count(*) FILTER (WHERE outcome <> 'pending') AS decided
        FROM (
            SELECT requester_id, date_trunc('month', created_at AT TIME ZONE 'UTC') AS month,
                {_WAGE} AS wage, outcome
            FROM reviews_review
            WHERE status = 'published' AND created_at >= to_timestamp(%(series_start)s)
                {reviews}
            ORDER BY requester_id, month, wage
        ) sorted
        GROUP BY requester_id, month
    ) per_month
    GROUP BY requester_id
"""  # noqa: S608


def _charts_json() -> str:
    """The chart data's JSON text, keys and order as charts.chart_data."""
    bins = ", ',', ".join(f"coalesce(sa.a_bin{k}, 0)" for k in range(charts.WAGE_BINS))
    return f"""concat('{{"wage_bins":[', {bins}, '],"months":', coalesce(mo.months, '[]'), '}}')"""


def _snapshot_sql(requesters: str, reviews: str) -> str:
    data = {"all": _window("a"), "recent": _window("r")}
    all_time = data["all"]
    priors = ", ".join(
        f"coalesce((%(priors)s::jsonb -> q.platform_id::text ->> '{a}')::float8, "
        f"{_float(formulas.NEUTRAL_RATING)}) AS {a}"
        for a in formulas.RATING_ATTRIBUTES
    )
    return f"""
        SELECT q.id, {all_time["n"]} AS n, {all_time["wage"]["median"]} AS wage,
            {_json_sql(data)} AS data, {_charts_json()} AS charts
        FROM reviews_requester q
        LEFT JOIN ({_stats_sql("a", reviews, _BIN_STATS)}) sa ON sa.requester_id = q.id
        LEFT JOIN ({_stats_sql("r", f"{reviews} {_RECENT}")}) sr ON sr.requester_id = q.id
        LEFT JOIN ({_APPROVALS_SQL.format(reviews=reviews)}) p ON p.requester_id = q.id
        LEFT JOIN ({_months_sql(reviews)}) mo ON mo.requester_id = q.id
        CROSS JOIN LATERAL (SELECT {priors}) pr
        WHERE true {requesters}
        ORDER BY q.id
    """  # noqa: S608


def piece_statements() -> dict[str, str]:
    """Each grouped pass of the full recompute's statement on its own, over every requester
    (parts=1): for measuring what each piece costs (tests/benchmarks/bench_scores.py)."""
    every = "AND requester_id %% %(parts)s = %(part)s"
    pieces = {
        "all-time stats + wage histogram": _stats_sql("a", every, _BIN_STATS),
        "recent stats": _stats_sql("r", f"{every} {_RECENT}"),
        "approval times": _APPROVALS_SQL.format(reviews=every),
        "monthly series (charts)": _months_sql(every),
    }
    return {name: f"SELECT count(*) FROM ({sql}) piece" for name, sql in pieces.items()}  # noqa: S608


# Some requesters: the incremental path.
SNAPSHOTS_SQL = _snapshot_sql("AND q.id = ANY(%(ids)s)", "AND requester_id = ANY(%(ids)s)")
# Every requester in one pass over the reviews, in requester order: the full recompute,
# one statement per part (requester id modulo parts) so that parts run side by side.
ALL_SNAPSHOTS_SQL = _snapshot_sql(
    "AND q.id %% %(parts)s = %(part)s", "AND requester_id %% %(parts)s = %(part)s"
)

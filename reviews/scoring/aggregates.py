"""Snapshots encoded for storing and publishing, one per requester.

On PostgreSQL the database computes and encodes them (reviews/scoring/sql/statements.py). Elsewhere
(SQLite, the embedded default) the reviews are read into Python and go through the pure
functions of reviews/scoring/windows.py. Both give the same numbers for the same reviews,
and tests/reviews/scoring/test_sql.py checks that they do.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection

from reviews.models import Requester, Review
from reviews.models.fields import compact_json
from reviews.scoring import charts, formulas, windows
from reviews.scoring import sql as score_sql


class EncodedSnapshot(NamedTuple):
    """A requester's snapshot as it is stored: both windows as compact JSON text, the two
    numbers beside it that search sorts by, and its chart data (reviews/scoring/charts.py)
    as compact JSON text."""

    review_count: int
    wage_median: float | None
    data_json: str
    charts_json: str


def encode_snapshot(data: dict, chart_data: dict) -> EncodedSnapshot:
    return EncodedSnapshot(
        data["all"]["n"],
        data["all"]["wage"]["median"],
        compact_json(data),
        compact_json(chart_data),
    )


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


def review_facts(rows: Iterable[dict]) -> Iterable[tuple[int, windows.ReviewFacts]]:
    for row in rows:
        yield (
            row["requester_id"],
            windows.ReviewFacts(
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
                ratings={attr: row[f"rating_{attr}"] for attr in formulas.RATING_ATTRIBUTES},
            ),
        )


def _python_snapshots(
    ids: list[int],
    *,
    now: float,
    since: float,
    priors: dict,
    prior_weight: float,
    half_life_days: float,
) -> dict[int, EncodedSnapshot]:
    rows = Review.objects.filter(status=Review.Status.PUBLISHED, requester_id__in=ids).values(
        *_FACT_FIELDS
    )
    by_requester: dict[int, list[windows.ReviewFacts]] = defaultdict(list)
    for requester_id, facts in review_facts(rows.iterator(chunk_size=2000)):
        by_requester[requester_id].append(facts)
    platforms = dict(Requester.objects.filter(pk__in=ids).values_list("pk", "platform_id"))
    return {
        pk: encode_snapshot(
            {
                window: windows.window_snapshot(
                    by_requester.get(pk, ()),
                    now=now,
                    since=start,
                    prior_means=priors.get(platforms[pk], {}),
                    prior_weight=prior_weight,
                    half_life_days=half_life_days,
                )
                for window, start in (("all", None), ("recent", since))
            },
            charts.chart_data(by_requester.get(pk, ()), now=now),
        )
        for pk in ids
        if pk in platforms
    }


def snapshots_compute(ids: list[int], **scoring_settings) -> dict[int, EncodedSnapshot]:
    """The snapshot of each of these requesters (that exists), from its published reviews.

    `scoring_settings` are _python_snapshots' keywords (now, since, priors, prior_weight,
    half_life_days): the same on both paths.
    """
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        rows = score_sql.snapshots(ids, score_sql.params(**scoring_settings))
        return {pk: EncodedSnapshot(*row) for pk, *row in rows}
    return _python_snapshots(ids, **scoring_settings)

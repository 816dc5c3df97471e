"""PostgreSQL's snapshot (reviews/scoring/sql/statements.py) against the Python one
(reviews/scoring/windows.py).

Both are computed from the same reviews in the same database: the SQL statement, and the
Python path that SQLite uses (the rows read into ReviewFacts, then windows.window_snapshot).
They must publish the same numbers. PostgreSQL only: elsewhere there is no SQL path.
"""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.models import Platform, Review
from reviews.scoring import formulas
from reviews.scoring import sql as score_sql
from reviews.scoring.aggregates import _python_snapshots
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

HALF_LIFE_DAYS = 365.0
RECENT_DAYS = 90


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the snapshot SQL runs on PostgreSQL only")


money = st.decimals(min_value=0, max_value=40, places=2)
reviews = st.fixed_dictionaries(
    {
        "reward": money,
        "bonus": st.one_of(st.just(Decimal("0")), money),
        "time_worked_seconds": st.one_of(st.none(), st.integers(1, 40_000)),
        "did_not_finish": st.booleans(),
        "outcome": st.sampled_from(sorted(formulas.OUTCOMES)),
        "approval_seconds": st.one_of(st.none(), st.integers(0, 30 * 86_400)),
        "blocked": st.booleans(),
        "communication": st.sampled_from(sorted(formulas.COMMUNICATIONS)),
        "recommend": st.one_of(st.none(), st.booleans()),
        "tos_violation": st.booleans(),
        "broken_task": st.booleans(),
        "unpaid_screener": st.booleans(),
        **{
            f"rating_{a}": st.one_of(st.none(), st.integers(1, 5))
            for a in formulas.RATING_ATTRIBUTES
        },
        "status": st.sampled_from(["published"] * 4 + ["hidden", "held"]),
        # Days before now: the recent window's edge, brand new, years old, and clock skew.
        "age_days": st.one_of(
            st.sampled_from([0, RECENT_DAYS, -1]),
            st.floats(min_value=-2, max_value=3 * 365, allow_nan=False),
        ),
    }
)
prior_means = st.one_of(
    st.just({}),
    st.fixed_dictionaries(
        {a: st.floats(1, 5).map(lambda v: round(v, 4)) for a in formulas.RATING_ATTRIBUTES}
    ),
)


def _both(requester_ids, *, now, priors, prior_weight):
    since = now - timedelta(days=RECENT_DAYS)
    common = {
        "now": now.timestamp(),
        "since": since.timestamp(),
        "priors": priors,
        "prior_weight": prior_weight,
        "half_life_days": HALF_LIFE_DAYS,
    }
    with transaction.atomic():
        from_sql = {
            pk: row for pk, *row in score_sql.snapshots(requester_ids, score_sql.params(**common))
        }
    from_python = _python_snapshots(requester_ids, **common)
    return from_sql, from_python


def _decoded(snapshot) -> tuple:
    review_count, wage_median, data_json, charts_json = snapshot
    return review_count, wage_median, json.loads(data_json), json.loads(charts_json)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(reviews, max_size=14),
    means=prior_means,
    prior_weight=st.sampled_from([0.0, 1.0, 5.0, 12.5]),
)
def test_sql_and_python_publish_the_same_snapshot(rows, means, prior_weight):
    now = timezone.now()
    with transaction.atomic():
        author = UserFactory()
        requester = RequesterFactory()
        for i, row in enumerate(rows):
            fields = dict(row)
            age_days = fields.pop("age_days")
            review = ReviewFactory(
                author=author, requester=requester, task_title=f"Task {i}", **fields
            )
            Review.objects.filter(pk=review.pk).update(created_at=now - timedelta(days=age_days))
        priors = {requester.platform_id: means} if means else {}

        from_sql, from_python = _both(
            [requester.pk], now=now, priors=priors, prior_weight=prior_weight
        )

        assert _decoded(from_sql[requester.pk]) == _decoded(from_python[requester.pk])
        transaction.set_rollback(True)


def test_a_requester_without_reviews_gets_the_empty_snapshot_with_the_platform_prior():
    lonely = RequesterFactory()
    other_platform = RequesterFactory(platform=Platform.objects.exclude(slug="mturk").first())
    priors = {lonely.platform_id: {"pay": 4.25, "fair": 2.5, "fast": 3.0, "comm": 1.75}}

    from_sql, from_python = _both(
        [lonely.pk, other_platform.pk], now=timezone.now(), priors=priors, prior_weight=5.0
    )

    for requester in (lonely, other_platform):
        assert _decoded(from_sql[requester.pk]) == _decoded(from_python[requester.pk])
    _, _, data, chart_data = _decoded(from_sql[lonely.pk])
    assert chart_data == {"wage_bins": [0] * 16, "months": []}
    assert data["all"]["n"] == data["recent"]["n"] == 0
    assert data["all"]["ratings"]["pay"]["bayes"] == 4.25
    assert data["all"]["rates"]["blocked"] == {"count": 0, "total": 0, "low": 0.0, "high": 1.0}
    # A platform the priors don't know shrinks toward the middle of the scale.
    _, _, unknown, _ = _decoded(from_sql[other_platform.pk])
    assert unknown["recent"]["ratings"]["comm"]["bayes"] == formulas.NEUTRAL_RATING


def test_the_snapshot_text_is_compact_and_in_the_python_key_order():
    requester = RequesterFactory()
    ReviewFactory(requester=requester, rating_pay=4)

    from_sql, from_python = _both([requester.pk], now=timezone.now(), priors={}, prior_weight=5.0)

    text = from_sql[requester.pk][2]
    assert " " not in text
    assert list(json.loads(text)["all"]) == list(json.loads(from_python[requester.pk][2])["all"])
    assert text.startswith('{"all":{"n":1,"last_review_at":')


def test_parts_of_the_full_recompute_cover_every_requester_once():
    requesters = RequesterFactory.create_batch(7)
    for requester in requesters[:5]:
        ReviewFactory(requester=requester)
    statement_params = score_sql.params(
        now=timezone.now().timestamp(),
        since=(timezone.now() - timedelta(days=RECENT_DAYS)).timestamp(),
        priors={},
        prior_weight=5.0,
        half_life_days=HALF_LIFE_DAYS,
    )

    with transaction.atomic():
        seen = [
            row[0]
            for part in range(3)
            for row in score_sql.stream_snapshots(
                part=part, parts=3, statement_params=statement_params
            )
        ]
        by_ids = dict((pk, row) for pk, *row in score_sql.snapshots(seen, statement_params))
        streamed = {
            pk: row
            for part in range(3)
            for pk, *row in score_sql.stream_snapshots(
                part=part, parts=3, statement_params=statement_params
            )
        }

    assert sorted(seen) == sorted(r.pk for r in requesters) == sorted(set(seen))
    assert streamed == by_ids


def test_pooled_wage_on_a_half_cent_rounds_half_even_in_sql_too():
    # $0.10 + $0.20 over 8640 s is exactly $0.125/h: half-even gives 0.12 (see test_math).
    requester = RequesterFactory()
    ReviewFactory(requester=requester, reward=Decimal("0.10"), time_worked_seconds=4320)
    ReviewFactory(requester=requester, reward=Decimal("0.20"), time_worked_seconds=4320)

    from_sql, from_python = _both([requester.pk], now=timezone.now(), priors={}, prior_weight=5.0)

    for snapshot in (from_sql, from_python):
        assert _decoded(snapshot[requester.pk])[2]["all"]["wage"]["pooled"] == 0.12


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return [name for (name,) in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)  # it closes the connection
def test_the_statement_is_prepared_once_per_connection_and_again_after_a_reconnect():
    requester = RequesterFactory()
    ReviewFactory(requester=requester)
    now = timezone.now()

    first, _ = _both([requester.pk], now=now, priors={}, prior_weight=5.0)
    again, _ = _both([requester.pk], now=now, priors={}, prior_weight=5.0)
    assert _prepared_statements().count(score_sql.PREPARED_NAME) == 1
    connection.close()  # as after a lost connection: the new session has nothing prepared
    after_reconnect, _ = _both([requester.pk], now=now, priors={}, prior_weight=5.0)

    assert first == again == after_reconnect
    assert _prepared_statements().count(score_sql.PREPARED_NAME) == 1


def test_chart_data_in_sql_is_the_histogram_and_monthly_medians_counted_by_hand():
    # Three months of reviews at known wages, one outside the 24-month series.
    now = datetime(2026, 6, 15, 12, tzinfo=UTC)
    requester = RequesterFactory()
    made = [
        # (created, reward, seconds, outcome): wage = reward * 3600 / seconds
        (datetime(2026, 6, 1, 0, 0, tzinfo=UTC), "1.00", 600, "approved"),  # 6.00/h, bin 3
        (datetime(2026, 6, 10, tzinfo=UTC), "2.00", 600, "rejected"),  # 12.00/h, bin 6
        (datetime(2026, 6, 11, tzinfo=UTC), "5.00", 360, "pending"),  # 50.00/h, bin 15
        (datetime(2026, 4, 30, 23, 59, tzinfo=UTC), "0.50", 1800, "overturned"),  # 1.00/h, bin 0
        (datetime(2024, 6, 30, tzinfo=UTC), "1.00", 1800, "rejected"),  # 2.00/h, bin 1, old
    ]
    for created, reward, seconds, outcome in made:
        review = ReviewFactory(
            requester=requester,
            reward=Decimal(reward),
            bonus=Decimal("0"),
            time_worked_seconds=seconds,
            did_not_finish=False,
            outcome=outcome,
        )
        Review.objects.filter(pk=review.pk).update(created_at=created)
    # An unfinished task: counted in its month, not in any wage.
    unfinished = ReviewFactory(requester=requester, did_not_finish=True, outcome="approved")
    Review.objects.filter(pk=unfinished.pk).update(created_at=datetime(2026, 4, 2, tzinfo=UTC))

    from_sql, from_python = _both([requester.pk], now=now, priors={}, prior_weight=5.0)

    bins = [1, 1, 0, 1, 0, 0, 1] + [0] * 8 + [1]
    months = [
        {"month": "2026-04", "n": 2, "wage_median": 1.0, "wage_n": 1, "rejected": 0, "decided": 2},
        {"month": "2026-06", "n": 3, "wage_median": 12.0, "wage_n": 3, "rejected": 1, "decided": 2},
    ]
    for snapshot in (from_sql, from_python):
        assert _decoded(snapshot[requester.pk])[3] == {"wage_bins": bins, "months": months}

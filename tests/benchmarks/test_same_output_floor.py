"""The benchmark's same-output floor computes exactly what the recompute stores.

If it didn't, `ratio_same_output` would compare the recompute with a different (cheaper or
dearer) computation. PostgreSQL only, like the floor.
"""

import json
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from reviews.models import Requester, RequesterScore, Review
from reviews.scoring import sql as score_sql
from reviews.services.platform_priors import platform_priors
from reviews.services.score_full_pass import scores_recompute_all
from reviews.services.scores import scoring_settings
from tests.benchmarks import same_output_floor
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the same-output floor is PostgreSQL SQL")


@pytest.fixture
def scored_requesters():
    """Requesters with varied reviews (old and recent, rated or not, unfinished, held), one
    with none, all recomputed; returns their ids."""
    rng = random.Random(3)
    now = timezone.now()
    author = UserFactory()
    requesters = [RequesterFactory() for _ in range(12)]
    for number, requester in enumerate(requesters[:-1]):
        for i in range(rng.randint(1, 25)):
            review = ReviewFactory(
                author=author,
                requester=requester,
                task_title=f"Task {number}-{i}",
                reward=Decimal(rng.randint(1, 900)) / 100,
                bonus=Decimal(rng.choice([0, 0, 25])) / 100,
                time_worked_seconds=rng.choice([None, rng.randint(30, 7200)]),
                did_not_finish=rng.random() < 0.1,
                outcome=rng.choice(["approved", "rejected", "pending", "overturned"]),
                approval_seconds=rng.choice([None, rng.randint(0, 900_000)]),
                recommend=rng.choice([None, True, False]),
                rating_pay=rng.choice([None, 1, 3, 5]),
                rating_comm=rng.choice([None, 2, 4]),
                status=rng.choice(["published"] * 5 + ["held"]),
            )
            age = timedelta(days=rng.uniform(0, 400))
            Review.objects.filter(pk=review.pk).update(created_at=now - age)
    scores_recompute_all()
    return [r.pk for r in requesters]


def _statement_params() -> dict:
    now = RequesterScore.objects.values_list("computed_at", flat=True).first()
    return score_sql.params(**scoring_settings(now, platform_priors()))


def test_the_floor_agrees_with_every_stored_snapshot(scored_requesters):
    same_output_floor.run(_statement_params())

    assert same_output_floor.compare(scored_requesters) == []


def test_the_floor_in_parts_writes_the_same_snapshots_as_in_one_statement(scored_requesters):
    same_output_floor.run(_statement_params())
    same_output_floor.run_in_parts(_statement_params(), 2)
    table = same_output_floor.TABLE
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT requester_id, data::text FROM {table}_0 UNION ALL "  # noqa: S608
            f"SELECT requester_id, data::text FROM {table}_1"
        )
        parts = {pk: json.loads(data) for pk, data in cursor.fetchall()}
        cursor.execute(f"SELECT requester_id, data::text FROM {table}")  # noqa: S608
        whole = {pk: json.loads(data) for pk, data in cursor.fetchall()}

    assert parts == whole
    assert set(whole) == set(Requester.objects.values_list("pk", flat=True))


def test_the_comparison_catches_a_snapshot_that_differs(scored_requesters):
    same_output_floor.run(_statement_params())
    score = RequesterScore.objects.filter(review_count__gt=0).first()
    data = score.data
    data["all"]["wage"]["median"] = (data["all"]["wage"]["median"] or 0) + 0.01
    RequesterScore.objects.filter(pk=score.pk).update(data=data)

    problems = same_output_floor.compare(scored_requesters)

    assert problems == [
        f"requester {score.requester_id}.all.wage.median: "
        f"{data['all']['wage']['median']!r} != "
        f"{round(data['all']['wage']['median'] - 0.01, 2)!r}"
    ]


def test_the_comparison_catches_chart_data_that_differs(scored_requesters):
    same_output_floor.run(_statement_params())
    score = RequesterScore.objects.filter(review_count__gt=0).first()
    charts = score.charts
    assert charts["months"], "the fixture's reviews of the last 400 days fall in the series"
    charts["wage_bins"][0] += 1
    charts["months"][-1]["n"] += 1
    RequesterScore.objects.filter(pk=score.pk).update(charts=charts)

    problems = same_output_floor.compare(scored_requesters)

    assert problems == [
        f"requester {score.requester_id}.wage_bins[0]: "
        f"{charts['wage_bins'][0]} != {charts['wage_bins'][0] - 1}",
        f"requester {score.requester_id}.months[{len(charts['months']) - 1}].n: "
        f"{charts['months'][-1]['n']} != {charts['months'][-1]['n'] - 1}",
    ]

"""Periodic tasks run one at a time: a run sent while another holds the task's lock (a second
beat, a redelivery) does nothing, and the lock goes with a killed holder's connection
(real PostgreSQL)."""

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from reviews.models import RequesterScore, ScoreRecomputeDue
from tests.factories import RequesterFactory, ReviewFactory
from tests.integration.waiting import wait_for
from worker.tasks import sweep_due_scores

pytestmark = pytest.mark.integration


def _other_session():
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )


def _due_requester() -> int:
    requester = RequesterFactory()
    ReviewFactory(requester=requester)
    ScoreRecomputeDue.objects.create(
        requester=requester, since=timezone.now() - timezone.timedelta(minutes=5)
    )
    return requester.pk


def test_a_periodic_run_overlapping_another_does_nothing_and_runs_once_it_is_free(
    transactional_db,
):
    requester_id = _due_requester()
    other = _other_session()
    try:
        other.execute(
            "SELECT pg_advisory_lock(hashtext(%s))", ["lantern-periodic:sweep_due_scores"]
        )

        assert sweep_due_scores() is None  # another run holds the lock
        assert not RequesterScore.objects.filter(requester_id=requester_id).exists()
    finally:
        other.close()  # the holder's connection ends: PostgreSQL releases its lock

    # The server notices the closed connection a moment later.
    wait_for(lambda: sweep_due_scores() == 1, timeout=10, what="the lock to be released")
    assert RequesterScore.objects.get(requester_id=requester_id).review_count == 1

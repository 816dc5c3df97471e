"""A Celery worker killed with SIGKILL while it saves the daily score export: the build is
delivered again and leaves one export (real PostgreSQL, Redis and worker processes)."""

import os
import signal
import time

import pytest
from django.db import connection, transaction

from reviews.models import ScoreExport
from reviews.services.scores import requester_score_recompute
from tests.factories import RequesterFactory, ReviewFactory
from tests.integration.waiting import wait_for, worker_waits_on_a_lock
from worker.tasks import build_score_export

pytestmark = pytest.mark.integration


def test_an_export_build_killed_mid_way_is_redone_and_saved_once(start_celery_worker):
    requester = RequesterFactory()
    ReviewFactory.create_batch(2, requester=requester)
    requester_score_recompute(requester_id=requester.pk)
    first = start_celery_worker(CELERY_VISIBILITY_TIMEOUT="3")

    # A SHARE lock on the exports table lets the build read everything but stops its INSERT,
    # inside its transaction, until we let go.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ScoreExport._meta.db_table} IN SHARE MODE")
        build_score_export.delay()
        wait_for(worker_waits_on_a_lock, what="the worker to block saving the export")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    assert not ScoreExport.objects.exists()

    start_celery_worker(CELERY_VISIBILITY_TIMEOUT="3")

    export = wait_for(
        lambda: ScoreExport.objects.first(), timeout=60, what="the redelivered export build"
    )
    build_score_export.delay()  # beat, or a restart, sending the day's build again
    time.sleep(4)
    assert ScoreExport.objects.count() == 1
    assert export.requester_count == 1

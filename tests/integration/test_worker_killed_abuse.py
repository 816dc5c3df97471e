"""A Celery worker killed with SIGKILL in the middle of the abuse check: the check is
delivered again to the next worker and records its finding once (real PostgreSQL, Redis and
worker processes)."""

import os
import signal
import time

import pytest
from django.db import transaction

from reviews.models import AbuseSignal, Review
from tests.integration.test_abuse_celery import _committed
from tests.integration.waiting import wait_for, worker_waits_on_a_lock
from tests.reviews.abuse_flow_cast import background, ring_post

pytestmark = pytest.mark.integration


def test_an_abuse_check_killed_mid_way_is_redone_and_records_one_signal(start_celery_worker):
    background()
    ring = ring_post(_committed)  # their checks wait in Redis: no worker runs yet
    ring_ids = [r.pk for r in ring]

    # Lock the ring's reviews before any worker starts, so the first check stops where it
    # records its finding, inside its transaction, until we let go.
    with transaction.atomic():
        list(Review.objects.select_for_update().filter(pk__in=ring_ids))
        first = start_celery_worker(CELERY_VISIBILITY_TIMEOUT="3")
        wait_for(worker_waits_on_a_lock, what="the worker to block inside the abuse check")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    assert not AbuseSignal.objects.exists()

    start_celery_worker(CELERY_VISIBILITY_TIMEOUT="3")

    wait_for(
        lambda: AbuseSignal.objects.filter(holds_reviews=True).exists(),
        timeout=60,
        what="the redelivered abuse check",
    )
    time.sleep(5)  # every other check of the ring, redelivered or not, has run by now
    signals = list(AbuseSignal.objects.filter(reviews__in=ring_ids).distinct())
    assert len(signals) == 1, [(s.kind, s.fingerprint) for s in signals]
    assert set(signals[0].reviews.values_list("pk", flat=True)) == set(ring_ids)
    assert set(Review.objects.filter(pk__in=ring_ids).values_list("status", flat=True)) == {
        Review.Status.HELD
    }

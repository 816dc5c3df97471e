"""Abuse detection by a real Celery worker over real Redis and PostgreSQL: reviews posted by a
sock-puppet ring are held within seconds of their commit."""

import contextlib

import pytest

from reviews.models import AbuseSignal, Review
from tests.integration.waiting import wait_for
from tests.reviews.abuse_flow_cast import background, ring_post

pytestmark = pytest.mark.integration


def _committed(execute: bool = True):
    # Outside a test transaction each write commits by itself, so the after-commit hooks
    # enqueue the check for the worker at once.
    return contextlib.nullcontext()


def test_reviews_posted_by_a_ring_are_held_by_the_worker_within_seconds(celery_worker_process):
    background()

    ring = ring_post(_committed)

    signal = wait_for(
        lambda: AbuseSignal.objects.filter(holds_reviews=True).first(),
        what="an abuse signal holding the ring's reviews",
    )
    assert signal.kind == "shared_network"
    wait_for(
        lambda: (
            set(Review.objects.filter(pk__in=[r.pk for r in ring]).values_list("status", flat=True))
            == {Review.Status.HELD}
        ),
        what="the ring's reviews to be held",
    )
    assert set(signal.reviews.values_list("pk", flat=True)) == {r.pk for r in ring}
    assert (
        not Review.objects.exclude(pk__in=[r.pk for r in ring])
        .exclude(status=Review.Status.PUBLISHED)
        .exists()
    )

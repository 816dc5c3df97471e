"""Concurrent recomputes of one requester take turns on PostgreSQL: no update is lost."""

import threading

import pytest
from django.db import connection, transaction

from reviews.models import Requester, RequesterScore
from reviews.services.scores import requester_score_recompute
from tests.factories import RequesterFactory, ReviewFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_concurrent_recomputes_of_one_requester_each_count_and_agree():
    requester = RequesterFactory()
    ReviewFactory.create_batch(3, requester=requester)
    start = threading.Barrier(4)
    errors = []

    def recompute():
        try:
            start.wait()
            requester_score_recompute(requester_id=requester.pk)
        except Exception as exc:  # surfaced below; a thread can't fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=recompute) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    score = RequesterScore.objects.get(requester=requester)
    assert score.version == 4  # four recomputes, none overwrote another's version
    assert score.review_count == 3


def test_a_recompute_reads_only_once_it_holds_the_requester_so_the_newest_data_wins():
    requester = RequesterFactory()
    ReviewFactory.create_batch(2, requester=requester)
    finished = threading.Event()

    def recompute():
        try:
            requester_score_recompute(requester_id=requester.pk)
            finished.set()
        finally:
            connection.close()

    def add_review():
        try:
            ReviewFactory(requester=requester)
        finally:
            connection.close()

    with transaction.atomic():
        Requester.objects.select_for_update(no_key=True).get(pk=requester.pk)
        recomputing = threading.Thread(target=recompute)
        recomputing.start()
        # A review arrives while the recompute waits; writing it doesn't wait for anyone.
        writer = threading.Thread(target=add_review)
        writer.start()
        writer.join(timeout=30)
        assert not writer.is_alive()
        assert not finished.wait(timeout=1), "the recompute ran without holding the requester"
    recomputing.join(timeout=30)

    assert finished.is_set()
    assert RequesterScore.objects.get(requester=requester).review_count == 3

"""The durable record of due recomputes: written with the review, cleared only by a recompute
that saw every change it counts, swept when its own recompute never came."""

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from reviews.models import RequesterScore, ScoreRecomputeDue
from reviews.services.reviews import review_create
from reviews.services.score_due import score_due_clear, score_due_mark, score_due_read
from reviews.services.scores import requester_score_recompute
from tests.factories import UserFactory, review_fields
from worker import subscribers, tasks

pytestmark = pytest.mark.django_db(transaction=True)


def _unreachable(*args, **kwargs):
    raise ConnectionError("Redis is down")


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(tasks, "schedule_recompute", _unreachable)
    monkeypatch.setattr(tasks.check_review_abuse, "apply_async", _unreachable)


def test_a_review_whose_recompute_cannot_be_enqueued_is_saved_and_stays_marked_due(
    broker_down, caplog
):
    with caplog.at_level(logging.WARNING, logger=subscribers.__name__):
        review = review_create(author=UserFactory(), **review_fields())

    assert review.pk is not None
    due = ScoreRecomputeDue.objects.get(requester_id=review.requester_id)
    assert due.marks == 1
    assert not RequesterScore.objects.filter(requester_id=review.requester_id).exists()
    assert "could not enqueue the recompute" in caplog.text
    assert "could not enqueue the abuse check" in caplog.text


def test_the_sweep_recomputes_marks_older_than_the_delay_and_clears_them(broker_down, settings):
    settings.SCORES_DUE_SWEEP_AFTER = 5
    old = review_create(author=UserFactory(), **review_fields(requester_id="AOLDMARK0001"))
    fresh = review_create(author=UserFactory(), **review_fields(requester_id="AFRESHMARK01"))
    ScoreRecomputeDue.objects.filter(requester_id=old.requester_id).update(
        since=timezone.now() - timedelta(seconds=30)
    )

    assert tasks.sweep_due_scores() == 1

    assert RequesterScore.objects.get(requester_id=old.requester_id).review_count == 1
    assert not ScoreRecomputeDue.objects.filter(requester_id=old.requester_id).exists()
    assert not RequesterScore.objects.filter(requester_id=fresh.requester_id).exists()
    assert ScoreRecomputeDue.objects.filter(requester_id=fresh.requester_id).exists()


def test_a_mark_counted_again_after_the_recompute_read_it_is_not_cleared(broker_down):
    review = review_create(author=UserFactory(), **review_fields())
    read = score_due_read([review.requester_id])
    score_due_mark(review.requester_id)  # a change committed while the recompute ran

    assert score_due_clear(read) == 0
    assert ScoreRecomputeDue.objects.get(requester_id=review.requester_id).marks == 2


def test_a_recompute_clears_the_mark_it_read():
    review = review_create(author=UserFactory(), **review_fields())  # eager: recomputed
    assert not ScoreRecomputeDue.objects.filter(requester_id=review.requester_id).exists()
    score_due_mark(review.requester_id)

    requester_score_recompute(requester_id=review.requester_id)

    assert not ScoreRecomputeDue.objects.exists()


def test_a_review_rolled_back_leaves_no_mark(broker_down):
    author = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        review_create(author=author, **review_fields())
        raise RuntimeError("the request failed after the write")

    assert not ScoreRecomputeDue.objects.exists()

"""Flagging a review: once per worker, a reason from the list, never your own review."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.errors import FlagAlreadyExists
from reviews.models import Flag, Review
from reviews.services.flags import flag_create
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(author):
    return ReviewFactory(author=author)


def test_a_worker_flags_someone_elses_review(review, other_worker):
    flag = flag_create(review=review, flagger=other_worker, reason=Flag.Reason.SPAM)

    assert flag.pk is not None
    assert (flag.review, flag.flagger, flag.status) == (review, other_worker, Flag.Status.OPEN)


def test_a_worker_flags_a_review_only_once(review, other_worker):
    first = flag_create(review=review, flagger=other_worker, reason=Flag.Reason.SPAM)

    with pytest.raises(FlagAlreadyExists) as caught:
        flag_create(review=review, flagger=other_worker, reason=Flag.Reason.INSULT)

    assert caught.value.flag == first
    assert Flag.objects.count() == 1


def test_several_workers_may_flag_the_same_review(review, other_worker):
    flag_create(review=review, flagger=other_worker, reason=Flag.Reason.SPAM)
    flag_create(review=review, flagger=UserFactory(), reason=Flag.Reason.FAKE)

    assert review.flags.count() == 2


def test_the_author_cannot_flag_their_own_review(review, author):
    with pytest.raises(PermissionDenied):
        flag_create(review=review, flagger=author, reason=Flag.Reason.SPAM)

    assert not Flag.objects.exists()


def test_other_needs_an_explanation(review, other_worker):
    with pytest.raises(ValidationError) as caught:
        flag_create(review=review, flagger=other_worker, reason=Flag.Reason.OTHER, explanation=" ")

    assert "explanation" in caught.value.error_dict
    assert not Flag.objects.exists()


def test_other_with_an_explanation_is_accepted(review, other_worker):
    flag = flag_create(
        review=review,
        flagger=other_worker,
        reason=Flag.Reason.OTHER,
        explanation="  Posted twice.  ",
    )

    assert flag.explanation == "Posted twice."


def test_a_reason_outside_the_list_is_refused(review, other_worker):
    with pytest.raises(ValidationError) as caught:
        flag_create(review=review, flagger=other_worker, reason="boring")

    assert "reason" in caught.value.error_dict


@pytest.mark.parametrize(
    "status", [Review.Status.WITHDRAWN, Review.Status.HIDDEN, Review.Status.HELD]
)
def test_only_published_reviews_can_be_flagged(author, other_worker, status):
    review = ReviewFactory(author=author, status=status)

    with pytest.raises(ValidationError):
        flag_create(review=review, flagger=other_worker, reason=Flag.Reason.SPAM)


def test_an_unverified_worker_cannot_flag(review):
    with pytest.raises(PermissionDenied):
        flag_create(review=review, flagger=UserFactory(verified=False), reason=Flag.Reason.SPAM)


def test_a_suspended_worker_cannot_flag(review, other_worker):
    other_worker.profile.posting_suspended_until = timezone.now() + timedelta(days=3)
    other_worker.profile.save()

    with pytest.raises(PermissionDenied):
        flag_create(review=review, flagger=other_worker, reason=Flag.Reason.SPAM)

    assert not Flag.objects.exists()

"""Helpful votes: one per account, never on one's own or an unpublished review, withdrawable,
limited per hour, and the stored count always equals the live votes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from reviews.errors import RateLimited, VoteAlreadyExists
from reviews.models import HelpfulVote, RequesterClaim, Review
from reviews.selectors.reviews import requester_public_reviews
from reviews.services.votes import (
    helpful_vote_cast,
    helpful_vote_withdraw,
    helpful_votes_withdraw_all,
)
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(author):
    return ReviewFactory(author=author)


def count(review) -> int:
    review.refresh_from_db(fields=["helpful_count"])
    return review.helpful_count


def test_a_worker_marks_someone_elses_review_helpful(review, other_worker):
    vote = helpful_vote_cast(review=review, voter=other_worker)

    assert (vote.review, vote.voter, vote.withdrawn_at) == (review, other_worker, None)
    assert count(review) == 1


def test_votes_of_several_workers_add_up(review):
    for _ in range(3):
        helpful_vote_cast(review=review, voter=UserFactory())

    assert count(review) == 3 == HelpfulVote.objects.filter(review=review).count()


def test_a_second_vote_is_refused_and_counts_once(review, other_worker):
    helpful_vote_cast(review=review, voter=other_worker)

    with pytest.raises(VoteAlreadyExists):
        helpful_vote_cast(review=review, voter=other_worker)
    assert count(review) == 1
    assert HelpfulVote.objects.count() == 1


def test_nobody_marks_their_own_review_helpful(review, author):
    with pytest.raises(PermissionDenied, match="your own review"):
        helpful_vote_cast(review=review, voter=author)
    assert count(review) == 0
    assert not HelpfulVote.objects.exists()


@pytest.mark.parametrize("status", ["held", "hidden", "withdrawn"])
def test_a_review_that_is_not_published_takes_no_votes(author, other_worker, status):
    review = ReviewFactory(author=author, status=status)

    with pytest.raises(PermissionDenied, match="published"):
        helpful_vote_cast(review=review, voter=other_worker)
    assert not HelpfulVote.objects.exists()


def test_a_requesters_representative_does_not_vote_on_its_reviews(review, other_worker):
    RequesterClaim.objects.create(
        user=other_worker,
        requester=review.requester,
        statement="I run this lab.",
        contact="lab@example.org",
        status=RequesterClaim.Status.APPROVED,
    )

    with pytest.raises(PermissionDenied, match="represent"):
        helpful_vote_cast(review=review, voter=other_worker)


def test_a_suspended_worker_can_neither_vote_nor_withdraw(review, other_worker):
    helpful_vote_cast(review=review, voter=other_worker)
    profile = other_worker.profile
    profile.posting_suspended_until = timezone.now() + timedelta(days=3)
    profile.save()
    other = ReviewFactory()

    with pytest.raises(PermissionDenied, match="suspended"):
        helpful_vote_cast(review=other, voter=other_worker)
    with pytest.raises(PermissionDenied, match="suspended"):
        helpful_vote_withdraw(review=review, voter=other_worker)
    assert count(review) == 1


def test_an_unverified_account_cannot_vote(review):
    unverified = UserFactory(verified=False)

    with pytest.raises(PermissionDenied, match="Verify"):
        helpful_vote_cast(review=review, voter=unverified)


def test_withdrawing_a_vote_lowers_the_count_and_allows_voting_again(review, other_worker):
    helpful_vote_cast(review=review, voter=other_worker)

    assert helpful_vote_withdraw(review=review, voter=other_worker) is True
    assert count(review) == 0
    assert helpful_vote_withdraw(review=review, voter=other_worker) is False
    assert count(review) == 0

    helpful_vote_cast(review=review, voter=other_worker)
    assert count(review) == 1
    assert HelpfulVote.objects.filter(voter=other_worker).count() == 2


def test_a_vote_can_be_withdrawn_after_the_review_was_hidden(review, other_worker):
    helpful_vote_cast(review=review, voter=other_worker)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.HIDDEN)

    assert helpful_vote_withdraw(review=review, voter=other_worker) is True
    assert count(review) == 0


def test_votes_and_withdrawals_are_limited_per_hour(settings, other_worker):
    settings.HELPFUL_VOTES_PER_HOUR = 3
    reviews = ReviewFactory.create_batch(3)
    helpful_vote_cast(review=reviews[0], voter=other_worker)
    helpful_vote_withdraw(review=reviews[0], voter=other_worker)
    helpful_vote_cast(review=reviews[1], voter=other_worker)

    with pytest.raises(RateLimited, match="3 reviews as helpful in the last hour") as refused:
        helpful_vote_cast(review=reviews[2], voter=other_worker)
    assert 0 < refused.value.retry_after <= 3600
    assert count(reviews[2]) == 0
    with pytest.raises(RateLimited):
        helpful_vote_withdraw(review=reviews[1], voter=other_worker)
    assert count(reviews[1]) == 1


def test_the_limit_frees_up_as_the_oldest_votes_leave_the_hour(settings, other_worker):
    settings.HELPFUL_VOTES_PER_HOUR = 2
    first, second, third = ReviewFactory.create_batch(3)
    helpful_vote_cast(review=first, voter=other_worker)
    helpful_vote_cast(review=second, voter=other_worker)
    HelpfulVote.objects.filter(review=first).update(
        created_at=timezone.now() - timedelta(minutes=50)
    )

    with pytest.raises(RateLimited) as refused:
        helpful_vote_cast(review=third, voter=other_worker)
    assert 9 * 60 <= refused.value.retry_after <= 10 * 60 + 1
    assert "10 minutes" in str(refused.value)

    HelpfulVote.objects.filter(review=first).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    helpful_vote_cast(review=third, voter=other_worker)


def test_the_limit_is_per_account(settings, other_worker):
    settings.HELPFUL_VOTES_PER_HOUR = 1
    first, second = ReviewFactory.create_batch(2)
    helpful_vote_cast(review=first, voter=other_worker)

    helpful_vote_cast(review=second, voter=UserFactory())
    assert count(second) == 1


def test_withdrawing_all_of_an_accounts_votes(other_worker):
    first, second = ReviewFactory.create_batch(2)
    helpful_vote_cast(review=first, voter=other_worker)
    helpful_vote_cast(review=second, voter=other_worker)
    helpful_vote_cast(review=second, voter=UserFactory())

    assert helpful_votes_withdraw_all(voter=other_worker) == 2
    assert (count(first), count(second)) == (0, 1)


def test_a_requesters_reviews_sort_by_helpful_then_newest(other_worker):
    requester = RequesterFactory()
    old, middle, new = (ReviewFactory(requester=requester) for _ in range(3))
    Review.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    Review.objects.filter(pk=middle.pk).update(created_at=timezone.now() - timedelta(days=2))
    helpful_vote_cast(review=old, voter=other_worker)
    helpful_vote_cast(review=old, voter=UserFactory())
    helpful_vote_cast(review=middle, voter=other_worker)

    by_helpful = list(requester_public_reviews(requester=requester, order="helpful"))
    newest = list(requester_public_reviews(requester=requester))

    assert by_helpful == [old, middle, new]
    assert newest == [new, middle, old]
    assert list(requester_public_reviews(requester=requester, order="nonsense")) == newest

"""Helpful votes under concurrency on PostgreSQL: a double click counts once, many voters at
once all count, and parallel votes of one account can't pass its hourly limit together."""

import threading

import pytest
from django.db import connection

from reviews.errors import RateLimited, VoteAlreadyExists
from reviews.models import HelpfulVote, Review
from reviews.services.votes import helpful_vote_cast
from tests.factories import ReviewFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def run_at_once(calls) -> list[str]:
    start = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append("voted")
        except VoteAlreadyExists:
            outcomes.append("already")
        except RateLimited:
            outcomes.append("limited")
        except Exception as exc:  # surfaced below; a thread can't fail the test itself
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_a_double_click_counts_once():
    review = ReviewFactory()
    voter = UserFactory()

    outcomes = run_at_once([lambda: helpful_vote_cast(review=review, voter=voter)] * 4)

    assert outcomes == ["already", "already", "already", "voted"]
    assert Review.objects.get(pk=review.pk).helpful_count == 1 == HelpfulVote.objects.count()


def test_many_voters_at_once_all_count():
    review = ReviewFactory()
    voters = [UserFactory() for _ in range(6)]

    outcomes = run_at_once(
        [lambda v=voter: helpful_vote_cast(review=review, voter=v) for voter in voters]
    )

    assert outcomes == ["voted"] * 6
    assert Review.objects.get(pk=review.pk).helpful_count == 6


def test_parallel_votes_of_one_account_stay_within_its_limit(settings):
    settings.HELPFUL_VOTES_PER_HOUR = 2
    voter = UserFactory()
    reviews = ReviewFactory.create_batch(5)

    outcomes = run_at_once(
        [lambda r=review: helpful_vote_cast(review=r, voter=voter) for review in reviews]
    )

    assert outcomes == ["limited"] * 3 + ["voted"] * 2
    assert HelpfulVote.objects.filter(voter=voter).count() == 2

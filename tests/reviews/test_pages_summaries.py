"""The placeholder facts summary on the requester page (reviews/summaries.py)."""

from decimal import Decimal

import pytest

from reviews.models import Review
from reviews.summaries import requester_facts
from tests.factories import RequesterFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_summary_of_a_requester_without_reviews_says_nothing_is_known():
    facts = requester_facts(requester=RequesterFactory())

    assert facts.review_count == 0
    assert facts.wage_median is None
    assert facts.rejection.percent is None
    assert all(rating.mean is None and rating.count == 0 for rating in facts.ratings)


def test_summary_median_wage_and_range_leave_out_unfinished_tasks():
    requester = RequesterFactory()
    for reward in ("1.00", "2.00", "3.00", "4.00"):  # 6, 12, 18, 24 per hour
        ReviewFactory(requester=requester, reward=Decimal(reward))
    ReviewFactory(requester=requester, did_not_finish=True, time_worked_seconds=None)

    facts = requester_facts(requester=requester)

    assert facts.review_count == 5
    assert facts.wage_count == 4
    assert facts.wage_median == Decimal("15.00")
    assert (facts.wage_min, facts.wage_max) == (Decimal("6.00"), Decimal("24.00"))


def test_summary_rejection_rate_counts_only_decided_tasks():
    requester = RequesterFactory()
    ReviewFactory(requester=requester, outcome=Review.Outcome.REJECTED)
    ReviewFactory(requester=requester, outcome=Review.Outcome.PARTIALLY_REJECTED)
    ReviewFactory(requester=requester, outcome=Review.Outcome.APPROVED)
    ReviewFactory(requester=requester, outcome=Review.Outcome.OVERTURNED)
    ReviewFactory(requester=requester, outcome=Review.Outcome.PENDING, approval_seconds=None)

    facts = requester_facts(requester=requester)

    assert (facts.rejection.count, facts.rejection.total) == (2, 4)
    assert facts.rejection.percent == 50


def test_summary_block_and_recommend_rates_carry_their_sample_sizes():
    requester = RequesterFactory()
    ReviewFactory(requester=requester, blocked=True, recommend=False)
    ReviewFactory(requester=requester, recommend=True)
    ReviewFactory(requester=requester, recommend=None)

    facts = requester_facts(requester=requester)

    assert (facts.block.count, facts.block.total) == (1, 3)
    assert (facts.recommend.count, facts.recommend.total) == (1, 2)


def test_summary_rating_means_count_only_given_ratings_of_published_reviews():
    requester = RequesterFactory()
    ReviewFactory(requester=requester, rating_pay=5, rating_fair=2)
    ReviewFactory(requester=requester, rating_pay=2)
    ReviewFactory(requester=requester, rating_pay=1, status=Review.Status.HIDDEN)

    ratings = {r.label: r for r in requester_facts(requester=requester).ratings}

    assert (ratings["Pay"].mean, ratings["Pay"].count) == (Decimal("3.50"), 2)
    assert (ratings["Fairness"].mean, ratings["Fairness"].count) == (Decimal("2.00"), 1)
    assert ratings["Promptness"].count == 0

"""The published score snapshot on the requester page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Requester, RequesterScore, Review
from reviews.services.reviews import review_create
from reviews.services.scores import requester_score_recompute
from tests.factories import RequesterFactory, ReviewFactory, review_fields

RATED = {"rating_pay": 4, "rating_fair": 4, "rating_fast": 4, "rating_comm": 4}


def page_of(client, requester: Requester) -> str:
    url = reverse("reviews:requester_detail", args=[requester.platform.slug, requester.external_id])
    return client.get(url).content.decode()


def scores_of(client, requester: Requester) -> str:
    """The page's scores section alone: each review listed below shows its own wage."""
    page = page_of(client, requester)
    return page[page.index('id="scores-heading"') : page.index('id="reviews-heading"')]


def scored(requester: Requester, **kwargs) -> Requester:
    requester_score_recompute(requester_id=requester.pk, **kwargs)
    return requester


def review_days_ago(days: int, **fields) -> Review:
    review = ReviewFactory(**fields)
    Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(days=days))
    return review


@pytest.mark.django_db
def test_requester_page_shows_wages_and_rates_of_the_recent_and_all_time_windows(client):
    requester = RequesterFactory()
    # 10 minutes each: 6.00, 9.00 and 12.00 per hour lately, and 18.00 rejected long ago.
    for reward in ("1.00", "1.50", "2.00"):
        ReviewFactory(requester=requester, reward=Decimal(reward))
    review_days_ago(
        200, requester=requester, reward=Decimal("3.00"), outcome=Review.Outcome.REJECTED
    )

    page = scores_of(client, scored(requester))

    assert page.index("Recent (90 days)") < page.index("All time")
    # Recent: median 9.00, quartiles 7.50 and 10.50, pooled 4.50 for half an hour.
    assert "9.00 USD/h" in page
    assert "middle half 7.50 to 10.50 USD/h" in page
    assert "from 3 reviews with a time worked" in page
    assert "0% rejected</span>, of 3 decided tasks" in page
    # All time: median 10.50, quartiles 8.25 and 13.50, pooled 7.50 for 40 minutes.
    assert "10.50 USD/h" in page
    assert "middle half 8.25 to 13.50 USD/h" in page
    assert "pooled 11.25 USD/h" in page
    assert "from 4 reviews with a time worked" in page
    assert "25% rejected</span>, of 4 decided tasks" in page
    assert page.index("9.00 USD/h") < page.index("10.50 USD/h")


@pytest.mark.django_db
def test_rates_show_their_95_percent_range(client):
    requester = RequesterFactory()
    ReviewFactory(requester=requester, blocked=True)
    ReviewFactory.create_batch(3, requester=requester)

    page = scores_of(client, scored(requester))

    # Wilson interval for 1 of 4 at z = 1.96, by hand: 0.0456 to 0.6994.
    assert "25% blocked</span>, of 4 reviews" in page
    assert "95% range 4–70%" in page


@pytest.mark.django_db
def test_rates_without_any_sample_say_they_are_not_known(client):
    requester = RequesterFactory()
    ReviewFactory(requester=requester)  # not contacted, so nothing about responsiveness

    page = scores_of(client, scored(requester))

    assert "responsive</span>, of" not in page
    assert "Not known yet" in page


@pytest.mark.django_db
def test_time_to_approval_shows_in_days_with_its_sample_and_pending_count(client):
    requester = RequesterFactory()
    ReviewFactory.create_batch(2, requester=requester, approval_seconds=3 * 24 * 3600)
    ReviewFactory(requester=requester, outcome=Review.Outcome.PENDING, approval_seconds=None)

    page = scores_of(client, scored(requester))

    assert "3 days</span>" in page
    assert "from 2 decided tasks" in page
    assert "1 still pending" in page


@pytest.mark.django_db
def test_ratings_show_the_bayesian_average_the_raw_mean_and_the_count(client):
    requester = RequesterFactory()
    ReviewFactory.create_batch(2, requester=requester, rating_pay=5)
    ReviewFactory(rating_pay=1)  # another requester: the platform mean becomes 11/3

    page = scores_of(client, scored(requester))

    # (5 × 11/3 + 2 × 5) / (5 + 2) = 4.0476 with the default prior weight of 5.
    assert '<span class="figure">4.05</span>' in page
    assert "raw mean 5.00 from 2 ratings" in page
    assert "few ratings: low confidence" in page
    assert "No ratings yet" in page  # fairness, promptness and communication


@pytest.mark.django_db
def test_few_reviews_carry_a_low_confidence_cue(client):
    requester = RequesterFactory()
    ReviewFactory.create_batch(2, requester=requester, **RATED)

    page = scores_of(client, scored(requester))

    assert "few reviews: low confidence" in page


@pytest.mark.django_db
def test_twenty_five_reviews_carry_no_low_confidence_cue(client):
    requester = RequesterFactory()
    ReviewFactory.create_batch(25, requester=requester, **RATED)

    page = scores_of(client, scored(requester))

    assert "low confidence" not in page
    assert "high confidence" in page


@pytest.mark.django_db
def test_hidden_held_and_withdrawn_reviews_do_not_enter_the_figures_shown(client):
    requester = RequesterFactory()
    for reward in ("1.00", "1.50", "2.00"):
        ReviewFactory(requester=requester, reward=Decimal(reward), rating_pay=4)
    for status in (Review.Status.WITHDRAWN, Review.Status.HIDDEN, Review.Status.HELD):
        ReviewFactory(
            requester=requester,
            reward=Decimal("100"),
            outcome=Review.Outcome.REJECTED,
            rating_pay=1,
            status=status,
        )

    page = scores_of(client, scored(requester))

    assert "9.00 USD/h" in page
    assert "600.00" not in page
    assert "0% rejected</span>, of 3 decided tasks" in page
    assert "raw mean 4.00 from 3 ratings" in page
    assert "of 6" not in page


@pytest.mark.django_db
def test_requester_page_says_when_the_scores_were_computed(client):
    requester = RequesterFactory()
    ReviewFactory(requester=requester)
    computed_at = timezone.now() - timedelta(hours=3)

    page = scores_of(client, scored(requester, now=computed_at))

    assert f'Computed <time datetime="{computed_at.isoformat()}"' in page
    assert "3\xa0hours ago</time>" in page


@pytest.mark.django_db
def test_requester_with_reviews_but_no_score_yet_says_scores_are_being_computed(client):
    requester = RequesterFactory()
    ReviewFactory(requester=requester, task_title="Counting birds")

    page = page_of(client, requester)

    assert "Scores are being computed" in page
    assert "Counting birds" in page
    assert "USD/h" not in scores_of(client, requester)


@pytest.mark.django_db
def test_requester_without_published_reviews_says_there_are_none_yet(client):
    requester = scored(RequesterFactory())
    ReviewFactory(requester=requester, status=Review.Status.WITHDRAWN)

    page = scores_of(client, requester)

    assert "No published reviews yet" in page
    assert "Scores are being computed" not in page
    assert "USD/h" not in page


@pytest.mark.django_db
def test_money_shows_in_the_platform_currency(client):
    requester = RequesterFactory()
    requester.platform.currency = "GBP"
    requester.platform.save(update_fields=["currency"])
    ReviewFactory(requester=requester, currency="GBP")

    page = scores_of(client, scored(requester))

    assert "9.00 GBP/h" in page
    assert "USD" not in page


@pytest.mark.django_db(transaction=True)
def test_a_review_posted_through_the_service_shows_in_the_scores_at_once(client, author):
    review = review_create(
        author=author, **review_fields(reward=Decimal("3.00"), time_worked_seconds=900)
    )

    page = scores_of(client, review.requester)

    assert RequesterScore.objects.filter(requester=review.requester).exists()
    assert "12.00 USD/h" in page
    assert "Scores are being computed" not in page

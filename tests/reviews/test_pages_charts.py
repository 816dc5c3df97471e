"""The charts on the requester page and the home page, drawn from the stored chart data."""

import gzip
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import Platform, RequesterScore, Review
from reviews.services.platform_priors import platform_priors_refresh
from reviews.services.scores import requester_score_recompute
from tests.factories import RequesterFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _url(requester) -> str:
    return reverse(
        "reviews:requester_detail", args=[requester.platform.slug, requester.external_id]
    )


@pytest.fixture
def charted():
    """10 minutes each: 6.00, 6.00, 9.00 and 36.00 per hour, one rejected; all this month."""
    requester = RequesterFactory()
    for reward, outcome in (("1.00", "approved"), ("1.00", "rejected"), ("1.50", "approved")):
        ReviewFactory(requester=requester, reward=Decimal(reward), outcome=outcome)
    ReviewFactory(requester=requester, reward=Decimal("6.00"), outcome="approved")
    requester_score_recompute(requester_id=requester.pk)
    return requester


def _svg(page: str, element_id: str) -> str:
    figure = page[page.index(f'<figure class="chart" id="{element_id}">') :]
    return figure[: figure.index("</svg>")]


def test_the_histogram_draws_a_bar_per_wage_band_with_reviews_and_marks_the_median(client, charted):
    page = client.get(_url(charted)).content.decode()

    histogram = _svg(page, "wage-histogram")
    assert 'role="img" aria-labelledby="wage-histogram-title wage-histogram-desc"' in histogram
    # Bins 3 (6 to under 8, twice), 4 (8 to under 10) and 15 (30 or more).
    assert histogram.count('<rect class="bar"') == 3
    assert "<title>6 to under 8/h: 2</title>" in histogram
    # The median 7.50/h is 3.75 bins of 27 units from the plot's left edge at 40.
    assert re.search(r'<line class="median" x1="141.2"', histogram)
    assert "median 7.50 USD" in histogram
    assert '<th scope="row">30 or more</th><td>1</td>' in page


def test_the_monthly_series_has_one_point_for_this_month_and_the_numbers_table(client, charted):
    page = client.get(_url(charted)).content.decode()

    assert _svg(page, "wage-months").count('<circle class="point"') == 1
    assert "7.50 USD/h from 4 reviews" in _svg(page, "wage-months")
    assert "25% from 4 reviews" in _svg(page, "rejection-months")
    numbers = page[page.index('id="months-numbers"') :]
    assert "<td>4</td><td>7.50 USD/h (4)</td><td>1 of 4 decided</td>" in numbers


def test_the_charts_cost_the_requester_page_no_query(client, charted):
    with CaptureQueriesContext(connection) as with_charts:
        assert "wage-histogram" in client.get(_url(charted)).content.decode()
    RequesterScore.objects.filter(requester=charted).update(charts={})
    with CaptureQueriesContext(connection) as without:
        assert "wage-histogram" not in client.get(_url(charted)).content.decode()

    assert len(with_charts) == len(without)


def test_the_page_csp_allows_no_inline_style_and_the_charts_use_none(client, charted):
    response = client.get(_url(charted))
    page = response.content.decode()
    charts = page[page.index('id="charts-heading"') : page.index('id="reviews-heading"')]

    assert "style=" not in charts and "<script" not in charts
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert len(charts.encode()) < 12_000


def test_the_home_page_shows_each_platform_wage_distribution_from_one_stored_row(client, charted):
    platform_priors_refresh()
    mturk = Platform.objects.get(slug="mturk")
    assert (
        mturk.wage_chart.wage_bins
        == RequesterScore.objects.get(requester=charted).charts["wage_bins"]
    )

    page = client.get(reverse("reviews:home")).content.decode()

    histogram = _svg(page, "platform-wages-mturk")
    assert histogram.count('<rect class="bar"') == 3
    assert "The median review with a time worked paid 6 to under 8 USD per hour." in page


def test_the_platform_distribution_is_the_sum_of_its_requesters_histograms(charted):
    other = RequesterFactory(platform=charted.platform)
    ReviewFactory(requester=other, reward=Decimal("0.20"))  # 1.20/h
    ReviewFactory(requester=other, did_not_finish=True)  # no wage
    ReviewFactory(requester=other, reward=Decimal("9.00"), status=Review.Status.HIDDEN)
    requester_score_recompute(requester_id=other.pk)

    platform_priors_refresh()

    scores = RequesterScore.objects.filter(requester__platform=charted.platform)
    summed = [sum(counts) for counts in zip(*(s.charts["wage_bins"] for s in scores), strict=True)]
    assert charted.platform.wage_chart.wage_bins == summed
    assert summed == [1, 0, 0, 2, 1] + [0] * 10 + [1]


def test_two_years_of_monthly_charts_stay_light(client):
    requester = RequesterFactory()
    now = timezone.now()
    for months_back in range(24):
        for reward in ("1.00", "2.50", "4.00"):
            review = ReviewFactory(requester=requester, reward=Decimal(reward), outcome="rejected")
            created = now - timedelta(days=30.4 * months_back)
            Review.objects.filter(pk=review.pk).update(created_at=created)
    requester_score_recompute(requester_id=requester.pk)

    page = client.get(_url(requester)).content.decode()
    charts = page[page.index('id="charts-heading"') : page.index('id="reviews-heading"')]

    assert _svg(page, "wage-months").count('<circle class="point"') == 24
    assert len(charts.encode()) < 24_000
    assert len(gzip.compress(charts.encode())) < 3_000

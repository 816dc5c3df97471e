"""The requester page's charts in a real Chromium: the bars, points and median marker a
worker sees for a requester with known reviews, the numbers table, and a screenshot of the
histogram checked by its pixels (size, bar colour, the median line where it belongs)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from reviews.models import Review
from reviews.services.scores import requester_score_recompute
from tests.factories import RequesterFactory, ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

BAR = (59, 110, 165)  # .chart .bar in site.css
MEDIAN = (179, 38, 30)  # .chart .median


@pytest.fixture
def requester():
    """10 minutes each. 40 days ago: 6.00/h approved. This month: 6.00/h rejected, 9.00/h
    and 36.00/h approved. All time the median is 7.50/h."""
    requester = RequesterFactory()
    old = ReviewFactory(requester=requester, reward=Decimal("1.00"), outcome="approved")
    Review.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    for reward, outcome in (("1.00", "rejected"), ("1.50", "approved"), ("6.00", "approved")):
        ReviewFactory(requester=requester, reward=Decimal(reward), outcome=outcome)
    requester_score_recompute(requester_id=requester.pk)
    return requester


@pytest.fixture
def chart_page(live_server, browser, requester):
    page = browser.new_context(base_url=live_server.url).new_page()
    page.goto(reverse("reviews:requester_detail", args=["mturk", requester.external_id]))
    return page


def test_the_charts_have_the_bars_points_and_median_of_the_reviews(chart_page):
    histogram = chart_page.locator("#wage-histogram svg")
    # Three wage bands have reviews: 6 to under 8 (two), 8 to under 10, 30 or more.
    assert histogram.locator("rect.bar").count() == 3
    # 7.50/h is 3.75 bins of 27 units right of the plot's left edge at 40.
    assert float(histogram.locator("line.median").get_attribute("x1")) == pytest.approx(
        141.25, abs=0.1
    )
    assert chart_page.locator("#wage-months circle.point").count() == 2
    assert chart_page.locator("#rejection-months circle.point").count() == 2
    # Styled by the site's stylesheet, which the CSP allows (no inline style).
    fill = histogram.locator("rect.bar").first.evaluate("e => getComputedStyle(e).fill")
    assert fill == "rgb(59, 110, 165)"
    assert histogram.get_attribute("role") == "img"
    assert "median is 7.50 USD/h" in histogram.locator("desc").text_content()


def test_the_numbers_table_opens_under_the_histogram(chart_page):
    numbers = chart_page.locator("#wage-histogram details")
    numbers.locator("summary").click()
    rows = numbers.locator("tbody tr")
    assert rows.count() == 16
    assert rows.nth(3).inner_text().split("\t") == ["6 to under 8", "2"]
    assert rows.nth(15).inner_text().split("\t") == ["30 or more", "1"]


def test_a_screenshot_of_the_histogram_shows_its_bars_and_median_line(chart_page):
    shot = Image.open(io.BytesIO(chart_page.locator("#wage-histogram svg").screenshot()))
    image = shot.convert("RGB")

    # 480 × 200 units at one pixel each; the element may straddle a pixel row.
    assert image.size[0] == 480 and image.size[1] in (200, 201)
    pixels = image.load()

    def near(pixel, colour) -> bool:
        return all(abs(a - b) <= 12 for a, b in zip(pixel, colour, strict=True))

    bar_pixels = sum(near(pixels[x, y], BAR) for x in range(480) for y in range(image.size[1]))
    # Three bars 27 wide and 160, 80 and 80 high, less where the 2-wide median line crosses.
    assert 27 * 300 <= bar_pixels <= 27 * 330
    # Below the median's label, the only red is the median line, at x = 141.25.
    median_columns = {x for x in range(480) for y in range(60, 165) if near(pixels[x, y], MEDIAN)}
    assert median_columns and median_columns <= set(range(139, 145))

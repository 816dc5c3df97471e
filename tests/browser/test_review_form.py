"""The review form in a real browser: the live hourly wage, and a real submission."""

import pytest

from reviews.models import Review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_form_shows_the_hourly_wage_as_the_worker_types(page_as):
    page = page_as(UserFactory())
    page.goto("/reviews/new/?platform=mturk&requester_id=A1B2C3D4E5F6G7")
    wage = page.locator("#wage-output")

    page.fill("input[name=reward]", "2.00")
    page.fill("input[name=time_minutes]", "15")
    assert wage.inner_text() == "8.00 USD per hour"

    page.fill("input[name=bonus]", "0.50")
    assert wage.inner_text() == "10.00 USD per hour"

    page.check("input[name=did_not_finish]")
    assert "didn't finish" in wage.inner_text()


def test_a_review_submitted_from_the_browser_is_saved_once_with_the_servers_wage(page_as):
    worker = UserFactory()
    page = page_as(worker)
    page.goto(
        "/reviews/new/?platform=mturk&requester_id=A1B2C3D4E5F6G7"
        "&requester_name=Psychology%20Lab&title=Decision%20survey&reward=1.50"
    )
    page.fill("input[name=time_minutes]", "10")
    page.select_option("select[name=outcome]", "approved")
    page.check("input[name=communication][value=not_contacted]")
    page.fill("textarea[name=text]", "Quick and <b>fair</b>.")

    page.click("form[data-wage-form] button[type=submit]")
    page.wait_for_url("**/reviews/*/")

    review = Review.objects.get(author=worker)
    assert review.hourly_wage == 9
    assert "9.00 USD" in page.content()
    assert page.locator("text=Quick and <b>fair</b>.").count() == 1

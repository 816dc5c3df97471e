"""The helpful button in a real browser with JavaScript turned off: the plain POST form marks
the review, comes back to the same page and place, and takes the mark back."""

import pytest

from reviews.models import HelpfulVote
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_marks_a_review_helpful_without_javascript(live_server, client, browser):
    requester = RequesterFactory(display_name="Memory Lab")
    review = ReviewFactory(requester=requester, task_title="Recall task")
    ReviewFactory(requester=requester, task_title="Other task")
    voter = UserFactory()
    client.force_login(voter)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    url = f"/r/mturk/{requester.external_id}/?sort=helpful"
    page.goto(url)

    page.locator(f"#review-{review.pk} button.helpful-button").click()

    page.wait_for_url(f"**{url}#review-{review.pk}")
    assert HelpfulVote.objects.get(withdrawn_at=None).voter == voter
    card = page.locator(f"#review-{review.pk}")
    assert "1 worker found this helpful" in card.inner_text()
    assert "you marked this review helpful" in page.locator(".messages").inner_text()

    card.locator("button.helpful-button").click()
    page.wait_for_load_state()
    assert not HelpfulVote.objects.filter(withdrawn_at=None).exists()
    assert "Nobody has marked this helpful yet" in page.locator(f"#review-{review.pk}").inner_text()
    context.close()

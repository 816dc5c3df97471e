"""Stored XSS, in a real Chromium: hostile text in every user-written field (requester name,
task title, review text, pseudonym, reply, comment, dispute statement, flag explanation) is
shown on every page that shows it as text. No script runs (a dialog or `window.__xss` fails
the test) and no injected tag or attribute reaches the DOM (no element carries `data-xss`).
The Content-Security-Policy would stop inline scripts anyway; the DOM check is what shows
the escaping itself."""

import pytest

from reviews.models import Flag, Requester, Review, WorkerProfile
from reviews.services.comments import comment_create
from reviews.services.disputes import dispute_open
from reviews.services.flags import flag_create
from reviews.services.replies import reply_create
from tests.discussion_cast import make_cast

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOAD = (
    "<script>window.__xss=1;alert(1)</script>"
    '"><img src=x onerror="window.__xss=2" data-xss>'
    '\'><svg onload="window.__xss=3" data-xss></svg>'
    '</textarea><a href="javascript:window.__xss=4" data-xss>go</a>{{7*7}}'
)
TITLE = (
    '<script>alert(1)</script>"><img src=x onerror=alert(2) data-xss></textarea>{{7*7}}'  # 200 max
)
SHORT = "<svg onload=alert(1) data-xss>{{7*7}}"  # fits a pseudonym (40)


def plant_payloads():
    cast = make_cast()
    review = cast.review
    Requester.objects.filter(pk=review.requester_id).update(display_name=TITLE)
    Review.objects.filter(pk=review.pk).update(
        task_title=TITLE, text=PAYLOAD, status=Review.Status.PUBLISHED
    )
    WorkerProfile.objects.filter(user=cast.author).update(pseudonym=SHORT)
    reply_create(review=review, author=cast.rep, text=PAYLOAD)
    comment_create(review=review, author=cast.worker, text=PAYLOAD)
    dispute = dispute_open(
        review=review, representative=cast.rep, ground="false", statement=PAYLOAD
    )
    flag_create(review=review, flagger=cast.worker, reason=Flag.Reason.SPAM, explanation=PAYLOAD)
    review.refresh_from_db()
    page = f"/r/{review.requester.platform.slug}/{review.requester.external_id}/"
    return [
        ("requester page", page, None),
        ("review page", f"/reviews/{review.pk}/", None),
        ("own reviews", "/reviews/mine/", cast.author),
        ("notifications", "/notifications/", cast.author),
        ("account", "/account/", cast.author),
        ("moderation queue", "/moderation/", cast.moderator),
        ("dispute page", f"/disputes/{dispute.pk}/", cast.moderator),
        ("review page as moderator", f"/reviews/{review.pk}/", cast.moderator),
    ]


def test_hostile_text_in_every_field_is_only_text_on_every_page(live_server, browser, page_as):
    for label, path, user in plant_payloads():
        page = page_as(user) if user else browser.new_context(base_url=live_server.url).new_page()
        dialogs = []
        page.on(
            "dialog",
            lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()),
        )

        response = page.goto(path)
        page.wait_for_load_state("networkidle")

        assert response.status == 200, label
        assert dialogs == [], label
        assert page.evaluate("window.__xss === undefined"), label
        assert page.locator("[data-xss]").count() == 0, label
        assert page.locator("script:not([src])").count() == 0, label
        text = page.locator("body").inner_text()
        assert "{{7*7}}" in text and "data-xss>" in text, label  # shown, as text

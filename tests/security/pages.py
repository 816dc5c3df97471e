"""One page of each kind Lantern serves, with the user who may see it, for the security tests.

`page_kinds()` makes the data they need (a requester with a review, a moderator, a
dispute-free worker) and returns (label, path, user or None) for: the public pages, a
worker's own pages and forms, the moderators' pages, the sign-up and log-in pages, an error
page, the API's JSON and its docs page.
"""

from reviews.models import Review
from tests.factories import RequesterFactory, ReviewFactory, UserFactory
from tests.reviews.moderation_cast import with_role


def page_kinds() -> list[tuple[str, str, object]]:
    requester = RequesterFactory(external_id="A1SECURITY0001", display_name="Header Lab")
    worker = UserFactory(pseudonym="header_worker")
    review = ReviewFactory(requester=requester, author=worker, status=Review.Status.PUBLISHED)
    moderator = with_role(UserFactory(pseudonym="header_moderator"), "moderator")
    page = f"/r/mturk/{requester.external_id}/"
    return [
        ("home", "/", None),
        ("requester page", page, None),
        ("review page", f"/reviews/{review.pk}/", None),
        ("sign-up", "/accounts/signup/", None),
        ("log-in", "/accounts/login/", None),
        ("password reset", "/accounts/password/reset/", None),
        ("not found", "/no-such-page/", None),
        ("review form", "/reviews/new/", worker),
        ("edit form", f"/reviews/{review.pk}/edit/", worker),
        ("own reviews", "/reviews/mine/", worker),
        ("account", "/account/", worker),
        ("tokens", "/account/tokens/", worker),
        ("notifications", "/notifications/", worker),
        ("moderation queue", "/moderation/", moderator),
        ("moderation log", "/moderation/log/", moderator),
        ("API lookup", "/api/v1/requesters/scores?platform=mturk&ids=A1SECURITY0001", None),
        ("API docs", "/api/docs/", None),
    ]

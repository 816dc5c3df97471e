"""One worker with something in every table that can hold their data, and the people around
them: for the export and deletion tests (tests/reviews/test_own_data*.py, test_accounts.py,
tests/api/test_me_export.py, tests/integration/test_account_erasure.py)."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from reviews.models import RequesterClaim, Review
from reviews.services.claims import claim_create
from reviews.services.comments import comment_create
from reviews.services.disputes import dispute_answer, dispute_open
from reviews.services.fingerprints import Origin
from reviews.services.flags import flag_create
from reviews.services.moderation import user_suspend, user_unsuspend
from reviews.services.notifications import notify
from reviews.services.replies import reply_create
from reviews.services.reviews import review_create, review_update
from reviews.services.tokens import token_create
from reviews.services.votes import helpful_vote_cast
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, review_fields

EMAIL = "Jane.Doe@Private.example"
SECOND_EMAIL = "jd-alt@elsewhere.example"
PASSWORD = "correct horse battery staple"
ORIGIN = Origin(ip="203.0.113.7", user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")


@dataclass
class Life:
    worker: object
    other: object
    moderator: object
    admin: object
    own_review: Review
    edited_review: Review
    others_review: Review
    represented_review: Review
    token_secret: str


def make_life() -> Life:
    worker = UserFactory(pseudonym="jane-d", email=EMAIL, username="jane.doe")
    EmailAddress.objects.create(user=worker, email=SECOND_EMAIL, verified=False, primary=False)
    other = UserFactory(pseudonym="other-worker", email="other@example.org")
    moderator = UserFactory(pseudonym="mod-1", email="mod@example.org")
    moderator.profile.role = "moderator"
    moderator.profile.save()
    admin = UserFactory(pseudonym="admin-1", email="admin@example.org")
    admin.profile.role = "admin"
    admin.profile.save()

    own = review_create(
        author=worker,
        origin=ORIGIN,
        idempotency_key="key-from-jane",
        **review_fields(
            requester_id="A1OWNREVIEW001",
            text=f"Paid well. Write to me at {EMAIL.lower()} for the qualification.",
            recommend_reason='=HYPERLINK("http://evil.example","click")',
        ),
    )
    edited = review_create(
        author=worker, origin=ORIGIN, **review_fields(requester_id="A1OWNREVIEW002")
    )
    edited = review_update(
        review=edited,
        editor=worker,
        origin=ORIGIN,
        text="Approved after all; I was wrong about the rejection.",
    )
    others_review = ReviewFactory(author=other, text="Terrible, never again.")
    represented = RequesterFactory(display_name="Jane's Lab")
    RequesterClaim.objects.create(
        user=worker,
        requester=represented,
        statement="I run this lab.",
        contact=f"{EMAIL}, +1 555 0100",
        status=RequesterClaim.Status.APPROVED,
    )
    claim_create(
        user=worker,
        requester=RequesterFactory(display_name="Another Lab"),
        statement=f"I speak for this lab too ({EMAIL}).",
        contact=EMAIL,
    )
    represented_review = ReviewFactory(author=other, requester=represented, text="Slow pay.")
    reply_create(review=represented_review, author=worker, text="We pay within 3 days now.")
    dispute_open(
        review=represented_review,
        representative=worker,
        ground="false",
        statement="The task paid on time; see the records.",
    )

    flag_create(review=others_review, flagger=worker, reason="insult", origin=ORIGIN)
    comment_create(review=others_review, author=worker, text=f"Same here. ({EMAIL})")
    helpful_vote_cast(review=others_review, voter=worker)
    helpful_vote_cast(review=own, voter=other)

    # Someone else disputes Jane's review; she answers.
    rep = UserFactory(pseudonym="rep-of-own")
    RequesterClaim.objects.create(
        user=rep,
        requester=own.requester,
        statement="Ours.",
        contact="rep@example.org",
        status=RequesterClaim.Status.APPROVED,
    )
    dispute = dispute_open(
        review=own, representative=rep, ground="private_info", statement="It names a person."
    )
    dispute_answer(dispute=dispute, author=worker, text=f"Only my own address, {EMAIL}.")

    user_suspend(
        moderator=moderator,
        user=worker,
        until=timezone.now() + timedelta(days=1),
        reason="Cooling off after a heated thread.",
    )
    user_unsuspend(moderator=moderator, user=worker, reason="Talked it over.")

    secret = token_create(user=worker, name="Firefox at home")[1]
    notify(user=worker, kind="test", message="Welcome back.")
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(worker),
        object_id=str(worker.pk),
        object_repr=worker.username,
        action_flag=CHANGE,
        change_message=f"Changed email to {EMAIL}.",
    )
    return Life(
        worker=worker,
        other=other,
        moderator=moderator,
        admin=admin,
        own_review=own,
        edited_review=edited,
        others_review=others_review,
        represented_review=represented_review,
        token_secret=secret,
    )

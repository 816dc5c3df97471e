"""Shared set-ups of the abuse-flow tests: honest background traffic, a sock-puppet ring posting
through the services (so fingerprints are recorded and the check runs after commit), and a
held signal made directly, for the tests about moderators' decisions."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews.models import AbuseSignal, Review
from reviews.services.fingerprints import Origin
from reviews.services.reviews import review_create
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, review_fields

RING_REQUESTER = "ARINGPADDED01"
# Distinct, short texts: the ring is caught by its shared network and new accounts, not by
# copy-paste.
RING_TEXTS = [
    "Great pay.",
    "Loved it, fast approval.",
    "Best requester on the site.",
    "Five stars, would work again.",
    "Amazing and generous.",
    "Top notch.",
]


def age(user, days: float):
    get_user_model().objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - timedelta(days=days)
    )
    user.refresh_from_db()
    return user


def background(requesters: int = 10, reviews_each: int = 3) -> list[Review]:
    """Honest history: year-old accounts reviewing other requesters over the past weeks."""
    made = []
    for j in range(requesters):
        requester = RequesterFactory()
        for k in range(reviews_each):
            review = ReviewFactory(requester=requester, author=age(UserFactory(), 400))
            Review.objects.filter(pk=review.pk).update(
                created_at=timezone.now() - timedelta(days=1 + k * 4 + j % 3, hours=j)
            )
            made.append(review)
    return made


def ring_post(
    capture, *, size: int = 5, first: int = 0, network: str = "203.0.113"
) -> list[Review]:
    """New accounts writing from one /24 network praising one requester, each review posted
    through review_create and committed (running the after-commit check)."""
    reviews = []
    for i in range(first, first + size):
        puppet = UserFactory(pseudonym=f"puppet-{i}")
        with capture(execute=True):
            reviews.append(
                review_create(
                    author=puppet,
                    origin=Origin(ip=f"{network}.{10 + i}", user_agent="Mozilla/5.0 Puppet"),
                    **review_fields(
                        requester_id=RING_REQUESTER,
                        requester_name="Padded Lab",
                        task_title=f"Survey {i}",
                        text=RING_TEXTS[i % len(RING_TEXTS)],
                        rating_pay=5,
                        rating_fair=5,
                    ),
                )
            )
    return reviews


def held_signal(*reviews: Review, kind: str = "shared_network", strength: float = 0.9):
    """An open signal holding these reviews, as the flow would have recorded it."""
    signal = AbuseSignal.objects.create(
        kind=kind,
        strength=strength,
        evidence="3 accounts writing from the same network reviewed mturk:A1 within 1 hour.",
        fingerprint=f"{kind}-{'-'.join(str(r.pk) for r in reviews)}".ljust(64, "0")[:64],
        holds_reviews=True,
    )
    signal.reviews.add(*reviews)
    signal.accounts.add(*{r.author_id for r in reviews})
    Review.objects.filter(pk__in=[r.pk for r in reviews], status=Review.Status.PUBLISHED).update(
        status=Review.Status.HELD
    )
    for review in reviews:
        review.refresh_from_db()
    return signal

"""Reads of reviews: public ones, an author's own, and those the API pages through.

Each returns a queryset with the joins its callers need.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from reviews.models import HelpfulVote, Requester, Review

PUBLISHED = Review.Status.PUBLISHED
# How a requester's page can order its reviews; ties (and the default) newest first, with the
# id last so that pages never overlap.
REVIEW_ORDERS = {
    "newest": ("-created_at", "-id"),
    "helpful": ("-helpful_count", "-created_at", "-id"),
}


def _with_people(reviews: QuerySet[Review]) -> QuerySet[Review]:
    return reviews.select_related("author__profile", "requester__platform")


def requester_public_reviews(*, requester: Requester, order: str = "newest") -> QuerySet[Review]:
    """The requester's published reviews in one of REVIEW_ORDERS (an unknown one: newest)."""
    return _with_people(requester.reviews.filter(status=PUBLISHED)).order_by(
        *REVIEW_ORDERS.get(order, REVIEW_ORDERS["newest"])
    )


def helpful_voted_review_ids(*, user, review_ids) -> set[int]:
    """Which of these reviews the user has a live helpful vote on (none for anonymous)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        HelpfulVote.objects.filter(
            voter=user, review_id__in=list(review_ids), withdrawn_at=None
        ).values_list("review_id", flat=True)
    )


def reviews_recent_public(*, limit: int = 10) -> QuerySet[Review]:
    return _with_people(Review.objects.filter(status=PUBLISHED)).order_by("-created_at", "-id")[
        :limit
    ]


def reviews_of_author(*, author) -> QuerySet[Review]:
    return _with_people(Review.objects.filter(author=author)).order_by("-created_at", "-id")


def review_of_author(*, author, review_id: int) -> Review:
    """The author's own review; anyone else's is a 404, so ids reveal nothing."""
    return get_object_or_404(_with_people(Review.objects.filter(author=author)), pk=review_id)


def review_public_get(*, review_id: int) -> Review:
    return get_object_or_404(_with_people(Review.objects.filter(status=PUBLISHED)), pk=review_id)


def requester_reviews_for_api(
    *, requester: Requester, since: datetime | None = None, outcome: str = ""
) -> QuerySet[Review]:
    """The requester's published reviews, newest first, optionally only those created at or
    after `since` (the "recent" window) or with one outcome. Authors come with their
    profile, for the pseudonym."""
    reviews = requester.reviews.filter(status=PUBLISHED).select_related("author__profile")
    if since is not None:
        reviews = reviews.filter(created_at__gte=since)
    if outcome:
        reviews = reviews.filter(outcome=outcome)
    return reviews.order_by("-created_at", "-id")


def review_by_idempotency_key(*, author, key: str) -> Review | None:
    """The review an earlier request of this author with this key created, if any."""
    return Review.objects.filter(author=author, idempotency_key=key).first()


def review_for_vote_withdrawal(*, voter, review_id: int) -> Review:
    """A review whose helpful vote the voter may take back: a published one, or any they
    voted on (also one hidden since). Anything else is a 404, so ids reveal nothing."""
    reviews = Review.objects.filter(Q(status=PUBLISHED) | Q(helpful_votes__voter=voter))
    return get_object_or_404(reviews.distinct(), pk=review_id)

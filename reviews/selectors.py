"""Reads. Each returns a queryset (or plain data) with the joins its callers need."""

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from reviews.models import Platform, Requester, Review

PUBLISHED = Review.Status.PUBLISHED


def platforms_list() -> QuerySet[Platform]:
    return Platform.objects.order_by("name")


def requester_search(*, query: str = "", platform: str = "", order: str = "name") -> QuerySet:
    """Requesters matching a name, former name or id, with their public review counts."""
    requesters = Requester.objects.select_related("platform").annotate(
        review_count=Count("reviews", filter=Q(reviews__status=PUBLISHED)),
        last_review_at=Max("reviews__created_at", filter=Q(reviews__status=PUBLISHED)),
    )
    query = " ".join(query.split())
    if query:
        requesters = requesters.filter(
            Q(display_name__icontains=query)
            | Q(external_id__iexact=query)
            | Q(aliases__name__icontains=query)
        ).distinct()
    if platform:
        requesters = requesters.filter(platform__slug=platform)
    if order == "reviews":
        return requesters.order_by("-review_count", "display_name")
    return requesters.order_by("display_name", "id")


def requester_get(*, platform: str, external_id: str) -> Requester:
    return get_object_or_404(
        Requester.objects.select_related("platform").prefetch_related("aliases"),
        platform__slug=platform,
        external_id=external_id,
    )


def _with_people(reviews: QuerySet[Review]) -> QuerySet[Review]:
    return reviews.select_related("author__profile", "requester__platform")


def requester_public_reviews(*, requester: Requester) -> QuerySet[Review]:
    return _with_people(requester.reviews.filter(status=PUBLISHED)).order_by("-created_at", "-id")


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

"""Reads. Each returns a queryset (or plain data) with the joins its callers need."""

from datetime import datetime

from django.db.models import F, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from reviews.models import (
    Platform,
    Requester,
    RequesterAlias,
    RequesterScore,
    Review,
    ScoreExport,
)

PUBLISHED = Review.Status.PUBLISHED

# How search results can be ordered. The figures come from the published score snapshot,
# whose indexed columns let the database sort without reading the JSON; a requester whose
# score isn't computed yet has no figure and goes last.
REQUESTER_SEARCH_ORDERS = {
    "name": ("display_name", "id"),
    "reviews": (F("review_count").desc(nulls_last=True), "display_name", "id"),
    "wage": (F("wage_median").desc(nulls_last=True), "display_name", "id"),
}


def platforms_list() -> QuerySet[Platform]:
    return Platform.objects.order_by("name")


def requester_search(*, query: str = "", platform: str = "", order: str = "name") -> QuerySet:
    """Requesters matching a name, former name or id, ordered by one of
    REQUESTER_SEARCH_ORDERS, each annotated with `review_count` and `wage_median` (all time)
    from its score snapshot, or None for both while that isn't computed yet."""
    # A requester merged into another is found through the one it was merged into.
    requesters = (
        Requester.objects.filter(merged_into__isnull=True)
        .select_related("platform")
        .annotate(review_count=F("score__review_count"), wage_median=F("score__wage_median"))
    )
    query = " ".join(query.split())
    if query:
        requesters = requesters.filter(
            Q(display_name__icontains=query)
            | Q(external_id__iexact=query)
            | Q(aliases__name__icontains=query)
            | Q(merged_duplicates__external_id__iexact=query)
        ).distinct()
    if platform:
        requesters = requesters.filter(platform__slug=platform)
    return requesters.order_by(*REQUESTER_SEARCH_ORDERS.get(order, REQUESTER_SEARCH_ORDERS["name"]))


def requester_get(*, platform: str, external_id: str) -> Requester:
    return get_object_or_404(
        Requester.objects.select_related("platform").prefetch_related("aliases"),
        platform__slug=platform,
        external_id=external_id,
    )


def requester_score_get(*, requester: Requester) -> RequesterScore | None:
    """The requester's published score snapshot; None until its first recompute."""
    return RequesterScore.objects.filter(requester=requester).first()


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


# --- Extension API reads ------------------------------------------------------------------


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


def requester_aliases_by_external_id(*, platform: str, external_ids: list[str]) -> dict:
    """{external_id: [former names, most recently seen first]} for the requesters that have any."""
    aliases: dict[str, list[str]] = {}
    rows = (
        RequesterAlias.objects.filter(
            requester__platform__slug=platform, requester__external_id__in=external_ids
        )
        .order_by("-last_seen_at", "name")
        .values_list("requester__external_id", "name")
    )
    for external_id, name in rows:
        aliases.setdefault(external_id, []).append(name)
    return aliases


def scores_newest_computed_at() -> datetime | None:
    return RequesterScore.objects.aggregate(newest=Max("computed_at"))["newest"]


def score_export_latest_meta() -> ScoreExport | None:
    """The newest export without its content (enough to answer a conditional request)."""
    return ScoreExport.objects.defer("content").order_by("-created_at", "-id").first()


def score_export_content(*, export_id: int) -> bytes:
    content = ScoreExport.objects.filter(pk=export_id).values_list("content", flat=True).get()
    return bytes(content)


def review_by_idempotency_key(*, author, key: str) -> Review | None:
    """The review an earlier request of this author with this key created, if any."""
    return Review.objects.filter(author=author, idempotency_key=key).first()

"""Reads of platforms and requesters: search, one requester, its former names."""

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from reviews.models import Platform, Requester, RequesterAlias

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

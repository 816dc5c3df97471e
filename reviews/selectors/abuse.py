"""Reads for the abuse-signal pages and endpoints: moderators' eyes only.

What they select is what moderators may see: reviews, requesters and accounts by pseudonym.
A signal's ``details`` can hold a network fingerprint; callers never show them.
"""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from reviews.models import AbuseSignal, Review

SIGNAL_STATUSES = tuple(AbuseSignal.Status.values)


def _with_parties(queryset: QuerySet[AbuseSignal]) -> QuerySet[AbuseSignal]:
    reviews = Review.objects.select_related("requester__platform", "author__profile").order_by(
        "created_at", "pk"
    )
    return queryset.select_related("decided_by__profile").prefetch_related(
        Prefetch("reviews", queryset=reviews), "accounts__profile"
    )


def abuse_signals_list(*, status: str | None = None) -> QuerySet[AbuseSignal]:
    """Signals strongest first (of one status, or all), with their reviews and accounts."""
    queryset = AbuseSignal.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    return _with_parties(queryset).order_by("-strength", "created_at", "pk")


def abuse_signal_get(*, signal_id: int) -> AbuseSignal:
    return get_object_or_404(_with_parties(AbuseSignal.objects.all()), pk=signal_id)

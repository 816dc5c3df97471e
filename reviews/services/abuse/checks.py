"""Running the detectors: ``abuse_check`` after each new review or flag (from a Celery task)
runs every detector over the recent history of the requesters concerned: the review's
requester, the requesters other accounts on its author's networks reviewed lately, those whose
recent reviews carry a copy of its text, and a few other recently reviewed ones as the
population that network statistics are measured against. ``abuse_sweep`` (beat) reruns them
over the last days of every requester, which also finds what no single requester shows
(copy-paste spread thin)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from reviews.abuse.rare_text import features
from reviews.abuse.sweep import detect_in_db
from reviews.abuse.thresholds import Thresholds
from reviews.abuse.vote_rows import vote_rings_in_db
from reviews.models import Flag, NetworkFingerprint, Review
from reviews.services.abuse.recording import Recorded, detections_record

# The per-write check looks at no more requesters than this (a busy shared network, a common
# phrase); the periodic sweep sees everything anyway.
CHECK_MAX_REQUESTERS = 50


def abuse_check(
    *,
    review_ids: Collection[int] = (),
    flag_ids: Collection[int] = (),
    thresholds: Thresholds | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Check new (or edited) reviews and new flags: every detector over the recent history of
    the requesters concerned, reporting only findings that name one of them (or a flag since
    the earliest of them). Idempotent: running it twice records nothing new."""
    thresholds = thresholds or Thresholds.from_settings()
    now = now or timezone.now()
    reviews = list(
        Review.objects.filter(pk__in=list(review_ids))
        .exclude(status=Review.Status.WITHDRAWN)
        .values("pk", "requester_id", "author_id", "created_at", "text")
    )
    flags = list(
        Flag.objects.filter(pk__in=list(flag_ids)).values(
            "pk", "created_at", "review__requester_id"
        )
    )
    if not reviews and not flags:
        return Recorded()
    since = min([r["created_at"] for r in reviews] + [f["created_at"] for f in flags])
    requester_ids = {r["requester_id"] for r in reviews} | {
        f["review__requester_id"] for f in flags
    }
    requester_ids |= _requesters_of_shared_networks(reviews, thresholds, now, requester_ids)
    requester_ids |= _requesters_with_copies(reviews, thresholds, now, requester_ids)
    requester_ids |= _context_requesters(thresholds, now, requester_ids)
    detections = detect_in_db(
        since, now + timedelta(seconds=1), thresholds, requester_ids=requester_ids
    )
    return detections_record(detections, thresholds=thresholds)


def _context_requesters(thresholds: Thresholds, now: datetime, known: set[int]) -> set[int]:
    """Some other recently reviewed requesters, as a population: statistics such as "how
    many of all accounts review this requester" mean nothing over one requester's rows (it
    would be all of them), so the check reads these too (ABUSE_CHECK_CONTEXT_REQUESTERS)."""
    wanted = settings.ABUSE_CHECK_CONTEXT_REQUESTERS
    if wanted <= 0:
        return set()
    recent = (
        Review.objects.filter(
            created_at__gte=now - timedelta(days=thresholds.shared_network_window_days)
        )
        .exclude(requester_id__in=known)
        .order_by("-created_at")
        .values_list("requester_id", flat=True)[: wanted * 20]
    )
    found: list[int] = []
    for requester_id in recent:
        if requester_id not in found:
            found.append(requester_id)
            if len(found) == wanted:
                break
    return set(found)


def _requesters_of_shared_networks(
    reviews: list[dict], thresholds: Thresholds, now: datetime, known: set[int]
) -> set[int]:
    """Requesters reviewed lately from the networks these reviews were written from: a ring
    padding several requesters is judged on all of them at once."""
    if not reviews:
        return set()
    networks = NetworkFingerprint.objects.filter(
        review_id__in=[r["pk"] for r in reviews]
    ).values_list("network_hash", flat=True)
    start = now - timedelta(days=thresholds.shared_network_window_days)
    found = (
        Review.objects.filter(fingerprints__network_hash__in=list(networks), created_at__gte=start)
        .exclude(requester_id__in=known)
        .values_list("requester_id", flat=True)
        .distinct()
    )
    return set(found[:CHECK_MAX_REQUESTERS])


def _requesters_with_copies(
    reviews: list[dict], thresholds: Thresholds, now: datetime, known: set[int]
) -> set[int]:
    """Requesters whose recent reviews by other accounts are near-copies of these reviews'
    texts, so the near-duplicate detector sees the copies side by side."""
    mine = [
        (r["author_id"], s)
        for r in reviews
        if (s := features(r["text"] or "", thresholds.near_duplicate_min_words)) is not None
    ]
    if not mine:
        return set()
    recent = (
        Review.objects.filter(
            created_at__gte=now - timedelta(hours=settings.ABUSE_CHECK_TEXT_HOURS)
        )
        .exclude(status=Review.Status.WITHDRAWN)
        .exclude(requester_id__in=known)
        .exclude(pk__in=[r["pk"] for r in reviews])
        .exclude(text="")
        .order_by("-created_at")
        .values_list("requester_id", "author_id", "text")[: settings.ABUSE_CHECK_TEXT_LIMIT]
    )
    found: set[int] = set()
    for requester_id, author_id, text in recent.iterator(chunk_size=500):
        if requester_id in found:
            continue
        theirs = features(text, thresholds.near_duplicate_min_words)
        if theirs is None:
            continue
        if any(
            # Unweighted overlap, looser than the detector's test: this only picks which
            # requesters' rows the detector reads; the detector weighs rarity itself.
            author_id != author
            and len(own & theirs) >= thresholds.near_duplicate_min_similarity * len(own | theirs)
            for author, own in mine
        ):
            found.add(requester_id)
            if len(found) >= CHECK_MAX_REQUESTERS:
                break
    return found


def abuse_sweep(
    *,
    days: float | None = None,
    thresholds: Thresholds | None = None,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> Recorded:
    """Rerun every detector over the reviews and flags of the last ``days``
    (ABUSE_SWEEP_LOOKBACK_DAYS), all requesters together; record what is new."""
    thresholds = thresholds or Thresholds.from_settings()
    now = now or timezone.now()
    days = settings.ABUSE_SWEEP_LOOKBACK_DAYS if days is None else days
    detections = detect_in_db(
        now - timedelta(days=days),
        now + timedelta(seconds=1),
        thresholds,
        progress=progress,
    )
    # Helpful votes traded in a group: a hint that never holds (reviews/abuse/vote_rings.py).
    detections += vote_rings_in_db(now - timedelta(days=days), now + timedelta(seconds=1))
    return detections_record(detections, thresholds=thresholds)

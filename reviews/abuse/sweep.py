"""Rows from the database for the detectors, streamed in bounded memory.

``sweep_rows`` reads reviews in time order through a server-side cursor (``.iterator``), so
a million rows never sit in memory at once. ``detect_in_db`` walks [since, until) in windows
of ``sweep_window_days``, keeping only each window and the ``burst_baseline_days`` before it
(the context bursts, consensus and duplicate texts are judged against), and returns each
detection once. The Celery flow turns the detections into AbuseSignals; this module writes
nothing.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterator
from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery

from reviews.abuse.detection import Detection, sort_detections
from reviews.abuse.rare_text import FeatureCache
from reviews.abuse.rows import FlagRow, Id, RequesterKey, ReviewRow
from reviews.abuse.run import run_all
from reviews.abuse.thresholds import Thresholds
from reviews.models import Flag, NetworkFingerprint, RequesterClaim, Review

RATING_FIELDS = ("rating_pay", "rating_fair", "rating_fast", "rating_comm")
COLUMNS = (
    "pk",
    "author_id",
    "author__date_joined",
    "network",
    "requester__platform__slug",
    "requester_id",
    "created_at",
    "text",
    *RATING_FIELDS,
    "recommend",
)


def review_rows_queryset(
    since: datetime, until: datetime, requester_ids: Collection[int] | None = None
):
    """The reviews in [since, until) as value tuples in time order (withdrawn ones left out:
    their authors took them back)."""
    first_network = (
        NetworkFingerprint.objects.filter(review=OuterRef("pk"))
        .order_by("created_at", "pk")
        .values("network_hash")[:1]
    )
    queryset = Review.objects.filter(created_at__gte=since, created_at__lt=until).exclude(
        status=Review.Status.WITHDRAWN
    )
    if requester_ids is not None:
        queryset = queryset.filter(requester_id__in=list(requester_ids))
    return (
        queryset.annotate(network=Subquery(first_network))
        .order_by("created_at", "pk")
        .values_list(*COLUMNS)
    )


def sweep_rows(
    since: datetime,
    until: datetime,
    chunk_size: int = 2000,
    *,
    requester_ids: Collection[int] | None = None,
) -> Iterator[ReviewRow]:
    """ReviewRows for the reviews created in [since, until), oldest first, fetched
    ``chunk_size`` at a time."""
    for values in review_rows_queryset(since, until, requester_ids).iterator(chunk_size=chunk_size):
        pk, author, joined, network, platform, requester, created, text, *rest = values
        ratings = {
            name.removeprefix("rating_"): value
            for name, value in zip(RATING_FIELDS, rest[:4], strict=True)
            if value is not None
        }
        yield ReviewRow(
            review_id=pk,
            author=author,
            author_joined_at=joined,
            network=network,
            platform=platform,
            requester_id=requester,
            created_at=created,
            text=text,
            ratings=ratings or None,
            recommend=rest[4],
        )


def representatives_in_db() -> tuple[dict[RequesterKey, frozenset[Id]], dict[Id, frozenset[str]]]:
    """Approved representatives of each requester, and every network seen for them."""
    representatives: dict[RequesterKey, set[Id]] = defaultdict(set)
    claims = RequesterClaim.objects.filter(status=RequesterClaim.Status.APPROVED).values_list(
        "requester__platform__slug", "requester_id", "user_id"
    )
    for platform, requester, user in claims:
        representatives[(platform, requester)].add(user)
    users = {u for members in representatives.values() for u in members}
    networks: dict[Id, set[str]] = defaultdict(set)
    for user, network in NetworkFingerprint.objects.filter(user_id__in=users).values_list(
        "user_id", "network_hash"
    ):
        networks[user].add(network)
    return (
        {k: frozenset(v) for k, v in representatives.items()},
        {k: frozenset(v) for k, v in networks.items()},
    )


def flag_rows(
    since: datetime, until: datetime, representatives: dict[RequesterKey, frozenset[Id]]
) -> list[FlagRow]:
    values = (
        Flag.objects.filter(created_at__gte=since, created_at__lt=until)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "flagger_id",
            "review_id",
            "review__requester__platform__slug",
            "review__requester_id",
            "created_at",
        )
    )
    return [
        FlagRow(
            flag_id=pk,
            flagger=flagger,
            review_id=review,
            platform=platform,
            requester_id=requester,
            created_at=created,
            flagger_is_representative=flagger in representatives.get((platform, requester), ()),
        )
        for pk, flagger, review, platform, requester, created in values
    ]


def detect_in_db(
    since: datetime,
    until: datetime,
    thresholds: Thresholds | None = None,
    *,
    requester_ids: Collection[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Detection]:
    """Every detection naming a review or flag created in [since, until), each once.

    ``requester_ids`` limits the rows to some requesters (the per-review check: that
    requester's recent history); near-duplicate texts across requesters and network
    statistics then see only those rows, so the periodic sweep runs without it.
    ``progress`` is called with the number of rows read so far after each window.
    """
    thresholds = thresholds or Thresholds.from_settings()
    context = timedelta(days=thresholds.burst_baseline_days)
    step = timedelta(days=thresholds.sweep_window_days)
    flag_context = timedelta(hours=thresholds.mass_flag_window_hours)
    representatives, account_networks = representatives_in_db()
    found: dict[str, Detection] = {}
    buffer: deque[ReviewRow] = deque()
    # Each review is in two windows' rows (its own and the next one's baseline): its text
    # features are worked out once.
    features_of = FeatureCache(thresholds.near_duplicate_min_words)
    history_start: datetime | None = None
    window_start = since
    read = 0

    def run_window(start: datetime, end: datetime) -> None:
        flags = flag_rows(start - flag_context, end, representatives)
        if requester_ids is not None:
            allowed = set(requester_ids)
            flags = [f for f in flags if f.requester_id in allowed]
        for detection in run_all(
            list(buffer),
            flags,
            representatives,
            thresholds,
            account_networks=account_networks,
            since=start,
            until=end,
            history_start=history_start,
            every_requester=requester_ids is None,
            features_of=features_of,
        ):
            found.setdefault(detection.fingerprint, detection)
        if progress is not None:
            progress(read)

    for row in sweep_rows(
        since - context, until, thresholds.sweep_chunk_size, requester_ids=requester_ids
    ):
        if history_start is None:
            history_start = row.created_at
        while row.created_at >= min(window_start + step, until):
            run_window(window_start, min(window_start + step, until))
            window_start += step
            while buffer and buffer[0].created_at < window_start - context:
                buffer.popleft()
            features_of.retain(r.review_id for r in buffer)
        buffer.append(row)
        read += 1
    while window_start < until:
        run_window(window_start, min(window_start + step, until))
        window_start += step
        while buffer and buffer[0].created_at < window_start - context:
            buffer.popleft()
    return sort_detections(found.values())

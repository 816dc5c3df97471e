"""Reads for moderation: the queue, a case, the public log, hidden reviews, notifications.

Most of these are for moderators' eyes only; the public ones (the log, hidden reviews)
select nothing private.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from reviews.abuse.detection import MASS_FLAGGING, Detection
from reviews.abuse.queue import hint_entries
from reviews.models import (
    AbuseSignal,
    Dispute,
    Flag,
    ModerationAction,
    Notification,
    RequesterClaim,
    Review,
    WorkerProfile,
)

OPEN_FLAG = Q(flags__status=Flag.Status.OPEN)
QUEUE_SECTIONS = ("flags", "disputes", "appeals", "claims", "signals")


def flagged_reviews_queue() -> QuerySet[Review]:
    """Reviews with open flags, one row each however many flags: the most flagged first,
    then the longest waiting. Each has `open_flags` and `oldest_flag_at`."""
    return (
        Review.objects.filter(OPEN_FLAG)
        .annotate(
            open_flags=Count("flags", filter=OPEN_FLAG),
            oldest_flag_at=Min("flags__created_at", filter=OPEN_FLAG),
        )
        .select_related("requester__platform", "author__profile")
        .order_by("-open_flags", "oldest_flag_at", "pk")
    )


def disputes_open_queue() -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(status=Dispute.Status.OPEN)
        .select_related("review__requester__platform")
        .order_by("created_at", "pk")
    )


def appeals_open_queue() -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(status=Dispute.Status.APPEALED)
        .select_related("review__requester__platform")
        .order_by("appealed_at", "pk")
    )


def claims_pending_queue() -> QuerySet[RequesterClaim]:
    return (
        RequesterClaim.objects.filter(status=RequesterClaim.Status.PENDING)
        .select_related("requester__platform", "user__profile")
        .order_by("created_at", "pk")
    )


# What needs a moderator's decision: signals holding reviews, and mass flagging (it points at
# flaggers). Other open signals are hints, grouped per requester and day and by the same
# accounts, collapsed unless two kinds meet (reviews/abuse/queue.py gives the reasoning;
# detect_abuse measures the same rule).
NEEDS_DECISION = Q(holds_reviews=True) | Q(kind=MASS_FLAGGING)


def abuse_signals_open_queue() -> QuerySet[AbuseSignal]:
    return (
        AbuseSignal.objects.filter(NEEDS_DECISION, status=AbuseSignal.Status.OPEN)
        .prefetch_related("reviews")
        .order_by("-strength", "created_at", "pk")
    )


@dataclass(frozen=True)
class HintGroup:
    """Hints shown together: one requester and day, or the same accounts across several.
    ``collapsed`` groups are listed folded; the others are worth a look (two kinds met)."""

    requester: str
    days: list[str]
    kinds: list[str]
    signals: list[AbuseSignal]
    collapsed: bool


# How many open hints one page of the signals queue groups, the most recent first; older
# ones are on the next hint page. Groups are formed within a page.
HINTS_PER_PAGE = 200


@dataclass(frozen=True)
class HintPage:
    """One page of open hints, grouped; ``number`` counts from 1 (the most recent)."""

    groups: list[HintGroup]
    number: int
    first: int  # the position of its first and last hint among all open hints, from 1
    last: int
    has_older: bool


def open_hints() -> QuerySet[AbuseSignal]:
    """Open signals that need no decision: the hints."""
    return AbuseSignal.objects.filter(status=AbuseSignal.Status.OPEN).exclude(NEEDS_DECISION)


def abuse_signal_hint_page(number: int = 1, *, total: int | None = None) -> HintPage:
    """Open hints (signals that hold nothing) grouped as ``reviews/abuse/queue.py`` groups
    them (the rule ``detect_abuse`` measures): groups worth a look first, then collapsed
    ones; every hint of the page is in one group. A page holds HINTS_PER_PAGE hints, the
    most recent first; a number past the last page gives the last one. ``total``, the
    number of open hints, when the caller has counted them already (the queue page's
    counts): a flood of hints is not counted twice per page view."""
    per_page = HINTS_PER_PAGE
    hints_open = open_hints().order_by("-created_at", "-pk")
    if total is None:
        total = hints_open.count()
    number = max(1, min(number, (total + per_page - 1) // per_page or 1))
    offset = (number - 1) * per_page
    hints = list(
        hints_open.prefetch_related(
            Prefetch("reviews", queryset=Review.objects.only("pk")),
            Prefetch("accounts", queryset=get_user_model().objects.only("pk")),
        )[offset : offset + per_page]
    )
    return HintPage(
        groups=_hint_groups(hints),
        number=number,
        first=offset + 1 if hints else 0,
        last=offset + len(hints),
        has_older=offset + len(hints) < total,
    )


def _hint_groups(hints: list[AbuseSignal]) -> list[HintGroup]:
    signal_of = {}
    for signal in hints:
        details = dict(signal.details)
        details.setdefault("start", signal.created_at.isoformat())
        detection = Detection(
            kind=signal.kind,
            strength=signal.strength,
            review_ids=tuple(r.pk for r in signal.reviews.all()),
            accounts=tuple(a.pk for a in signal.accounts.all()),
            evidence=signal.evidence,
            details=details,
        )
        signal_of[id(detection)] = (detection, signal)
    entries = hint_entries(detection for detection, _ in signal_of.values())
    return [
        HintGroup(
            requester=":".join(map(str, entry.requester))
            if entry.requester
            else "several requesters",
            days=list(entry.days),
            kinds=list(entry.kinds),
            signals=[signal_of[id(d)][1] for d in entry.detections],
            collapsed=entry.collapsed,
        )
        for entry in entries
    ]


def moderation_queue_counts() -> dict[str, int]:
    return {
        "flags": Flag.objects.filter(status=Flag.Status.OPEN).count(),
        "flagged_reviews": Review.objects.filter(OPEN_FLAG).distinct().count(),
        "disputes": disputes_open_queue().count(),
        "appeals": appeals_open_queue().count(),
        "claims": claims_pending_queue().count(),
        "signals": abuse_signals_open_queue().count(),
        "signal_hints": open_hints().count(),
    }


def moderation_queue_section(section: str) -> QuerySet:
    return {
        "flags": flagged_reviews_queue,
        "disputes": disputes_open_queue,
        "appeals": appeals_open_queue,
        "claims": claims_pending_queue,
        "signals": abuse_signals_open_queue,
    }[section]()


def case_review_get(*, review_id: int) -> Review:
    """Any review, whatever its status, with what a moderator's case page shows."""
    return get_object_or_404(
        Review.objects.select_related("requester__platform", "author__profile"), pk=review_id
    )


def case_flags(*, review: Review) -> QuerySet[Flag]:
    """The review's flags with their flaggers: for moderators only."""
    return review.flags.select_related("flagger__profile", "resolved_by__profile").order_by(
        "status", "created_at", "pk"
    )


def review_moderation_history(*, review: Review) -> QuerySet[ModerationAction]:
    return review.moderation.select_related("actor__profile").order_by("created_at", "pk")


def moderation_log() -> QuerySet[ModerationAction]:
    """The public log, newest first. Callers show only public fields (see the log template
    and the API serializer): never e-mails, claim contacts, flaggers or network data."""
    return ModerationAction.objects.select_related(
        "actor__profile", "review__requester__platform", "requester__platform", "subject__profile"
    ).order_by("-created_at", "-id")


def reviews_hidden() -> QuerySet[Review]:
    """Hidden reviews, most recently hidden first, each with `hidden_at`; their public
    reason is `moderation_reason`."""
    last_hide = (
        ModerationAction.objects.filter(
            review=OuterRef("pk"), kind=ModerationAction.Kind.REVIEW_HIDE
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Review.objects.filter(status=Review.Status.HIDDEN)
        .annotate(hidden_at=Subquery(last_hide))
        .select_related("requester__platform", "author__profile")
        .order_by("-hidden_at", "-pk")
    )


def profile_by_pseudonym(*, pseudonym: str) -> WorkerProfile:
    return get_object_or_404(
        WorkerProfile.objects.select_related("user"), pseudonym__iexact=pseudonym
    )


def account_moderation_history(*, user) -> QuerySet[ModerationAction]:
    return user.moderation_received.select_related("actor__profile").order_by("-created_at", "-id")


def claim_get(*, claim_id: int) -> RequesterClaim:
    return get_object_or_404(
        RequesterClaim.objects.select_related("requester__platform", "user__profile"),
        pk=claim_id,
    )


def notifications_of(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notifications_unread_count(*, user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

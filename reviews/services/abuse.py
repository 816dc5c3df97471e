"""The abuse-detection flow: run the detectors after each write and in a periodic sweep, turn
what they find into AbuseSignals, hold the reviews of strong ones, and let moderators decide.

- ``abuse_check`` (after each new review or flag, from a Celery task) runs every detector over
  the recent history of the requesters concerned: the review's requester, the requesters other
  accounts on its author's networks reviewed lately, those whose recent reviews carry a copy
  of its text, and a few other recently reviewed ones as the population that network
  statistics are measured against. ``abuse_sweep`` (beat) reruns them over the last days of
  every requester, which also finds what no single requester shows (copy-paste spread thin).
- ``detections_record`` turns each detection into one AbuseSignal, deduplicated by what it
  found (kind and the reviews or flags involved). A finding that grows (a ring's next puppet
  posts) grows the open signal it contains instead of opening a second one; a finding already
  contained in a signal, open or decided, is not recorded again.
- A signal at least as strong as the hold threshold holds its published reviews (status
  "held": out of the scores, still visible to their authors) until a moderator clears it
  (they return) or confirms it (they are hidden; the accounts may be suspended). A review a
  moderator cleared for a kind of signal is not held again by a signal of that kind.
Detection never deletes anything and never acts on an account: only moderators do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews.abuse.detection import MASS_FLAGGING, Detection
from reviews.abuse.rare_text import features
from reviews.abuse.sweep import detect_in_db
from reviews.abuse.thresholds import Thresholds
from reviews.abuse.vote_rows import vote_rings_in_db
from reviews.models import (
    AbuseSignal,
    Dispute,
    Flag,
    ModerationAction,
    NetworkFingerprint,
    Review,
    WorkerProfile,
)
from reviews.permissions import represented_requester_ids
from reviews.services.moderation import AlreadyDone, ensure_can_moderate, user_suspend
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.signals import announce_review_changed

logger = logging.getLogger(__name__)

Kind = ModerationAction.Kind
# The per-write check looks at no more requesters than this (a busy shared network, a common
# phrase); the periodic sweep sees everything anyway.
CHECK_MAX_REQUESTERS = 50
SUSPENSION_REASON_MAX_LENGTH = WorkerProfile._meta.get_field("suspension_reason").max_length


@dataclass
class Recorded:
    """What recording detections did, for the tasks' logs and the tests."""

    created: list[int] = field(default_factory=list)
    grown: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    held_reviews: list[int] = field(default_factory=list)

    @property
    def signal_ids(self) -> list[int]:
        return [*self.created, *self.grown, *self.updated]


# --- Running the detectors ------------------------------------------------------------------


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


# --- Recording detections -------------------------------------------------------------------


def detections_record(
    detections: Iterable[Detection], *, thresholds: Thresholds | None = None
) -> Recorded:
    """Turn detections into AbuseSignals (one transaction each) and hold what strong ones
    name."""
    thresholds = thresholds or Thresholds.from_settings()
    recorded = Recorded()
    for detection in detections:
        if not detection.review_ids:
            continue
        for attempt in range(2):
            try:
                with transaction.atomic():
                    _record_one(detection, thresholds, recorded)
                break
            except IntegrityError:
                # A concurrent check recorded the same finding first; the second attempt
                # finds it and updates or skips it.
                if attempt:
                    raise
    return recorded


def _details(detection: Detection) -> dict:
    details = dict(detection.details)
    if detection.flag_ids:
        details["flag_ids"] = list(detection.flag_ids)
    return details


def _contains(outer_reviews, outer_accounts, outer_flags, inner: Detection) -> bool:
    return (
        set(inner.review_ids) <= outer_reviews
        and set(inner.accounts) <= outer_accounts
        and set(inner.flag_ids) <= outer_flags
    )


def _signal_sets(signal: AbuseSignal) -> tuple[set, set, set]:
    return (
        {r.pk for r in signal.reviews.all()},
        {a.pk for a in signal.accounts.all()},
        set(signal.details.get("flag_ids", [])),
    )


def _record_one(detection: Detection, thresholds: Thresholds, recorded: Recorded) -> None:
    review_ids = list(detection.review_ids)
    # Lock the reviews involved, in a fixed order: two checks recording overlapping findings
    # (two puppets of one ring posting at once) take turns instead of both opening a signal.
    list(
        Review.objects.select_for_update(of=("self",))
        .filter(pk__in=review_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    holds = detection.holds(thresholds)
    same = AbuseSignal.objects.select_for_update().filter(fingerprint=detection.fingerprint).first()
    if same is not None:
        if same.status != AbuseSignal.Status.OPEN:
            # Decided by a moderator: the same finding never reopens or re-holds it.
            recorded.unchanged += 1
            return
        changed = (
            same.strength != detection.strength
            or same.evidence != detection.evidence
            or (holds and not same.holds_reviews)
        )
        if changed:
            same.strength = detection.strength
            same.evidence = detection.evidence[:4000]
            same.details = _details(detection)
            same.holds_reviews = same.holds_reviews or holds
            same.save(update_fields=["strength", "evidence", "details", "holds_reviews"])
            recorded.updated.append(same.pk)
        else:
            recorded.unchanged += 1
        recorded.held_reviews.extend(_hold(same))
        return

    overlapping = AbuseSignal.objects.filter(kind=detection.kind, reviews__in=review_ids)
    related = list(
        AbuseSignal.objects.select_for_update()
        .filter(pk__in=overlapping.values("pk"))
        .order_by("pk")
        .prefetch_related("reviews", "accounts")
    )
    for signal in related:
        if _contains(*_signal_sets(signal), detection):
            # Already reported in full (maybe decided): nothing new to say.
            recorded.unchanged += 1
            return
    found = (set(review_ids), set(detection.accounts), set(detection.flag_ids))
    growable = [
        s
        for s in related
        if s.status == AbuseSignal.Status.OPEN
        and all(part <= whole for part, whole in zip(_signal_sets(s), found, strict=True))
    ]
    if growable:
        signal = max(growable, key=lambda s: (len(s.reviews.all()), -s.pk))
        signal.fingerprint = detection.fingerprint
        signal.strength = max(signal.strength, detection.strength)
        signal.evidence = detection.evidence[:4000]
        signal.details = _details(detection)
        signal.holds_reviews = signal.holds_reviews or holds
        signal.save(
            update_fields=["fingerprint", "strength", "evidence", "details", "holds_reviews"]
        )
        recorded.grown.append(signal.pk)
    else:
        signal = AbuseSignal.objects.create(
            kind=detection.kind,
            strength=detection.strength,
            evidence=detection.evidence[:4000],
            details=_details(detection),
            fingerprint=detection.fingerprint,
            holds_reviews=holds,
        )
        recorded.created.append(signal.pk)
    signal.reviews.add(*review_ids)
    signal.accounts.add(*detection.accounts)
    recorded.held_reviews.extend(_hold(signal))


def _hold(signal: AbuseSignal) -> list[int]:
    """Hold the signal's published reviews, except those a moderator cleared for a signal of
    the same kind. Hidden and withdrawn reviews stay as they are."""
    if not signal.holds_reviews or signal.status != AbuseSignal.Status.OPEN:
        return []
    cleared = Review.objects.filter(
        abuse_signals__kind=signal.kind, abuse_signals__status=AbuseSignal.Status.CLEARED
    )
    held = []
    candidates = (
        Review.objects.select_for_update(of=("self",))
        .filter(abuse_signals=signal, status=Review.Status.PUBLISHED)
        .exclude(pk__in=cleared)
        .order_by("pk")
    )
    for review in candidates:
        review.status = Review.Status.HELD
        review.save(update_fields=["status", "updated_at"])
        announce_review_changed(review, "held")
        held.append(review.pk)
    if held:
        logger.info("abuse signal %s (%s) holds reviews %s", signal.pk, signal.kind, held)
    return held


# --- Moderators decide ----------------------------------------------------------------------


def ensure_can_decide(moderator, signal: AbuseSignal) -> None:
    """A moderator (active, not suspended) with no stake in the signal: none of its reviews
    is theirs, of a requester they represent or one they disputed, and it doesn't name them."""
    ensure_can_moderate(moderator)
    reviews = signal.reviews.all()
    if reviews.filter(author=moderator).exists():
        raise PermissionDenied(
            "This signal involves your own review, so another moderator must decide it."
        )
    if signal.accounts.filter(pk=moderator.pk).exists():
        raise PermissionDenied(
            "This signal names your account, so another moderator must decide it."
        )
    if {r.requester_id for r in reviews} & represented_requester_ids(moderator):
        raise PermissionDenied(
            "You represent a requester this signal concerns, so another moderator must decide it."
        )
    if Dispute.objects.filter(review__in=reviews, opened_by=moderator).exists():
        raise PermissionDenied(
            "You disputed a review this signal involves, so another moderator must decide it."
        )


def _log(signal: AbuseSignal, moderator, kind: str, reason: str, details: dict) -> None:
    reviews = list(signal.reviews.all())
    requesters = {r.requester_id for r in reviews}
    action_record(
        actor=moderator,
        kind=kind,
        reason=reason,
        review=reviews[0] if len(reviews) == 1 else None,
        requester=reviews[0].requester if len(requesters) == 1 else None,
        details={"signal": signal.pk, "signal_kind": signal.kind, **details},
    )


def _decide(signal: AbuseSignal, moderator, status: str) -> AbuseSignal:
    # Reviews first, in pk order, then the signal: the order the checks lock them in, so a
    # decision and a check touching the same reviews wait for each other, never deadlock.
    list(
        Review.objects.select_for_update(of=("self",))
        .filter(pk__in=signal.reviews.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    current = AbuseSignal.objects.select_for_update().get(pk=signal.pk)
    if current.status != AbuseSignal.Status.OPEN:
        raise AlreadyDone(f"This signal was already {current.get_status_display().lower()}.")
    current.status = status
    current.decided_at = timezone.now()
    current.decided_by = moderator
    current.save(update_fields=["status", "decided_at", "decided_by"])
    return current


def _review_url(review: Review) -> str:
    return reverse("reviews:review_detail", args=[review.pk])


def signal_clear(*, signal: AbuseSignal, moderator, reason: str) -> AbuseSignal:
    """The signal was a false alarm: its held reviews return to the scores, unless another
    open signal still holds them. Logged; the authors of returned reviews are told."""
    ensure_can_decide(moderator, signal)
    reason = reason_validate(reason)
    with transaction.atomic():
        current = _decide(signal, moderator, AbuseSignal.Status.CLEARED)
        still_held = Review.objects.filter(
            abuse_signals__status=AbuseSignal.Status.OPEN,
            abuse_signals__holds_reviews=True,
        )
        released = []
        for review in (
            Review.objects.select_for_update(of=("self",))
            .select_related("requester")
            .filter(abuse_signals=current, status=Review.Status.HELD)
            .exclude(pk__in=still_held)
            .order_by("pk")
        ):
            review.status = Review.Status.PUBLISHED
            review.save(update_fields=["status", "updated_at"])
            announce_review_changed(review, "released")
            notify(
                user=review.author,
                kind="review_released",
                message=(
                    f"Your review of {review.requester.display_name} was held by an automatic "
                    "abuse check. A moderator looked at it: it is public and counts in the "
                    "scores again."
                )[:500],
                url=_review_url(review),
            )
            released.append(review.pk)
        _log(current, moderator, Kind.SIGNAL_CLEAR, reason, {"released": released})
    return current


def signal_confirm(
    *, signal: AbuseSignal, moderator, reason: str, suspend_until: datetime | None = None
) -> AbuseSignal:
    """The signal is abuse: its reviews are hidden (with the reason), or for mass flagging the
    flags are dismissed (the flagged reviews are the victims); with ``suspend_until``, the
    accounts it names are suspended from posting until then, each through user_suspend (so
    each is logged, and only an admin may suspend a moderator). All or nothing."""
    ensure_can_decide(moderator, signal)
    reason = reason_validate(reason)
    if suspend_until is not None:
        if suspend_until <= timezone.now():
            raise ValidationError({"suspend_until": "A suspension ends in the future."})
        if len(reason) > SUSPENSION_REASON_MAX_LENGTH:
            raise ValidationError(
                {"reason": "With a suspension, a reason has at most 500 characters."}
            )
    with transaction.atomic():
        current = _decide(signal, moderator, AbuseSignal.Status.CONFIRMED)
        now = timezone.now()
        hidden: list[int] = []
        dismissed: list[int] = []
        if current.kind == MASS_FLAGGING:
            flags = Flag.objects.select_for_update().filter(
                pk__in=current.details.get("flag_ids", []), status=Flag.Status.OPEN
            )
            dismissed = list(flags.values_list("pk", flat=True))
            Flag.objects.filter(pk__in=dismissed).update(
                status=Flag.Status.DISMISSED, resolved_at=now, resolved_by=moderator
            )
        else:
            hidden = _hide_all(current, moderator, reason, now)
        suspended = []
        if suspend_until is not None:
            for account in current.accounts.select_related("profile").order_by("pk"):
                until = account.profile.posting_suspended_until
                if until is not None and until >= suspend_until:
                    continue  # never shorten a longer suspension
                user_suspend(moderator=moderator, user=account, until=suspend_until, reason=reason)
                suspended.append(account.profile.pseudonym)
        _log(
            current,
            moderator,
            Kind.SIGNAL_CONFIRM,
            reason,
            {
                "hidden": hidden,
                "flags_dismissed": dismissed,
                "suspended": suspended,
                "suspend_until": suspend_until.isoformat() if suspend_until else None,
            },
        )
    return current


def _hide_all(signal: AbuseSignal, moderator, reason: str, now: datetime) -> list[int]:
    hidden = []
    for review in (
        Review.objects.select_for_update(of=("self",))
        .select_related("requester")
        .filter(abuse_signals=signal, status__in=[Review.Status.PUBLISHED, Review.Status.HELD])
        .order_by("pk")
    ):
        review.status = Review.Status.HIDDEN
        review.moderation_reason = reason
        review.save(update_fields=["status", "moderation_reason", "updated_at"])
        # Flags on it were right: they count as acted on (flaggers stay unnamed).
        open_flags = Flag.objects.filter(review=review, status=Flag.Status.OPEN)
        for flag in open_flags.select_related("flagger"):
            notify(
                user=flag.flagger,
                kind="flag_resolved",
                message=(
                    f"Your flag on a review of {review.requester.display_name} was resolved: "
                    f"the review was hidden. Reason: {reason}"
                )[:500],
                url=reverse("reviews:moderation_log"),
            )
        open_flags.update(status=Flag.Status.ACTED_ON, resolved_at=now, resolved_by=moderator)
        notify(
            user=review.author,
            kind="review_hidden",
            message=(
                f"A moderator hid your review of {review.requester.display_name}. Reason: "
                f"{reason} It no longer appears publicly or counts in the scores; you still "
                "see it."
            )[:500],
            url=_review_url(review),
        )
        announce_review_changed(review, "hidden")
        hidden.append(review.pk)
    return hidden

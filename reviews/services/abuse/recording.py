"""Recording detections: ``detections_record`` turns each detection into one AbuseSignal,
deduplicated by what it found (kind and the reviews or flags involved). A finding that grows (a
ring's next puppet posts) grows the open signal it contains instead of opening a second one; a
finding already contained in a signal, open or decided, is not recorded again.

A signal at least as strong as the hold threshold holds its published reviews (status "held":
out of the scores, still visible to their authors) until a moderator clears it (they return)
or confirms it (they are hidden; the accounts may be suspended). A review a moderator cleared
for a kind of signal is not held again by a signal of that kind."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from reviews.abuse.detection import Detection
from reviews.abuse.thresholds import Thresholds
from reviews.models import AbuseSignal, Review
from reviews.signals import announce_review_changed

logger = logging.getLogger(__name__)


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

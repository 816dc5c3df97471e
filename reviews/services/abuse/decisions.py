"""Moderators decide a signal: clear it (a false alarm: its held reviews return) or confirm
it (its reviews are hidden, or for mass flagging the flags dismissed; the accounts may be
suspended). Only a moderator with no stake in the signal decides it."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reviews.abuse.detection import MASS_FLAGGING
from reviews.models import AbuseSignal, Dispute, Flag, ModerationAction, Review, WorkerProfile
from reviews.permissions import represented_requester_ids
from reviews.services.moderation import AlreadyDone, ensure_can_moderate, user_suspend
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.signals import announce_review_changed

Kind = ModerationAction.Kind
SUSPENSION_REASON_MAX_LENGTH = WorkerProfile._meta.get_field("suspension_reason").max_length


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

"""Moderating reviews: resolve flags, hide and restore reviews, ask for edits, lock replies."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reviews.models import Flag, ModerationAction, Review
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.signals import announce_review_changed

from .rules import AlreadyDone, ensure_can_moderate, ensure_not_party

Kind = ModerationAction.Kind


def _review_url(review: Review) -> str:
    return reverse("reviews:review_detail", args=[review.pk])


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("requester").get(pk=review.pk)


# --- Flags ----------------------------------------------------------------------------------

FLAG_OUTCOMES = ("dismiss", "hide")


def flag_resolve(*, flag: Flag, moderator, outcome: str, reason: str) -> Flag:
    """Dismiss a flag, or act on it by hiding the review (which resolves all its open flags).

    The flagger learns the outcome and the public reason, not who decided; the review's author
    learns only that their review was hidden, never that or by whom it was flagged.
    """
    ensure_can_moderate(moderator)
    review = flag.review
    ensure_not_party(moderator, review)
    if flag.flagger_id == moderator.pk:
        raise PermissionDenied("You raised this flag, so another moderator must resolve it.")
    if outcome not in FLAG_OUTCOMES:
        raise ValidationError({"outcome": "Choose “dismiss” or “hide”."})
    reason = reason_validate(reason)
    if outcome == "hide":
        with transaction.atomic():
            current = Flag.objects.select_for_update().get(pk=flag.pk)
            if current.status != Flag.Status.OPEN:
                raise AlreadyDone("This flag is already resolved.")
            _hide(review=review, moderator=moderator, reason=reason, flag=current)
        flag.refresh_from_db()
        return flag
    with transaction.atomic():
        current = (
            Flag.objects.select_for_update().select_related("review__requester").get(pk=flag.pk)
        )
        if current.status != Flag.Status.OPEN:
            raise AlreadyDone("This flag is already resolved.")
        current.status = Flag.Status.DISMISSED
        current.resolved_at = timezone.now()
        current.resolved_by = moderator
        current.save(update_fields=["status", "resolved_at", "resolved_by"])
        action_record(
            actor=moderator, kind=Kind.FLAG_DISMISS, reason=reason, review=review, flag=current
        )
        _tell_flagger(current, outcome="dismissed: the review stays as it is", reason=reason)
    return current


def _tell_flagger(flag: Flag, *, outcome: str, reason: str) -> None:
    review = flag.review
    notify(
        user=flag.flagger,
        kind="flag_resolved",
        message=(
            f"Your flag on a review of {review.requester.display_name} was resolved, "
            f"{outcome}. Reason: {reason}"
        )[:500],
        url=_review_url(review) if review.is_public else reverse("reviews:moderation_log"),
    )


# --- Reviews --------------------------------------------------------------------------------


def review_hide(*, review: Review, moderator, reason: str) -> Review:
    """Take a review out of public view and out of the scores. Its author still sees it,
    with the reason; its open flags count as acted on."""
    ensure_can_moderate(moderator)
    ensure_not_party(moderator, review)
    reason = reason_validate(reason)
    with transaction.atomic():
        return _hide(review=review, moderator=moderator, reason=reason)


def _hide(*, review: Review, moderator, reason: str, flag: Flag | None = None) -> Review:
    current = _locked(review)
    if current.status == Review.Status.HIDDEN:
        raise AlreadyDone("This review is already hidden.")
    if current.status == Review.Status.WITHDRAWN:
        raise ValidationError("Its author withdrew this review; there is nothing to hide.")
    current.status = Review.Status.HIDDEN
    current.moderation_reason = reason
    current.save(update_fields=["status", "moderation_reason", "updated_at"])
    action_record(actor=moderator, kind=Kind.REVIEW_HIDE, reason=reason, review=current, flag=flag)

    open_flags = list(
        Flag.objects.select_for_update()
        .filter(review=current, status=Flag.Status.OPEN)
        .select_related("flagger", "review__requester")
    )
    now = timezone.now()
    Flag.objects.filter(pk__in=[f.pk for f in open_flags]).update(
        status=Flag.Status.ACTED_ON, resolved_at=now, resolved_by=moderator
    )
    for open_flag in open_flags:
        _tell_flagger(open_flag, outcome="the review was hidden", reason=reason)
    notify(
        user=current.author,
        kind="review_hidden",
        message=(
            f"A moderator hid your review of {current.requester.display_name}. Reason: {reason} "
            "It no longer appears publicly or counts in the scores; you still see it."
        )[:500],
        url=_review_url(current),
    )
    announce_review_changed(current, "hidden")
    return current


def review_restore(*, review: Review, moderator, reason: str) -> Review:
    """Put a hidden review back into public view and the scores."""
    ensure_can_moderate(moderator)
    ensure_not_party(moderator, review)
    reason = reason_validate(reason)
    with transaction.atomic():
        current = _locked(review)
        if current.status != Review.Status.HIDDEN:
            raise AlreadyDone("Only a hidden review can be restored; this one isn't hidden.")
        current.status = Review.Status.PUBLISHED
        current.moderation_reason = ""
        current.save(update_fields=["status", "moderation_reason", "updated_at"])
        action_record(actor=moderator, kind=Kind.REVIEW_RESTORE, reason=reason, review=current)
        notify(
            user=current.author,
            kind="review_restored",
            message=(
                f"A moderator restored your review of {current.requester.display_name}; it is "
                f"public again. Reason: {reason}"
            )[:500],
            url=_review_url(current),
        )
        announce_review_changed(current, "restored")
    return current


def review_ask_edit(*, review: Review, moderator, reason: str) -> Review:
    """Ask the author to change their review; the review itself stays as it is."""
    ensure_can_moderate(moderator)
    ensure_not_party(moderator, review)
    reason = reason_validate(reason)
    if review.status == Review.Status.WITHDRAWN:
        raise ValidationError("Its author withdrew this review; there is nothing to edit.")
    with transaction.atomic():
        action_record(actor=moderator, kind=Kind.REVIEW_ASK_EDIT, reason=reason, review=review)
        notify(
            user=review.author,
            kind="review_ask_edit",
            message=(
                f"A moderator asks you to edit your review of {review.requester.display_name}: "
                f"{reason}"
            )[:500],
            url=reverse("reviews:review_edit", args=[review.pk]),
        )
    return review


def review_lock_replies(*, review: Review, moderator, reason: str) -> Review:
    """Close the discussion under a review (comments); enforced where comments are written."""
    return _set_replies_locked(review=review, moderator=moderator, reason=reason, locked=True)


def review_unlock_replies(*, review: Review, moderator, reason: str) -> Review:
    return _set_replies_locked(review=review, moderator=moderator, reason=reason, locked=False)


def _set_replies_locked(*, review: Review, moderator, reason: str, locked: bool) -> Review:
    ensure_can_moderate(moderator)
    ensure_not_party(moderator, review)
    reason = reason_validate(reason)
    with transaction.atomic():
        current = _locked(review)
        if current.replies_locked == locked:
            raise AlreadyDone(
                "Replies to this review are already " + ("locked." if locked else "open.")
            )
        current.replies_locked = locked
        current.save(update_fields=["replies_locked", "updated_at"])
        action_record(
            actor=moderator,
            kind=Kind.REPLIES_LOCK if locked else Kind.REPLIES_UNLOCK,
            reason=reason,
            review=current,
        )
    return current

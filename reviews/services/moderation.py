"""What moderators do: resolve flags, hide and restore reviews, ask for edits, lock replies,
suspend posting, assign roles, merge duplicate requesters.

Every function checks who is acting itself, so a forged form or API call is refused the same
way as a click on a button that wasn't shown. Every action needs a reason and leaves an entry
in the public moderation log (reviews.services.moderation_log); the people concerned are told
(reviews.services.notifications), and never who flagged a review.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from reviews.errors import DomainError
from reviews.models import (
    Dispute,
    Flag,
    ModerationAction,
    Requester,
    RequesterAlias,
    RequesterClaim,
    Review,
    WorkerProfile,
)
from reviews.permissions import (
    ensure_admin,
    ensure_moderator,
    ensure_not_own_review,
    is_admin,
    represents,
)
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.services.profiles import ensure_can_post, profile_ensure
from reviews.signals import announce_review_changed, review_changed

Kind = ModerationAction.Kind


class AlreadyDone(DomainError):
    """The action was already taken (by this or another moderator): nothing changed."""


# --- Who may act ----------------------------------------------------------------------------


def ensure_can_moderate(user) -> None:
    """A moderator (or admin) whose own account may act now: active, verified, not suspended."""
    ensure_moderator(user)
    ensure_can_post(user)


def ensure_not_party(user, review: Review) -> None:
    """Nobody moderates a review they have a stake in: their own, one of a requester they
    represent, or one they disputed."""
    ensure_not_own_review(user, review)
    if represents(user, review.requester_id):
        raise PermissionDenied(
            "You represent this review's requester, so another moderator must act on it."
        )
    if Dispute.objects.filter(review=review, opened_by=user).exists():
        raise PermissionDenied("You disputed this review, so another moderator must act on it.")


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


# --- Accounts -------------------------------------------------------------------------------


def _ensure_may_act_on_account(actor, user) -> None:
    if actor.pk == user.pk:
        raise PermissionDenied("You can't act on your own account.")
    if profile_ensure(user=user).is_moderator and not is_admin(actor):
        raise PermissionDenied("Only an admin can suspend a moderator or an admin.")


def user_suspend(*, moderator, user, until: datetime, reason: str) -> WorkerProfile:
    """Stop someone posting (reviews, flags, claims, replies, comments) until a date."""
    ensure_can_moderate(moderator)
    _ensure_may_act_on_account(moderator, user)
    reason = reason_validate(reason)
    if until is None or until <= timezone.now():
        raise ValidationError({"until": "A suspension ends in the future."})
    if len(reason) > WorkerProfile._meta.get_field("suspension_reason").max_length:
        raise ValidationError({"reason": "A suspension reason has at most 500 characters."})
    with transaction.atomic():
        profile = WorkerProfile.objects.select_for_update().get(user=user)
        profile.posting_suspended_until = until
        profile.suspension_reason = reason
        profile.save(update_fields=["posting_suspended_until", "suspension_reason"])
        action_record(
            actor=moderator,
            kind=Kind.USER_SUSPEND,
            reason=reason,
            subject=user,
            details={"until": until.isoformat()},
        )
        until_text = timezone.localtime(until).strftime("%Y-%m-%d %H:%M")
        notify(
            user=user,
            kind="user_suspended",
            message=f"A moderator suspended your posting until {until_text} UTC. Reason: {reason}"[
                :500
            ],
            url=reverse("reviews:moderation_log"),
        )
    return profile


def user_unsuspend(*, moderator, user, reason: str) -> WorkerProfile:
    ensure_can_moderate(moderator)
    _ensure_may_act_on_account(moderator, user)
    reason = reason_validate(reason)
    with transaction.atomic():
        profile = WorkerProfile.objects.select_for_update().get(user=user)
        if not profile.is_suspended():
            raise AlreadyDone("This account's posting isn't suspended.")
        profile.posting_suspended_until = None
        profile.suspension_reason = ""
        profile.save(update_fields=["posting_suspended_until", "suspension_reason"])
        action_record(actor=moderator, kind=Kind.USER_UNSUSPEND, reason=reason, subject=user)
        notify(
            user=user,
            kind="user_unsuspended",
            message=f"A moderator lifted your posting suspension. Reason: {reason}"[:500],
            url=reverse("reviews:home"),
        )
    return profile


def role_assign(*, admin, user, role: str, reason: str) -> WorkerProfile:
    """Make someone a worker, moderator or admin. Only admins; never their own role, so the
    last admin can't lock everyone out by accident."""
    ensure_admin(admin)
    ensure_can_post(admin)
    if admin.pk == user.pk:
        raise PermissionDenied("You can't change your own role; ask another admin.")
    if role not in WorkerProfile.Role.values:
        raise ValidationError({"role": "Choose worker, moderator or admin."})
    reason = reason_validate(reason)
    with transaction.atomic():
        profile = WorkerProfile.objects.select_for_update().get(user=user)
        if profile.role == role:
            raise AlreadyDone(f"This account already has the role {profile.get_role_display()}.")
        before = profile.role
        profile.role = role
        profile.save(update_fields=["role"])
        action_record(
            actor=admin,
            kind=Kind.ROLE_ASSIGN,
            reason=reason,
            subject=user,
            details={"from": before, "to": role},
        )
        notify(
            user=user,
            kind="role_assigned",
            message=f"Your role is now {profile.get_role_display()}. Reason: {reason}"[:500],
            url=reverse("reviews:moderation_log"),
        )
    return profile


# --- Requesters -----------------------------------------------------------------------------


def requesters_merge(*, moderator, keep: Requester, duplicate: Requester, reason: str) -> Requester:
    """Merge a duplicate requester into the one to keep.

    Reviews and claims move to `keep`; the duplicate's names become aliases of `keep`; the
    duplicate stays (its id keeps leading to `keep`) with no reviews. No review is lost: when
    an author has a live review of the same task under both, the moved one keeps a distinct
    task key and the author is asked to withdraw whichever they no longer want.
    """
    ensure_can_moderate(moderator)
    reason = reason_validate(reason)
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": "A requester can't be merged into itself."})
    if keep.platform_id != duplicate.platform_id:
        raise ValidationError({"duplicate": "Only requesters of the same platform can be merged."})
    for requester in (keep, duplicate):
        if represents(moderator, requester.pk):
            raise PermissionDenied(
                "You represent one of these requesters, so another moderator must merge them."
            )

    with transaction.atomic():
        locked = {
            r.pk: r
            for r in Requester.objects.select_for_update()
            .filter(pk__in=[keep.pk, duplicate.pk])
            .order_by("pk")
        }
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if duplicate.merged_into_id is not None or keep.merged_into_id is not None:
            raise AlreadyDone("One of these requesters was already merged into another.")

        kept_apart = _reviews_move(keep=keep, duplicate=duplicate)
        moved_reviews = Review.objects.filter(requester=keep).count()
        _aliases_move(keep=keep, duplicate=duplicate)
        left_claims = _claims_move(keep=keep, duplicate=duplicate)

        duplicate.merged_into = keep
        duplicate.save(update_fields=["merged_into"])
        action_record(
            actor=moderator,
            kind=Kind.REQUESTERS_MERGE,
            reason=reason,
            requester=keep,
            details={
                "duplicate": {
                    "id": duplicate.pk,
                    "external_id": duplicate.external_id,
                    "display_name": duplicate.display_name,
                },
                "reviews_now": moved_reviews,
                "kept_apart": kept_apart,
                "claims_left_on_duplicate": left_claims,
            },
        )
        for review in Review.objects.filter(pk__in=kept_apart).select_related("author"):
            notify(
                user=review.author,
                kind="requesters_merged",
                message=(
                    f"Two entries for {keep.display_name} were merged, and you now have two "
                    "reviews of the same task there. Both are kept; withdraw the one you no "
                    "longer want."
                ),
                url=reverse("reviews:my_reviews"),
            )
        for requester in (keep, duplicate):
            review_changed.send(
                sender=Review, review_id=None, requester_id=requester.pk, action="merged"
            )
    return keep


def _reviews_move(*, keep: Requester, duplicate: Requester) -> list[int]:
    """Move every review; returns the ids of those that keep a distinct task key because
    their author has a live review of the same task under `keep`."""
    live_on_keep = set(
        Review.objects.filter(requester=keep)
        .exclude(status=Review.Status.WITHDRAWN)
        .values_list("author_id", "task_key")
    )
    kept_apart = []
    moving = Review.objects.filter(requester=duplicate).exclude(status=Review.Status.WITHDRAWN)
    for review_id, author_id, task_key in moving.values_list("pk", "author_id", "task_key"):
        if (author_id, task_key) in live_on_keep:
            # Only the constraint's key changes; what the author wrote stays as written.
            suffix = f" #merged-from-{duplicate.pk}"
            Review.objects.filter(pk=review_id).update(
                task_key=task_key[: 255 - len(suffix)] + suffix
            )
            kept_apart.append(review_id)
    Review.objects.filter(requester=duplicate).update(requester=keep)
    return kept_apart


def _aliases_move(*, keep: Requester, duplicate: Requester) -> None:
    known = set(keep.aliases.values_list("name", flat=True))
    for alias in duplicate.aliases.all():
        if alias.name in known:
            continue
        RequesterAlias.objects.filter(pk=alias.pk).update(requester=keep)
        known.add(alias.name)
    if duplicate.display_name not in known:
        RequesterAlias.objects.create(requester=keep, name=duplicate.display_name)


def _claims_move(*, keep: Requester, duplicate: Requester) -> list[int]:
    """Move the claims; a claimant with a live claim on both keeps the one on `keep`, and
    the other stays on the duplicate (listed in the log entry for a moderator to settle)."""
    live = [RequesterClaim.Status.PENDING, RequesterClaim.Status.APPROVED]
    live_claimants = set(keep.claims.filter(status__in=live).values_list("user_id", flat=True))
    left = list(
        duplicate.claims.filter(status__in=live, user_id__in=live_claimants).values_list(
            "pk", flat=True
        )
    )
    duplicate.claims.filter(~Q(pk__in=left)).update(requester=keep)
    return left

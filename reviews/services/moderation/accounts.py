"""Moderating accounts: suspend and lift suspensions of posting, assign roles."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reviews.models import ModerationAction, WorkerProfile
from reviews.permissions import ensure_admin, is_admin
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.services.profiles import ensure_can_post, profile_ensure

from .rules import AlreadyDone, ensure_can_moderate

Kind = ModerationAction.Kind


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

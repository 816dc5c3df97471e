"""A moderator's view of an account: its history, suspending posting, assigning roles."""

from datetime import UTC, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_POST

from reviews.errors import DomainError
from reviews.models import Review, WorkerProfile
from reviews.permissions import ensure_moderator, is_admin
from reviews.selectors.moderation import account_moderation_history, profile_by_pseudonym
from reviews.services.moderation import role_assign, user_suspend, user_unsuspend

from .common import refused


def _until(value: str) -> datetime | None:
    """The end of a suspension from a date (the start of that day, UTC) or a date and time."""
    value = (value or "").strip()
    moment = parse_datetime(value) if "T" in value or " " in value else None
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            return None
        if day is None:
            return None
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


@login_required
def moderation_account(request, pseudonym: str):
    ensure_moderator(request.user)
    profile = profile_by_pseudonym(pseudonym=pseudonym)
    return render(
        request,
        "reviews/moderation/account.html",
        {
            "profile": profile,
            "is_self": profile.user_id == request.user.pk,
            "review_count": Review.objects.filter(author_id=profile.user_id).count(),
            "history": account_moderation_history(user=profile.user)[:50],
            "can_assign_role": is_admin(request.user),
            "roles": WorkerProfile.Role.choices,
        },
    )


def _back_to_account(profile: WorkerProfile):
    return redirect("reviews:moderation_account", pseudonym=profile.pseudonym)


@login_required
@require_POST
def moderation_account_suspend(request, pseudonym: str):
    ensure_moderator(request.user)
    profile = profile_by_pseudonym(pseudonym=pseudonym)
    try:
        user_suspend(
            moderator=request.user,
            user=profile.user,
            until=_until(request.POST.get("until", "")),
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, DomainError) as exc:
        refused(request, exc)
    else:
        messages.success(request, f"{profile.pseudonym}'s posting is suspended.")
    return _after_account_action(request, profile)


def _after_account_action(request, profile: WorkerProfile):
    # A suspension sent from a review's case page goes back there.
    review_id = request.POST.get("review_id", "")
    if review_id.isdigit():
        return redirect("reviews:moderation_case", review_id=int(review_id))
    return _back_to_account(profile)


@login_required
@require_POST
def moderation_account_unsuspend(request, pseudonym: str):
    ensure_moderator(request.user)
    profile = profile_by_pseudonym(pseudonym=pseudonym)
    try:
        user_unsuspend(
            moderator=request.user, user=profile.user, reason=request.POST.get("reason", "")
        )
    except (ValidationError, DomainError) as exc:
        refused(request, exc)
    else:
        messages.success(request, f"{profile.pseudonym}'s suspension is lifted.")
    return _back_to_account(profile)


@login_required
@require_POST
def moderation_account_role(request, pseudonym: str):
    profile = profile_by_pseudonym(pseudonym=pseudonym)
    try:
        role_assign(
            admin=request.user,
            user=profile.user,
            role=request.POST.get("role", ""),
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, DomainError) as exc:
        refused(request, exc)
    else:
        messages.success(request, f"{profile.pseudonym}'s role is changed.")
    return _back_to_account(profile)

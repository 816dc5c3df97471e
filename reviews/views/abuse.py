"""An abuse signal's case page, and the moderator's decision on it (clear or confirm).

Like the other moderation pages: the role is checked up front (a worker gets a 403, not a
form), and the services check everything again, so a forged POST meets the same refusal.
Accounts appear by pseudonym only; no e-mail address or network fingerprint is ever shown.
"""

from datetime import UTC, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from reviews.abuse.detection import MASS_FLAGGING
from reviews.errors import DomainError
from reviews.permissions import ensure_moderator
from reviews.selectors.abuse import abuse_signal_get
from reviews.services.abuse import ensure_can_decide, signal_clear, signal_confirm

DECISIONS = {
    "clear": "The signal is cleared; its reviews count again unless another signal holds them.",
    "confirm": "The signal is confirmed.",
}


def _conflict(user, signal) -> str:
    """Why this moderator may not decide the signal, or "" when they may."""
    try:
        ensure_can_decide(user, signal)
    except PermissionDenied as exc:
        return str(exc)
    return ""


@login_required
def moderation_signal(request, signal_id: int):
    ensure_moderator(request.user)
    signal = abuse_signal_get(signal_id=signal_id)
    return render(
        request,
        "reviews/moderation/signal.html",
        {
            "signal": signal,
            "reviews": signal.reviews.all(),
            "accounts": sorted(signal.accounts.all(), key=lambda a: a.profile.pseudonym.casefold()),
            "is_mass_flagging": signal.kind == MASS_FLAGGING,
            "conflict": _conflict(request.user, signal) if signal.status == "open" else "",
        },
    )


def _suspend_until(value: str) -> datetime | None:
    """The start (UTC) of the day a suspension ends; None for no suspension."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({"suspend_until": "Give the suspension's end as a date."})
    return datetime.combine(day, time.min, tzinfo=UTC)


@login_required
@require_POST
def moderation_signal_decide(request, signal_id: int, decision: str):
    if decision not in DECISIONS:
        raise Http404("No such decision.")
    ensure_moderator(request.user)
    signal = abuse_signal_get(signal_id=signal_id)
    reason = request.POST.get("reason", "")
    try:
        if decision == "clear":
            signal_clear(signal=signal, moderator=request.user, reason=reason)
        else:
            signal_confirm(
                signal=signal,
                moderator=request.user,
                reason=reason,
                suspend_until=_suspend_until(request.POST.get("suspend_until", "")),
            )
    except (ValidationError, DomainError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, f"Nothing was done: {text}")
    else:
        messages.success(request, DECISIONS[decision])
    return redirect("reviews:moderation_signal", signal_id=signal.pk)

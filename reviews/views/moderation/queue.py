"""The moderation queue and a review's case: its flags, history and the actions on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reviews.errors import DomainError
from reviews.models import Flag, RequesterReply, Review
from reviews.permissions import ensure_moderator
from reviews.selectors.moderation import (
    QUEUE_SECTIONS,
    abuse_signal_hint_page,
    case_flags,
    case_review_get,
    moderation_queue_counts,
    moderation_queue_section,
    review_moderation_history,
)
from reviews.services.moderation import (
    ensure_not_party,
    flag_resolve,
    review_ask_edit,
    review_hide,
    review_lock_replies,
    review_restore,
    review_unlock_replies,
)

from .common import page, refused

REVIEW_ACTIONS = {
    "hide": (review_hide, "The review is hidden."),
    "restore": (review_restore, "The review is restored."),
    "ask-edit": (review_ask_edit, "The author is asked to edit the review."),
    "lock-replies": (review_lock_replies, "Replies to the review are locked."),
    "unlock-replies": (review_unlock_replies, "Replies to the review are open again."),
}


@login_required
def moderation_queue(request):
    ensure_moderator(request.user)
    section = request.GET.get("queue", "flags")
    if section not in QUEUE_SECTIONS:
        section = "flags"
    page_obj = page(request, moderation_queue_section(section))
    reasons: dict[int, list[tuple[str, int]]] = {}
    if section == "flags":
        labels = dict(Flag.Reason.choices)
        rows = (
            Flag.objects.filter(review__in=[r.pk for r in page_obj], status=Flag.Status.OPEN)
            .values("review_id", "reason")
            .annotate(n=Count("pk"))
            .order_by("review_id", "-n", "reason")
        )
        for row in rows:
            reasons.setdefault(row["review_id"], []).append((labels[row["reason"]], row["n"]))
        for review in page_obj:
            review.flag_reasons = reasons.get(review.pk, [])
    counts = moderation_queue_counts()
    hint_page = (
        abuse_signal_hint_page(_hint_page_number(request), total=counts["signal_hints"])
        if section == "signals"
        else None
    )
    hints = hint_page.groups if hint_page else []
    return render(
        request,
        "reviews/moderation/queue.html",
        {
            "section": section,
            "counts": counts,
            "page_obj": page_obj,
            # Hint groups where two kinds met (or the same accounts again), then the rest.
            "hint_entries": [g for g in hints if not g.collapsed],
            "hint_groups": [g for g in hints if g.collapsed],
            "hint_page": hint_page,
            "sections": [
                ("flags", "Flagged reviews"),
                ("disputes", "Disputes"),
                ("appeals", "Appeals"),
                ("claims", "Requester claims"),
                ("signals", "Abuse signals"),
            ],
        },
    )


def _hint_page_number(request) -> int:
    """?hints=N, the page of open hints (1: the most recent); anything else is page 1."""
    value = request.GET.get("hints", "")
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


# --- A review's case ------------------------------------------------------------------------


@login_required
def moderation_case(request, review_id: int):
    ensure_moderator(request.user)
    review = case_review_get(review_id=review_id)
    return render(
        request,
        "reviews/moderation/case.html",
        {
            "review": review,
            "revisions": review.revisions.select_related("edited_by__profile"),
            "flags": case_flags(review=review),
            "reply": RequesterReply.objects.filter(review=review)
            .select_related("author__profile")
            .first(),
            "comments": review.comments.select_related("author__profile"),
            "disputes": review.disputes.select_related(
                "opened_by__profile", "decided_by__profile", "appeal_decided_by__profile"
            ),
            "history": review_moderation_history(review=review),
            "signals": review.abuse_signals.all(),
            "conflict": _conflict(request.user, review),
        },
    )


def _conflict(user, review: Review) -> str:
    """Why this moderator may not act on the review, or "" when they may."""
    try:
        ensure_not_party(user, review)
    except PermissionDenied as exc:
        return str(exc)
    return ""


@login_required
@require_POST
def moderation_review_action(request, review_id: int, action: str):
    if action not in REVIEW_ACTIONS:
        raise Http404("No such action.")
    ensure_moderator(request.user)
    review = get_object_or_404(Review, pk=review_id)
    service, done = REVIEW_ACTIONS[action]
    try:
        service(review=review, moderator=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, DomainError) as exc:
        refused(request, exc)
    else:
        messages.success(request, done)
    return redirect("reviews:moderation_case", review_id=review.pk)


@login_required
@require_POST
def moderation_flag_resolve(request, flag_id: int):
    ensure_moderator(request.user)
    flag = get_object_or_404(Flag.objects.select_related("review__requester"), pk=flag_id)
    outcome = request.POST.get("outcome", "")
    try:
        flag_resolve(
            flag=flag,
            moderator=request.user,
            outcome=outcome,
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, DomainError) as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            "The flag is dismissed."
            if outcome == "dismiss"
            else "The review is hidden and its open flags are resolved.",
        )
    return redirect("reviews:moderation_case", review_id=flag.review_id)

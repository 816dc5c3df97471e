"""Pages for what is said under a review: the requester's reply, disputes, comments.

Every write goes through a service, which decides who may do it; these views only parse
forms, show refusals and redirect. A refusal about *who* (PermissionDenied) is the 403
page with the service's reason; one about *when* (already decided, replies locked) is shown
as an error next to the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from reviews.forms.discussion import (
    CommentForm,
    CommentHideForm,
    DisputeAnswerForm,
    DisputeAppealForm,
    DisputeDecideForm,
    DisputeOpenForm,
    ReplyForm,
)
from reviews.models import Dispute, Review
from reviews.selectors.discussion import (
    comment_get,
    dispute_get,
    dispute_get_for,
    review_open_get,
)
from reviews.services.comments import comment_create, comment_hide, ensure_can_hide_comment
from reviews.services.disputes import (
    dispute_actions,
    dispute_answer,
    dispute_appeal,
    dispute_decide,
    dispute_decide_appeal,
    dispute_ensure_can,
    dispute_open,
    ensure_can_open,
)
from reviews.services.replies import ensure_can_reply, reply_create


def _review_url(review_id: int, anchor: str = "") -> str:
    return reverse("reviews:review_detail", args=[review_id]) + (f"#{anchor}" if anchor else "")


def _refused_for_now(request, exc: ValidationError, review_id: int) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    return redirect(_review_url(review_id))


# --- Under a review -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reply_new(request, review_id: int):
    review = review_open_get(review_id=review_id)
    try:
        ensure_can_reply(review=review, user=request.user)
    except ValidationError as exc:
        return _refused_for_now(request, exc, review.pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply_create(review=review, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "The requester's reply is posted under the review.")
            return redirect(_review_url(review.pk, "requester-reply"))
    return render(request, "reviews/disputes/reply_new.html", {"review": review, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def dispute_new(request, review_id: int):
    review = review_open_get(review_id=review_id)
    try:
        ensure_can_open(review=review, user=request.user)
    except ValidationError as exc:
        return _refused_for_now(request, exc, review.pk)
    form = DisputeOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = dispute_open(review=review, representative=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, "The dispute is open. The review's author is told and may answer."
            )
            return redirect("reviews:dispute_detail", dispute_id=dispute.pk)
    return render(request, "reviews/disputes/dispute_new.html", {"review": review, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_new(request, review_id: int):
    """The comment form on its own page: where a refused or invalid comment is shown."""
    review = review_open_get(review_id=review_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_create(
                review=review, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Your comment is posted.")
            return redirect(_review_url(review.pk, f"comment-{comment.pk}"))
    return render(request, "reviews/disputes/comment_new.html", {"review": review, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide_view(request, comment_id: int):
    comment = comment_get(comment_id=comment_id)
    ensure_can_hide_comment(comment=comment, user=request.user)
    form = CommentHideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_hide(
                comment=comment, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "The comment is hidden; the reason is in the public log.")
            return redirect(_review_url(comment.review_id, f"comment-{comment.pk}"))
    return render(request, "reviews/disputes/comment_hide.html", {"comment": comment, "form": form})


# --- The dispute page ---------------------------------------------------------------------


def _timeline(dispute: Dispute) -> list[tuple]:
    """(when, what) for every step so far, oldest first; people by pseudonym or role."""
    steps = [(dispute.created_at, "Opened by the requester's representative")]
    if dispute.author_answered_at:
        steps.append((dispute.author_answered_at, "Answered by the review's author"))
    if dispute.decided_at:
        steps.append(
            (
                dispute.decided_at,
                f"Decided: {dispute.get_decision_display().lower()}, by moderator "
                f"{dispute.decided_by.profile.pseudonym}",
            )
        )
    if dispute.appealed_at:
        side = (
            "the review's author"
            if dispute.appealed_by_id == dispute.review.author_id
            else "the requester's representative"
        )
        steps.append((dispute.appealed_at, f"Appealed by {side}"))
    if dispute.appeal_decided_at:
        steps.append(
            (
                dispute.appeal_decided_at,
                f"Appeal decided: {dispute.get_appeal_decision_display().lower()}, by moderator "
                f"{dispute.appeal_decided_by.profile.pseudonym}; closed",
            )
        )
    return steps


FORMS = {
    "answer": DisputeAnswerForm,
    "decide": DisputeDecideForm,
    "appeal": DisputeAppealForm,
    "decide_appeal": DisputeDecideForm,
}


def _render_dispute(request, dispute: Dispute, bound: dict | None = None) -> HttpResponse:
    actions = dispute_actions(dispute=dispute, user=request.user)
    forms = {name: FORMS[name]() for name in actions}
    forms.update(bound or {})
    is_author = request.user.pk == dispute.review.author_id
    return render(
        request,
        "reviews/disputes/dispute_detail.html",
        {
            "dispute": dispute,
            "review": dispute.review,
            "forms": forms,
            "timeline": _timeline(dispute),
            "is_author": is_author,
            "asked_to_edit": is_author
            and dispute.review.status != Review.Status.WITHDRAWN
            and Dispute.Decision.ASK_EDIT in (dispute.decision, dispute.appeal_decision),
        },
    )


@login_required
def dispute_detail(request, dispute_id: int):
    """For the two parties and moderators; anyone else gets a 404."""
    return _render_dispute(request, dispute_get_for(dispute_id=dispute_id, user=request.user))


SUCCESS = {
    "answer": "Your answer is saved; the requester's representative is told.",
    "decide": "The dispute is decided; both sides are told.",
    "appeal": "Your appeal is sent; a different moderator will decide it.",
    "decide_appeal": "The appeal is decided and the dispute closed; both sides are told.",
}


def _dispute_action(request, dispute_id: int, action: str, perform) -> HttpResponse:
    dispute = dispute_get(dispute_id=dispute_id)
    try:
        # Refuse before reading the form, so that a refused person never sees the page.
        dispute_ensure_can(action=action, dispute=dispute, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reviews:dispute_detail", dispute_id=dispute.pk)
    form = FORMS[action](request.POST)
    if form.is_valid():
        try:
            perform(dispute, form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, SUCCESS[action])
            return redirect("reviews:dispute_detail", dispute_id=dispute.pk)
    return _render_dispute(request, dispute, bound={action: form})


@login_required
@require_POST
def dispute_answer_view(request, dispute_id: int):
    return _dispute_action(
        request,
        dispute_id,
        "answer",
        lambda dispute, data: dispute_answer(dispute=dispute, author=request.user, **data),
    )


@login_required
@require_POST
def dispute_decide_view(request, dispute_id: int):
    return _dispute_action(
        request,
        dispute_id,
        "decide",
        lambda dispute, data: dispute_decide(dispute=dispute, moderator=request.user, **data),
    )


@login_required
@require_POST
def dispute_appeal_view(request, dispute_id: int):
    return _dispute_action(
        request,
        dispute_id,
        "appeal",
        lambda dispute, data: dispute_appeal(dispute=dispute, appellant=request.user, **data),
    )


@login_required
@require_POST
def dispute_decide_appeal_view(request, dispute_id: int):
    return _dispute_action(
        request,
        dispute_id,
        "decide_appeal",
        lambda dispute, data: dispute_decide_appeal(
            dispute=dispute, moderator=request.user, **data
        ),
    )

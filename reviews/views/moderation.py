"""Moderation pages: the queue, a review's case, an account, a claim, merging requesters,
and the two public lists (the moderation log and hidden reviews).

The moderators' pages check the role up front so a worker gets a 403 rather than a form;
every write still goes through a service that checks it again, so a forged POST is refused
there too. A refused or invalid action comes back to the page it was sent from with a message.
"""

from datetime import UTC, datetime, time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_POST

from reviews.errors import DomainError
from reviews.models import Flag, Platform, Requester, RequesterReply, Review, WorkerProfile
from reviews.permissions import ensure_moderator, is_admin
from reviews.selectors.moderation import (
    QUEUE_SECTIONS,
    abuse_signal_hint_groups,
    account_moderation_history,
    case_flags,
    case_review_get,
    claim_get,
    moderation_log,
    moderation_queue_counts,
    moderation_queue_section,
    profile_by_pseudonym,
    review_moderation_history,
    reviews_hidden,
)
from reviews.services.claims import claim_approve, claim_reject
from reviews.services.moderation import (
    ensure_not_party,
    flag_resolve,
    requesters_merge,
    review_ask_edit,
    review_hide,
    review_lock_replies,
    review_restore,
    review_unlock_replies,
    role_assign,
    user_suspend,
    user_unsuspend,
)
from reviews.services.moderation_log import REASON_MAX_LENGTH

LOG_PER_PAGE = 50
REVIEW_ACTIONS = {
    "hide": (review_hide, "The review is hidden."),
    "restore": (review_restore, "The review is restored."),
    "ask-edit": (review_ask_edit, "The author is asked to edit the review."),
    "lock-replies": (review_lock_replies, "Replies to the review are locked."),
    "unlock-replies": (review_unlock_replies, "Replies to the review are open again."),
}


class MergeForm(forms.Form):
    platform = forms.ModelChoiceField(
        label="Platform", queryset=Platform.objects.order_by("name"), to_field_name="slug"
    )
    keep = forms.CharField(label="Requester id to keep", max_length=64)
    duplicate = forms.CharField(
        label="Duplicate requester id (merged into the first)", max_length=64
    )
    reason = forms.CharField(
        label="Reason (public, shown in the moderation log)",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Say why, for everyone to read. No e-mail addresses or contact details.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _page(request, items, per_page: int | None = None):
    return Paginator(items, per_page or settings.REVIEWS_PER_PAGE).get_page(request.GET.get("page"))


def _refused(request, exc: Exception) -> None:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, f"Nothing was done: {text}")


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


# --- The queue ------------------------------------------------------------------------------


@login_required
def moderation_queue(request):
    ensure_moderator(request.user)
    section = request.GET.get("queue", "flags")
    if section not in QUEUE_SECTIONS:
        section = "flags"
    page_obj = _page(request, moderation_queue_section(section))
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
    return render(
        request,
        "reviews/moderation/queue.html",
        {
            "section": section,
            "counts": moderation_queue_counts(),
            "page_obj": page_obj,
            "hint_groups": abuse_signal_hint_groups() if section == "signals" else [],
            "sections": [
                ("flags", "Flagged reviews"),
                ("disputes", "Disputes"),
                ("appeals", "Appeals"),
                ("claims", "Requester claims"),
                ("signals", "Abuse signals"),
            ],
        },
    )


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
        _refused(request, exc)
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
        _refused(request, exc)
    else:
        messages.success(
            request,
            "The flag is dismissed."
            if outcome == "dismiss"
            else "The review is hidden and its open flags are resolved.",
        )
    return redirect("reviews:moderation_case", review_id=flag.review_id)


# --- Accounts -------------------------------------------------------------------------------


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
        _refused(request, exc)
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
        _refused(request, exc)
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
        _refused(request, exc)
    else:
        messages.success(request, f"{profile.pseudonym}'s role is changed.")
    return _back_to_account(profile)


# --- Claims ---------------------------------------------------------------------------------


@login_required
def moderation_claim(request, claim_id: int):
    """The claim with its contact details: the one page where they are shown."""
    ensure_moderator(request.user)
    claim = claim_get(claim_id=claim_id)
    return render(
        request,
        "reviews/moderation/claim.html",
        {
            "claim": claim,
            "own_claim": claim.user_id == request.user.pk,
            "claimant_reviews": Review.objects.filter(
                author_id=claim.user_id, requester_id=claim.requester_id
            ).count(),
            "other_claims": claim.requester.claims.exclude(pk=claim.pk).select_related(
                "user__profile"
            ),
        },
    )


@login_required
@require_POST
def moderation_claim_decide(request, claim_id: int, decision: str):
    ensure_moderator(request.user)
    claim = claim_get(claim_id=claim_id)
    service = {"approve": claim_approve, "reject": claim_reject}.get(decision)
    if service is None:
        raise Http404("No such decision.")
    try:
        service(claim=claim, moderator=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, DomainError) as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, "The claim is approved." if decision == "approve" else "The claim is rejected."
        )
    return redirect("reviews:moderation_claim", claim_id=claim.pk)


# --- Merging requesters ---------------------------------------------------------------------


@login_required
def moderation_merge(request) -> HttpResponse:
    ensure_moderator(request.user)
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            found = {
                r.external_id: r
                for r in Requester.objects.filter(
                    platform=data["platform"], external_id__in=[data["keep"], data["duplicate"]]
                )
            }
            for field in ("keep", "duplicate"):
                if data[field] not in found:
                    form.add_error(field, f"No {data['platform'].name} requester has this id.")
            if not form.errors:
                try:
                    keep = requesters_merge(
                        moderator=request.user,
                        keep=found[data["keep"]],
                        duplicate=found[data["duplicate"]],
                        reason=data["reason"],
                    )
                except ValidationError as exc:
                    _add_errors(form, exc)
                except DomainError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, "The requesters are merged.")
                    return redirect(
                        "reviews:requester_detail", keep.platform.slug, keep.external_id
                    )
    else:
        form = MergeForm(initial=request.GET.dict())
    return render(request, "reviews/moderation/merge.html", {"form": form})


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(
            field if field in form.fields else None, [m for e in errors for m in e.messages]
        )


# --- Public lists ---------------------------------------------------------------------------


def moderation_log_page(request):
    """Every moderation action, for anyone: no e-mails, contacts, flaggers or network data."""
    return render(
        request,
        "reviews/moderation/log.html",
        {"page_obj": _page(request, moderation_log(), LOG_PER_PAGE)},
    )


@login_required
def hidden_reviews(request):
    """Which reviews moderators hid and why, for logged-in workers to hold them to account."""
    return render(
        request, "reviews/moderation/hidden.html", {"page_obj": _page(request, reviews_hidden())}
    )

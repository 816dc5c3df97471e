"""Requesters under moderation: claims by their representatives, merging duplicates."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reviews.errors import DomainError
from reviews.models import Platform, Requester, Review
from reviews.permissions import ensure_moderator
from reviews.selectors.moderation import claim_get
from reviews.services.claims import claim_approve, claim_reject
from reviews.services.moderation import requesters_merge
from reviews.services.moderation_log import REASON_MAX_LENGTH

from .common import refused


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
        refused(request, exc)
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

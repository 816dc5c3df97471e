"""“I represent this requester”: a user's claim, decided by a moderator."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from reviews.models import RequesterClaim
from reviews.selectors.requesters import requester_get
from reviews.services.claims import (
    CONTACT_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    ClaimAlreadyExists,
    claim_create,
)
from reviews.services.profiles import ensure_can_post, has_verified_email


class ClaimForm(forms.Form):
    statement = forms.CharField(
        label="Who you are and how you speak for this requester",
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Public reviews stay as they are; this only lets you reply and dispute.",
    )
    contact = forms.CharField(
        label="Contact details for the moderators",
        max_length=CONTACT_MAX_LENGTH,
        help_text="A work e-mail address or page that shows you act for the requester. "
        "Only moderators see it.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request, platform: str, external_id: str):
    requester = requester_get(platform=platform, external_id=external_id)
    if requester.merged_into_id is not None:
        target = requester.merged_into
        return redirect("reviews:claim_new", target.platform.slug, target.external_id)
    if not has_verified_email(request.user):
        return render(request, "reviews/verify_email_required.html", status=403)
    ensure_can_post(request.user)
    existing = (
        RequesterClaim.objects.filter(user=request.user, requester=requester)
        .order_by("-created_at", "-pk")
        .first()
    )
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_create(user=request.user, requester=requester, **form.cleaned_data)
        except ClaimAlreadyExists as exc:
            messages.info(request, str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                "Thank you. A moderator will check your claim and you'll be notified of the "
                "decision.",
            )
            return redirect(
                "reviews:requester_detail", requester.platform.slug, requester.external_id
            )
        existing = RequesterClaim.objects.filter(user=request.user, requester=requester).last()
    return render(
        request,
        "reviews/claim_new.html",
        {"requester": requester, "form": form, "existing": existing},
    )

"""The API token page: create, list and revoke personal tokens.

A new token's secret is put in the answer to the POST that created it and nowhere else: not
in the session, not in a message, not in the database (only its hash). The page is sent with
Cache-Control: no-store so no browser or proxy cache keeps a copy either. Reloading the page
can't show the secret again; the worker makes a new token if they lost it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from reviews.forms.tokens import TokenForm
from reviews.models import ApiToken
from reviews.services.profiles import has_verified_email
from reviews.services.tokens import token_create, token_revoke


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    new_secret = None
    new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                new_token, new_secret = token_create(
                    user=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                form = TokenForm()
    else:
        form = TokenForm()
    return render(
        request,
        "reviews/tokens.html",
        {
            "form": form,
            "tokens": request.user.api_tokens.order_by("-created_at", "-id"),
            "new_token": new_token,
            "new_secret": new_secret,
            "can_post": has_verified_email(request.user),
        },
    )


def _add_service_errors(form: TokenForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(
            field if field in form.fields else None, [m for e in errors for m in e.messages]
        )


@never_cache
@login_required
@require_POST
def token_revoke_view(request, token_id: int):
    # Looked up by id alone: the service, not this query, decides who may revoke it.
    token = get_object_or_404(ApiToken, pk=token_id)
    token_revoke(token=token, actor=request.user)
    messages.success(request, f"The token “{token.name}” is revoked; it no longer works.")
    return redirect("reviews:tokens")

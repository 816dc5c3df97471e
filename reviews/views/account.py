"""A worker's account page: their data to download, and deleting the account.

Downloads are streamed (reviews.data_files) and never cached. Deleting needs the password
again, through a form with CSRF; wrong guesses are limited by allauth's "reauthenticate"
rate limit, as for allauth's own re-authentication.
"""

from allauth.core import ratelimit
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from reviews.data_files import csv_stream, json_stream
from reviews.forms.accounts import AccountDeleteForm
from reviews.selectors.own_data import REVIEW_COLUMNS, own_data_sections, own_review_rows
from reviews.services.accounts import account_delete, ensure_can_delete
from reviews.services.profiles import public_name


def _refusal(user) -> str | None:
    try:
        ensure_can_delete(user)
    except PermissionDenied as exc:
        return str(exc)
    return None


@never_cache
@login_required
@require_GET
def account(request):
    return render(request, "reviews/account.html", {"delete_refusal": _refusal(request.user)})


def export_filename(user, extension: str) -> str:
    """lantern-<pseudonym>-<date>.<extension>; pseudonyms are letters, digits, . _ - only."""
    return f"lantern-{public_name(user)}-{timezone.now():%Y-%m-%d}.{extension}"


def export_response(user, kind: str) -> StreamingHttpResponse:
    """The account's data as a download: "json" (everything) or "csv" (the reviews)."""
    if kind == "json":
        response = StreamingHttpResponse(
            json_stream(own_data_sections(user)), content_type="application/json"
        )
        name = export_filename(user, "json")
    else:
        response = StreamingHttpResponse(
            csv_stream(REVIEW_COLUMNS, own_review_rows(user)),
            content_type="text/csv; charset=utf-8",
        )
        name = export_filename(user, "reviews.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@login_required
@require_GET
def export_json(request):
    return export_response(request.user, "json")


@never_cache
@login_required
@require_GET
def export_reviews_csv(request):
    return export_response(request.user, "csv")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request):
    refusal = _refusal(request.user)
    if refusal is not None:
        return render(request, "reviews/account_delete.html", {"refusal": refusal}, status=403)
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, "Too many attempts. Wait a few minutes, then try again.")
        else:
            try:
                account_delete(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                logout(request)
                return render(request, "reviews/account_deleted.html")
    return render(request, "reviews/account_delete.html", {"form": form})

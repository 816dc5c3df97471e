"""Error pages in the site's style.

The 500 page is rendered without the request, so no context processor, session or database
query runs while the site is already failing. An error that means the database can't be
reached (restarting, a dropped connection) becomes a 503 with Retry-After instead: a page for
the site, the API's JSON error shape for /api/. The transaction it interrupted was rolled
back, so nothing was half-written; the next request reconnects (CONN_HEALTH_CHECKS).

A view that meets such an error is answered by DatabaseOutageMiddleware, which logs one
warning line per request: during an outage every request fails the same way, and a full
traceback for each (what Django logs for an uncaught exception) would bury the log. An
error raised before any view ran still reaches server_error below.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"reason": str(exception or "")}, status=403)


def bad_request(request, exception=None):
    """A request Django refused before any view ran (a body past DATA_UPLOAD_MAX_MEMORY_SIZE,
    too many fields, a disallowed host): API clients get JSON, and a too-large body a 413."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        detail = f"The request body is too large: at most {limit:,} bytes."
        return JsonResponse({"detail": detail, "code": "too_large"}, status=413)
    return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)


def page_not_found(request, exception=None):
    # API clients (extensions, scripts) get JSON in the API's error shape, not a web page.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return render(request, "errors/404.html", status=404)


DATABASE_RETRY_AFTER = "5"
logger = logging.getLogger(__name__)


class DatabaseOutageMiddleware:
    """The 503 for a view that could not reach the database, logged in one line (the
    exception's class, not its text, which names the database server's address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable (%s): %s %s answered 503",
            type(exception).__name__,
            request.method,
            request.path,
        )
        return database_unavailable(request)


def server_error(request):
    # Called while Django handles the exception, so it is still the one being handled.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    """A form posted without a valid CSRF token (often: an expired page kept open)."""
    return render(
        request,
        "errors/403.html",
        {
            "reason": "This form expired or was sent from another site. "
            "Go back, reload the page and send it again."
        },
        status=403,
    )


def database_unavailable(request):
    if request.path.startswith("/api/"):
        detail = "The database is briefly unavailable; nothing was saved. Try again shortly."
        response = JsonResponse({"detail": detail, "code": "database_unavailable"}, status=503)
    else:
        page = loader.get_template("errors/503.html").render()
        response = HttpResponse(page, status=503)
    response["Retry-After"] = DATABASE_RETRY_AFTER
    return response

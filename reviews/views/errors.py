"""Error pages in the site's style.

The 500 page is rendered without the request, so no context processor, session or database
query runs while the site is already failing.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseServerError, JsonResponse
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


def server_error(request):
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

"""Turkopticon 2's routes at the root of a dedicated API host name (LEGACY_API_HOST).

Turkopticon 2's userscripts call `https://api.turkopticon.info/requesters?rids=…` (and
`/requesters/<rid>`): the routes sit at the root of their own host, not under /api/v2/. With
LEGACY_API_HOST set (e.g. `to-api.example.org`, pointed at Lantern by DNS and nginx), a
request for that host is resolved with this module's routes, so such a script needs only its
host changed. That host serves the API and nothing else: the TO2 routes at the root, and every
/api/ route as on the main host; site pages are 404 there (JSON, as for the API).

CORS is on for every path of that host (api/apps.py connects `cors_enabled_for_host`), as it
is for /api/ on the main host: userscripts run on worker.mturk.com and call across origins.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.http.request import split_domain_port
from django.urls import include, path

from api.read import legacy_views

URLCONF = "api.read.legacy_host"

urlpatterns = [
    path("requesters", legacy_views.Turkopticon2ListView.as_view(), name="to2-root-requesters"),
    path(
        "requesters/<str:rid>",
        legacy_views.Turkopticon2DetailView.as_view(),
        name="to2-root-requester",
    ),
    path("", include("api.urls")),
]


def page_not_found(request, exception=None):
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


handler404 = page_not_found


def is_legacy_api_host(request) -> bool:
    host = settings.LEGACY_API_HOST
    if not host:
        return False
    try:
        domain, _port = split_domain_port(request.get_host())
    except Exception:  # DisallowedHost: refused later, as on any path
        return False
    return domain == host


class LegacyApiHostMiddleware:
    """Resolve requests for LEGACY_API_HOST with this module's routes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_legacy_api_host(request):
            request.urlconf = URLCONF
        return self.get_response(request)


def cors_enabled_for_host(sender, request, **kwargs) -> bool:
    """django-cors-headers' check_request_enabled: every path of the API host is open."""
    return is_legacy_api_host(request)

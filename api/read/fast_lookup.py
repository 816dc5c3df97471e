"""The bulk score lookup's fast path: a middleware that answers the common case early.

Browser extensions call GET /api/v1/requesters/scores on every task-list page load, so the
cost of the framework around the lookup is what limits how many of them a web process
serves. The lookup itself is a join of pre-serialised bytes (api/read/lookup.py); the
session, CSRF, authentication, messages and allauth middleware, URL resolution and DRF's
request wrapping, content negotiation and exception handling around it cost several times
more, and do nothing for an anonymous, well-formed lookup. So, as WhiteNoise serves static
files from a middleware, this middleware answers that case itself, with the same functions
the DRF view (api/read/views.py, RequesterScoresView) calls, and hands every other request on:

- only GET on exactly the lookup's path, without an Authorization header (token holders get
  their own rate limit from DRF's authentication) and without If-None-Match (the 304 logic
  stays in one place);
- a request the lookup refuses (unknown platform, no or too many ids, scores unavailable) or
  the rate limit refuses goes on to the DRF view, which words the error; the rate-limit
  verdict travels with the request, so a request is never counted twice. A host not
  allowed or too many query fields go on too, to be refused (and logged) as anywhere else.

It sits after the security, CORS and X-Frame-Options middleware (whose headers every answer
needs) and before the rest. tests/api/test_fast_lookup.py checks that the fast path and the
DRF view give the same status, headers and body for the same requests.
"""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from rest_framework.exceptions import ValidationError

from api.read.lookup import ids_or_400, lookup_response, platform_or_400, score_lookup, split_ids
from api.read.views import RequesterScoresView
from api.score_reader import ScoresUnavailable
from api.throttles import ReadThrottle, remember_verdict


class ScoreLookupFastPath:
    def __init__(self, get_response):
        self.get_response = get_response
        self._path: str | None = None
        self._allow: str | None = None

    def _lookup_path(self) -> str:
        if self._path is None:
            self._path = reverse("api:requester-scores")
        return self._path

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if (
            request.method != "GET"
            or request.path_info != self._lookup_path()
            or "HTTP_AUTHORIZATION" in meta
            or "HTTP_IF_NONE_MATCH" in meta
        ):
            return self.get_response(request)
        response = self._answer(request)
        return self.get_response(request) if response is None else response

    def _answer(self, request: HttpRequest) -> HttpResponse | None:
        try:
            request.get_host()  # a host not in ALLOWED_HOSTS
            query = request.GET  # too many fields
        except SuspiciousOperation:
            return None  # the rest of the stack refuses it (400) and logs it, as always
        throttle = ReadThrottle()
        if not throttle.allow_request(request, None):
            remember_verdict(request, throttle)
            return None
        try:
            platform = platform_or_400(query.get("platform"))
            result = score_lookup(platform, ids_or_400(split_ids(query.getlist("ids"))))
        except (ValidationError, ScoresUnavailable):
            remember_verdict(request, throttle)
            return None
        response = lookup_response(request, result)
        response["Allow"] = self._allowed_methods()
        if not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

    def _allowed_methods(self) -> str:
        if self._allow is None:
            view = RequesterScoresView()
            view.setup(None)  # as as_view() does: HEAD is answered as GET
            self._allow = ", ".join(view.allowed_methods)
        return self._allow

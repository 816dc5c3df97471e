"""The bulk score lookup's fast path: a WSGI wrapper that answers the common case first.

Browser extensions call GET /api/v1/requesters/scores on every task-list page load, so the
cost of the framework around the lookup is what limits how many of them a web process
serves. The lookup itself is a join of pre-serialised bytes (api/read/lookup.py); Django's
handler (signals, request and response objects), the middleware, URL resolution and DRF's
request wrapping, content negotiation and exception handling around it cost several times
more, and do nothing for an anonymous, well-formed lookup. So backend/wsgi.py wraps
Django's WSGI application in this one, which answers that case itself with the functions
the DRF view (api/read/views.py, RequesterScoresView) calls, and hands every other
request to Django:

- only GET on exactly the lookup's path, without an Authorization header (token holders get
  their own rate limit from DRF's authentication) and without If-None-Match (the 304 logic
  stays in one place);
- a request the lookup refuses (unknown platform, no or too many ids, scores unavailable) or
  the rate limit refuses goes on to the DRF view, which words the error; the rate-limit
  verdict travels in the environ, so a request is never counted twice. A host not allowed
  or too many query fields go on too, to be refused (and logged) as anywhere else, and so
  does any request if the fast path itself fails (the failure is logged).

The headers the middleware stack adds come from the stack itself (api/read/stack_headers.py).
tests/api/test_fast_lookup.py checks that this path and Django give the same status,
headers and body for the same requests.
"""

from __future__ import annotations

import logging

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.urls import get_script_prefix, reverse
from rest_framework.exceptions import ValidationError

from api.read.compact import compact_or_400, without_compact_field
from api.read.lookup import (
    encoded_answer,
    plain_lookup_query,
    platform_or_400,
    query_ids,
    score_lookup,
)
from api.read.stack_headers import stack_headers
from api.read.views import RequesterScoresView
from api.score_reader import ScoresUnavailable
from api.throttles import ReadThrottle, remember_verdict

logger = logging.getLogger(__name__)

Answer = tuple[list[tuple[str, str]], bytes]


class ScoreLookupFastPath:
    def __init__(self, application):
        self.application = application
        self._path: str | None = None
        self._allow: str | None = None

    def __call__(self, environ: dict, start_response):
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("PATH_INFO") != self._lookup_path()
            or "HTTP_AUTHORIZATION" in environ
            or "HTTP_IF_NONE_MATCH" in environ
        ):
            return self.application(environ, start_response)
        try:
            answer = self._answer(environ)
        except Exception:  # whatever went wrong, Django answers (and words any error)
            logger.exception("The score lookup's fast path failed; Django answers instead.")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        headers, body = answer
        start_response("200 OK", headers)
        return [body]

    def _lookup_path(self) -> str:
        """The lookup's path as PATH_INFO has it (without the script name)."""
        if self._path is None:
            self._path = "/" + reverse("api:requester-scores")[len(get_script_prefix()) :]
        return self._path

    def _answer(self, environ: dict) -> Answer | None:
        added = stack_headers.for_request(environ)  # None also for a host not allowed
        if added is None:
            return None
        request = WSGIRequest(environ)
        rest, compact = without_compact_field(environ.get("QUERY_STRING", ""))
        plain = plain_lookup_query(rest)
        if plain is None:
            try:
                query = request.GET
            except SuspiciousOperation:  # too many fields
                return None  # Django refuses it (400) and logs it, as for any path
        throttle = ReadThrottle()
        if not throttle.allow_request(request, None):
            remember_verdict(request, throttle)
            return None
        try:
            if plain is None:
                slug, ids = query.get("platform"), query_ids(query)
                compact = compact_or_400(query.get("fields"))
            else:
                slug, ids = plain
            result = score_lookup(platform_or_400(slug), ids, compact=compact)
        except (ValidationError, ScoresUnavailable):
            remember_verdict(request, throttle)
            return None
        headers, body = encoded_answer(result, environ.get("HTTP_ACCEPT_ENCODING", ""))
        headers["Allow"] = self._allowed_methods()
        return added.onto(headers), body

    def _allowed_methods(self) -> str:
        if self._allow is None:
            view = RequesterScoresView()
            view.setup(None)  # as as_view() does: HEAD is answered as GET
            self._allow = ", ".join(view.allowed_methods)
        return self._allow

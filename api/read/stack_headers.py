"""What Django's middleware stack adds to an answer, learned once per kind of request.

The lookup's fast path (api/read/fast_lookup.py) answers in front of Django, so the
headers that the middleware would add (X-Frame-Options, X-Content-Type-Options,
Referrer-Policy, Cross-Origin-Opener-Policy, the CORS headers, Vary: origin, HSTS on
HTTPS) must come from somewhere. Writing them out by hand would copy the settings'
logic and drift from it. Instead, the first time a kind of request is seen, the real stack
(settings.MIDDLEWARE, through Django's own handler) answers a probe: the same request,
without its query string and cookies, routed to a view that returns an empty 200 JSON
answer. Whatever the stack added to that answer is what it adds to the lookup's.

A kind of request is what those middleware read from an anonymous GET: the scheme and
the headers that make it HTTPS for Django, the host and the origin. If the stack answers
the probe with anything but a 200 with plain headers (a redirect to HTTPS, a cookie), the
fast path stays out of the way for that kind of request and Django answers it.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

# Headers that the lookup's answer sets itself: the probe's values (for an empty body) mean
# nothing for the real answer. Vary is merged.
_OWN = frozenset(
    {"content-type", "content-length", "etag", "cache-control", "content-encoding", "allow"}
)
# Kinds of request remembered at most; past this many they are all forgotten (only a
# client inventing origins gets there, and then pays one probe per request, no more).
MEMORY = 256


class _ProbeHandler(BaseHandler):
    """Django's handler with its middleware chain, ending in an empty 200 JSON answer."""

    def _get_response(self, request):
        return HttpResponse(b"", content_type="application/json")


@dataclass(frozen=True, slots=True)
class Added:
    """What the stack adds: plain headers, and Vary tokens merged into the answer's own."""

    headers: tuple[tuple[str, str], ...]
    vary: str | None

    def onto(self, own: dict[str, str]) -> list[tuple[str, str]]:
        """The answer's own headers with these added."""
        vary = _merged_vary(own.get("Vary"), self.vary)
        if vary is not None:
            own["Vary"] = vary
        return [*own.items(), *self.headers]


@functools.lru_cache(maxsize=64)
def _merged_vary(own: str | None, added: str | None) -> str | None:
    """As django.utils.cache.patch_vary_headers merges them: the answer's tokens first."""
    if not own or not added:
        return own or added
    present = cc_delim_re.split(own)
    lowered = {token.lower() for token in present}
    return ", ".join(present + [t for t in cc_delim_re.split(added) if t.lower() not in lowered])


class StackHeaders:
    def __init__(self) -> None:
        self._handler: _ProbeHandler | None = None
        self._known: dict[tuple, Added | None] = {}

    def reset(self) -> None:
        self._handler = None
        self._known.clear()

    def for_request(self, environ: dict) -> Added | None:
        """The headers the stack adds to a 200 answer to this request; None when the stack
        would do more than add headers, or refuse the host."""
        key = self._kind(environ)
        try:
            return self._known[key]
        except KeyError:
            pass
        headers, settled = self._probe(environ)
        if settled:
            if len(self._known) >= MEMORY:
                self._known.clear()
            self._known[key] = headers
        return headers

    @staticmethod
    def _kind(environ: dict) -> tuple:
        proxy_ssl = settings.SECURE_PROXY_SSL_HEADER
        return (
            environ.get("wsgi.url_scheme"),
            environ.get(proxy_ssl[0]) if proxy_ssl else None,
            environ.get("HTTP_HOST"),
            environ.get("HTTP_X_FORWARDED_HOST"),
            environ.get("HTTP_X_FORWARDED_PORT"),
            environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"),
            environ.get("HTTP_ORIGIN"),
        )

    def _probe(self, environ: dict) -> tuple[Added | None, bool]:
        """(what the stack adds, or None; whether that holds for every request of this
        kind). A server error (a middleware that failed, say a database that was down) may
        not happen again: the next request of the kind probes again."""
        probe = {k: v for k, v in environ.items() if k not in ("HTTP_COOKIE", "QUERY_STRING")}
        probe["wsgi.input"] = io.BytesIO(b"")
        request = WSGIRequest(probe)
        try:
            request.get_host()
        except DisallowedHost:
            return None, True  # Django refuses (and logs) each such request itself
        if self._handler is None:
            self._handler = _ProbeHandler()
            self._handler.load_middleware()
        response = self._handler.get_response(request)
        response.close()
        if response.status_code != 200 or response.cookies:
            return None, response.status_code < 500
        added = [(k, v) for k, v in response.items() if k.lower() not in _OWN]
        vary = [v for k, v in added if k.lower() == "vary"]
        plain = tuple((k, v) for k, v in added if k.lower() != "vary")
        return Added(headers=plain, vary=vary[0] if vary else None), True


stack_headers = StackHeaders()


@receiver(setting_changed)
def _forget_on_setting_change(**kwargs) -> None:
    """Tests change settings (ALLOWED_HOSTS, CORS, security headers): learn again."""
    stack_headers.reset()

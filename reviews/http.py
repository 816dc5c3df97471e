"""What the web pages and the API both need to know about an HTTP request: who sent it."""

from __future__ import annotations

from django.conf import settings

from reviews.services.fingerprints import Origin


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry that the trusted
    proxies (REST_FRAMEWORK["NUM_PROXIES"], from API_NUM_PROXIES) added.

    Each proxy appends the address it received the request from, so with N trusted proxies
    the client is the N-th entry from the right; anything further left was sent by the
    client and could be forged. Unlike DRF's throttle identity, an unset NUM_PROXIES trusts
    no X-Forwarded-For at all: a forged header must not move a writer to another network.
    Works with a Django HttpRequest and a DRF Request alike.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = (getattr(settings, "REST_FRAMEWORK", {}) or {}).get("NUM_PROXIES")
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


def request_origin(request) -> Origin:
    """Where a write came from, for the services to fingerprint."""
    return Origin(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))

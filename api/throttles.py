"""Rate limits: anonymous reads per client address, token holders higher, writes per user.

Why not DRF's SimpleRateThrottle: it keeps every request's timestamp in a cached list, so
each check is a GET and a SET of a pickled list of up to `rate` floats (600 for an anonymous
reader): two Redis round trips plus (un)pickling that grows with the limit, measured at
several times the cost of the check below (tests/benchmarks/bench_throttle.py). The bulk
lookup must not pay more than a fraction of a millisecond for its limit.

What we do instead: a sliding-window *counter* (two fixed windows, the previous one weighted
by how much of it still overlaps the sliding window), shared through Redis by every web
process and machine, but not paid for with a round trip on every request. Each process
counts a client's requests locally and adds them to Redis (one pipelined INCRBY + EXPIRE +
GET of the previous window) when it has gathered a small batch (1% of the limit, at most
100), when a second has passed, on the client's first request in this process and window,
and on every request once the client is within a batch of its limit. So a steady client costs
about one round trip per batch or second; near the limit every request is checked against
the shared count, and a client spread over P processes can pass the limit by at most P
batches only while far below it, i.e. never by more than concurrency allows at the edge.
Without Redis (the embedded default) the counters simply live in process memory. The
weighting removes the fixed window's flaw of letting a client send twice the limit across
a window boundary.

A refused request still counts: a client that keeps hammering stays refused until it waits
as long as Retry-After says. If Redis can't be reached the check lets the request through:
reads staying up matters more than a limit. After a failure a process doesn't ask Redis for
REDIS_RETRY_AFTER seconds, nor while the caches saw it fail that recently (backend/cache.py's
`redis_outage`): a Redis that accepts connections but never answers would otherwise cost
every request the read timeout. The hits counted meanwhile are sent with the next sync.

Privacy: counters are keyed by an HMAC of the client address under a key derived from
SECRET_KEY, never the address itself, and expire after two windows.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import threading
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from backend.cache import RedisOutage, redis_outage

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_parsed_rates: dict[str, tuple[int, int]] = {}


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/min' -> (600, 60): the DRF rate format (the period's first letter counts)."""
    parsed = _parsed_rates.get(rate)
    if parsed is None:
        number, period = rate.split("/")
        parsed = _parsed_rates[rate] = (int(number), _PERIODS[period.strip()[0]])
    return parsed


class _LocalCounters:
    """Per-process counters for the embedded default (no Redis)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def hit(self, prefix: str, index: int, *, ttl: int, limit: int, weight: float):
        key = f"{prefix}{index}"
        with self._lock:
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
            if len(self._counts) > 100_000:  # old windows; dropping them all is harmless
                self._counts = {key: count}
            return count, self._counts.get(f"{prefix}{index - 1}", 0)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


SYNC_SECONDS = 1.0


@dataclass(slots=True)
class _Shared:
    """One client's counts as this process knows them, for the current window."""

    index: int
    synced: int = 0  # the shared count at the last sync (this process's hits included)
    pending: int = 0  # this process's hits since then
    previous: int = 0  # the shared count of the previous window
    synced_at: float = float("-inf")


class _RedisCounters:
    def __init__(self, url: str) -> None:
        # Short timeouts: a stalled Redis must not stall every read behind it.
        self.client = redis.Redis.from_url(
            url, socket_timeout=0.25, socket_connect_timeout=0.25, health_check_interval=30
        )
        self._clients: dict[str, _Shared] = {}
        self._lock = threading.Lock()
        # Its own memory of failures: its timeouts are shorter than the caches', so a slow
        # Redis that fails a throttle check need not turn the score caches away too.
        self.outage = RedisOutage()

    def hit(self, prefix: str, index: int, *, ttl: int, limit: int, weight: float):
        now = time.monotonic()
        batch = max(1, min(limit // 100, 100))
        with self._lock:
            state = self._clients.get(prefix)
            if state is None or state.index != index:
                if len(self._clients) > 50_000:
                    self._clients.clear()  # unsent hits of idle clients: a few, forgotten
                state = self._clients[prefix] = _Shared(index)
            state.pending += 1
            estimate = state.previous * weight + state.synced + state.pending
            if (
                state.pending < batch
                and now - state.synced_at < SYNC_SECONDS
                and estimate + batch <= limit
            ):
                return state.synced + state.pending, state.previous
            if self.outage.recent() or redis_outage.recent():
                raise redis.ConnectionError("Redis failed moments ago; not asked again yet")
            pending, state.pending = state.pending, 0
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.incrby(f"{prefix}{index}", pending)
            pipe.expire(f"{prefix}{index}", ttl)
            pipe.get(f"{prefix}{index - 1}")
            count, _, previous = pipe.execute()
        except redis.RedisError:
            self.outage.failed()
            with self._lock:
                state.pending += pending  # sent again with the next sync
            raise
        with self._lock:
            state.synced, state.previous, state.synced_at = int(count), int(previous or 0), now
            return state.synced + state.pending, state.previous

    def clear(self) -> None:
        with self._lock:
            self._clients.clear()
        self.outage.reset()


_local = _LocalCounters()
_redis: dict[str, _RedisCounters] = {}
_last_warning = 0.0


def _counters() -> _LocalCounters | _RedisCounters:
    url = settings.REDIS_URL
    if not url:
        return _local
    counters = _redis.get(url)
    if counters is None:
        counters = _redis[url] = _RedisCounters(url)
    return counters


def reset() -> None:
    """Forget every in-process count (tests; Redis counters go with the cache's flush)."""
    _local.clear()
    for counters in _redis.values():
        counters.clear()


_hmac_keys: dict[str, bytes] = {}


def client_key(request) -> str:
    """The keyed hash of the client's address. DRF's get_ident reads X-Forwarded-For as far
    as REST_FRAMEWORK["NUM_PROXIES"] trusts it, else REMOTE_ADDR.

    The same value as salted_hmac("lantern.api.throttle", address), with its key derived
    once per SECRET_KEY rather than on every request."""
    address = BaseThrottle().get_ident(request) or ""
    secret = settings.SECRET_KEY
    key = _hmac_keys.get(secret)
    if key is None:
        key = _hmac_keys[secret] = hashlib.sha1(  # noqa: S324  salted_hmac's key derivation
            ("lantern.api.throttle" + secret).encode()
        ).digest()
    return hmac.new(key, address.encode(), hashlib.sha1).hexdigest()[:32]


class WindowThrottle(BaseThrottle):
    """A sliding-window counter per (scope, identity). Subclasses say which."""

    scope = ""

    def __init__(self) -> None:
        self._wait: float | None = None

    def identity(self, request) -> tuple[str, str]:
        """(scope, key) for this request."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        # The lookup's fast path (api/read/fast_lookup.py) may have checked this request
        # already before handing it on: one request counts once.
        verdict = request.META.get(_VERDICT_KEY, {}).get(type(self))
        if verdict is not None:
            allowed, self._wait = verdict
            return allowed
        scope, ident = self.identity(request)
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        if not rate:
            return True
        limit, window = parse_rate(rate)
        now = time.time()
        index = int(now // window)
        elapsed = now - index * window
        weight = 1 - elapsed / window  # how much of the previous window still counts
        try:
            count, previous = _counters().hit(
                f"throttle:{scope}:{ident}:", index, ttl=2 * window, limit=limit, weight=weight
            )
        except redis.RedisError:
            _warn_unavailable()
            return True
        estimate = previous * weight + count
        if estimate <= limit:
            return True
        self._wait = _seconds_until_allowed(count, previous, limit, window, elapsed)
        return False

    def wait(self) -> float | None:
        return self._wait


# In the WSGI environ (request.META), which the fast path hands on with the request.
_VERDICT_KEY = "lantern.throttle_verdicts"


def remember_verdict(request, throttle: WindowThrottle) -> None:
    """Keep a check's outcome with the request for a later check of the same kind on it."""
    verdicts = request.META.setdefault(_VERDICT_KEY, {})
    verdicts[type(throttle)] = (throttle._wait is None, throttle._wait)


def _seconds_until_allowed(
    count: int, previous: int, limit: int, window: int, elapsed: float
) -> float:
    """How long until one more request fits, if the client sends nothing meanwhile."""
    if count < limit and previous:
        # Still in this window, once enough of the previous one has slid out.
        wait = window * (1 - (limit - count) / previous) - elapsed
    else:
        # In the next window, where this window's count is the weighted "previous" one.
        wait = (window - elapsed) + window * max(0.0, 1 - (limit - 1) / count)
    return max(1.0, math.ceil(wait))


def _warn_unavailable() -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.warning("Rate limits are not enforced: Redis is unreachable.")


class ReadThrottle(WindowThrottle):
    """Reads: anonymous clients per address (scope anon_read), token holders per user
    (scope token_read, a higher limit)."""

    def identity(self, request) -> tuple[str, str]:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return "token_read", f"u{user.pk}"
        return "anon_read", client_key(request)


class WriteThrottle(WindowThrottle):
    """Writes per authenticated user (scope write); an anonymous write is refused by
    authentication before it gets here, but would count per address."""

    scope = "write"

    def identity(self, request) -> tuple[str, str]:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return "write", f"u{user.pk}"
        return "write", client_key(request)

"""The default cache: Django's Redis cache, made harmless when Redis can't be reached.

What uses the default cache can do without it for a while: allauth's rate limits on log-in,
sign-up and password reset (counters and a short lock). With plain RedisCache each of
those calls raises while Redis is down, which is a 500 on the log-in and sign-up forms. Here a
call that fails on a Redis error is logged (a warning, without the key: rate-limit keys
hold a hashed client address) and answers as if the cache were empty and writable:

- get → the default, get_many → {}, has_key → False: nothing is counted yet;
- add → True: the caller goes on as if it had set the key first (allauth takes its lock
  and lets the request through);
- set, set_many, touch, delete, delete_many → as done; nothing is stored.

So the rate limits are off while Redis is down (sign-ups and log-ins must still work), and
on again once it answers. incr and clear still raise: their callers must know.

A Redis that accepts connections but never answers costs each call the read timeout
(REDIS_SOCKET_TIMEOUT), and a request makes several. So a failure is remembered for
REDIS_RETRY_AFTER seconds in this process (`redis_outage`): meanwhile the calls answer
their fallback at once without asking Redis, and the request path enqueues no tasks
(worker/subscribers.py); the score reader probes no more often (api/score_reader.py).
Sessions don't depend on it: they live in PostgreSQL (Django's default SESSION_ENGINE).
The "scores" and "pending" caches are plain RedisCaches on purpose: the score reader tells
Redis down from an empty cache by its errors (api/score_reader.py), and the worker's
recompute-pending marks (worker/tasks.py) skip a doomed enqueue when setting one fails.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class RedisOutage:
    """When this process last saw Redis fail, so that it doesn't wait on it again at once."""

    def __init__(self) -> None:
        self._failed_at = float("-inf")

    def failed(self) -> None:
        self._failed_at = time.monotonic()

    def recent(self) -> bool:
        """True within REDIS_RETRY_AFTER seconds of the last failure."""
        return time.monotonic() - self._failed_at < settings.REDIS_RETRY_AFTER

    def reset(self) -> None:
        self._failed_at = float("-inf")


redis_outage = RedisOutage()


def _forgiving(operation: str, fallback, call, *args):
    """call(*args), or `fallback` if Redis failed moments ago or fails now (logged)."""
    if redis_outage.recent():
        return fallback
    try:
        return call(*args)
    except RedisError as exc:
        redis_outage.failed()
        logger.warning("cache %s failed, carrying on without it: %s", operation, exc)
        return fallback


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        return _forgiving("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return _forgiving("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return _forgiving("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return _forgiving("add", True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return _forgiving("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return _forgiving("set_many", [], super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return _forgiving("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return _forgiving("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return _forgiving("delete_many", None, super().delete_many, keys, version)

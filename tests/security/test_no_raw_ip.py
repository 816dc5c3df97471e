"""No raw IP address in any table, log line or cache entry.

A run of the site's and the API's address-touching paths (sign up, log in, a failed log-in,
a password reset, a review through the form and through the API, a flag, a look-up) comes
from distinctive addresses: REMOTE_ADDR directly, and a client behind one trusted proxy in
X-Forwarded-For. Then the database dump, every log record (SQL included, with parameters)
and every cache entry (Redis when REDIS_URL is set, else the in-process caches) are searched
for those addresses in their usual spellings.
"""

from __future__ import annotations

import ipaddress
import logging
import pickle
import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from reviews.models import Review
from reviews.services.tokens import token_create
from tests.db_dump import database_text
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

DIRECT = "203.0.113.197"  # REMOTE_ADDR of a client with no proxy in front
BEHIND_PROXY = "198.51.100.173"  # the client the trusted proxy names in X-Forwarded-For
PROXY = "10.9.8.7"
IPV6 = "2001:db8:5ec:1::7a"
PASSWORD = "correct horse battery staple"


def spellings(ip: str) -> list[re.Pattern]:
    """The address as text in the forms a log, a key or a row might hold it."""
    address = ipaddress.ip_address(ip)
    forms = {str(address), address.exploded}
    if address.version == 4:
        forms |= {str(address).replace(".", "-"), str(address).replace(".", "_")}
        forms.add(".".join(str(address).split(".")[:3]) + ".")  # its /24 prefix as text
        forms.add(f"::ffff:{address}")
    else:
        forms.add(address.exploded.replace(":", ""))
        forms.add(":".join(address.exploded.split(":")[:4]))  # its /64 network
        forms.add(str(ipaddress.ip_network(f"{address}/64", strict=False).network_address))
    patterns = [re.compile(re.escape(form), re.IGNORECASE) for form in forms]
    # Numeric forms only as whole tokens: a hex digest may hold any short hex run.
    patterns.append(re.compile(rf"(?<![0-9a-f]){int(address)}(?![0-9a-f])"))
    patterns.append(re.compile(rf"(?<![0-9a-f]){int(address):x}(?![0-9a-f])", re.IGNORECASE))
    return patterns


def redis_text() -> str:
    import redis

    parts = []
    server = redis.Redis.from_url(django_settings.REDIS_URL)
    for key in server.scan_iter(count=1000):
        kind = server.type(key).decode()
        if kind == "string":
            value = server.get(key)
        elif kind == "hash":
            value = server.hgetall(key)
        elif kind == "list":
            value = server.lrange(key, 0, -1)
        elif kind == "set":
            value = server.smembers(key)
        elif kind == "zset":
            value = server.zrange(key, 0, -1, withscores=True)
        else:
            value = kind
        parts.append(f"{key!r} {kind} {_unpickled(value)!r}")
    assert parts, "the run left nothing in Redis: the rate limits were not exercised"
    return "\n".join(parts)


def _unpickled(value):
    if isinstance(value, bytes):
        try:
            return pickle.loads(value)  # noqa: S301 (our own cache's values)
        except Exception:
            return value
    return value


def local_cache_text() -> str:
    parts = []
    for alias in django_settings.CACHES:
        store = getattr(caches[alias], "_cache", None)  # the in-process (locmem) backend
        if isinstance(store, dict):
            parts += [f"{key!r} {_unpickled(value)!r}" for key, value in store.items()]
    assert parts, "the run left nothing in the cache: the rate limits were not exercised"
    return "\n".join(parts)


def cache_text() -> str:
    return redis_text() if django_settings.REDIS_URL else local_cache_text()


@pytest.fixture
def sql_logged(caplog):
    """Every SQL statement with its parameters, in caplog, while the test runs."""
    logger = logging.getLogger("django.db.backends")
    old_level, old_force = logger.level, connection.force_debug_cursor
    logger.setLevel(logging.DEBUG)
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = old_force
    logger.removeHandler(caplog.handler)
    logger.setLevel(old_level)


def from_address(kind: str) -> dict:
    if kind == "direct":
        return {"REMOTE_ADDR": DIRECT}
    if kind == "ipv6":
        return {"REMOTE_ADDR": IPV6}
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.250, {BEHIND_PROXY}"}


def site_paths(kind: str) -> None:
    meta = from_address(kind)
    stranger = Client()
    signed_up = stranger.post(
        reverse("account_signup"),
        {
            "email": f"new-{kind}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "pseudonym": f"newcomer{kind}",
        },
        **meta,
    )
    assert signed_up.status_code == 302, signed_up.content[:500]
    failed = Client().post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "wrong"}, **meta
    )
    assert failed.status_code == 200
    reset = Client().post(reverse("account_reset_password"), {"email": "x@example.org"}, **meta)
    assert reset.status_code == 302

    author = UserFactory()
    client = Client()
    logged = client.post(
        reverse("account_login"), {"login": author.email, "password": PASSWORD}, **meta
    )
    assert logged.status_code == 302, logged.content[:500]
    posted = client.post(
        reverse("reviews:review_new"),
        {
            "platform": "mturk",
            "requester_id": f"A1B2C3{kind.upper()}",
            "requester_name": "Psychology Lab",
            "task_title": "Decision-making survey",
            "reward": "2.00",
            "time_minutes": "15",
            "time_seconds": "0",
            "outcome": "approved",
            "communication": "not_contacted",
            "recommend": "yes",
            "text": "Fair pay for the time.",
            "idempotency_key": uuid.uuid4().hex,
        },
        **meta,
    )
    assert posted.status_code == 302, posted.content[:500]


def api_paths(kind: str) -> None:
    meta = from_address(kind)
    author = UserFactory()
    headers = {"Authorization": f"Token {token_create(user=author, name='ext')[1]}"}
    client = Client()
    created = client.post(
        reverse("api:review-create"),
        {
            "platform": "mturk",
            "requester_id": f"AB9C8D7{kind.upper()}",
            "task_title": "Decision-making survey",
            "reward": "2.00",
            "time_worked_seconds": 900,
            "outcome": "approved",
        },
        content_type="application/json",
        headers=headers,
        **meta,
    )
    assert created.status_code == 201, created.content[:500]
    other = ReviewFactory()
    flagged = client.post(
        reverse("api:review-flags", args=[other.pk]),
        {"reason": "spam"},
        content_type="application/json",
        headers=headers,
        **meta,
    )
    assert flagged.status_code == 201, flagged.content[:500]
    looked_up = client.get(
        reverse("api:requester-detail", args=["mturk", f"AB9C8D7{kind.upper()}"]), **meta
    )
    assert looked_up.status_code == 200, looked_up.content[:500]


def test_no_raw_address_in_the_database_the_logs_or_the_cache(settings, sql_logged):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for cache in caches.all():
        cache.clear()

    for kind in ("direct", "proxied", "ipv6"):
        site_paths(kind)
        api_paths(kind)

    assert Review.objects.count() >= 6
    logs = "\n".join(
        f"{record.name} {record.getMessage()} {getattr(record, 'sql', '')} "
        f"{getattr(record, 'params', '')}"
        for record in sql_logged.records
    )
    assert "INSERT INTO" in logs, "the SQL log was not captured"
    places = {"database": database_text(), "logs": logs, "cache": cache_text()}
    found = [
        f"{ip} as {pattern.pattern!r} in the {place}"
        for ip in (DIRECT, BEHIND_PROXY, IPV6)
        for pattern in spellings(ip)
        for place, text in places.items()
        if pattern.search(text)
    ]
    assert not found, found


def test_the_search_would_find_an_address_left_in_the_cache():
    """The check above can fail: a raw address put in the cache is found."""
    caches["default"].set(f"probe:ip:{BEHIND_PROXY}", 1)
    text = cache_text()
    assert any(pattern.search(text) for pattern in spellings(BEHIND_PROXY))
    caches["default"].delete(f"probe:ip:{BEHIND_PROXY}")

"""No raw IP address in any table, log line or cache entry.

A newcomer's life and a few attackers' tries come from distinctive addresses (TEST-NET
ranges and an IPv6 documentation address, as REMOTE_ADDR and through a trusted proxy's
X-Forwarded-For): sign up, confirm, log in, fail log-ins, ask for a password reset, post a
review by the form and by the API, flag one, look scores up. Afterwards a dump of every
table, every log record of the run (SQL included) and every key and value in Redis are
searched for the addresses, in their usual spellings. On real PostgreSQL and Redis: the cache
is where rate limits keep their counters.
"""

import ipaddress
import logging
import re

import pytest
import redis
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from api import throttles
from reviews.account_adapter import client_rate_limit_id
from reviews.models import Flag, Review
from reviews.services.tokens import token_create
from tests.api.test_write_reviews import api_fields
from tests.db_dump import database_text
from tests.factories import ReviewFactory
from tests.reviews.test_pages_accounts import EMAIL, confirmation_link, sign_up
from tests.reviews.test_pages_writing import form_data

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=False)]

SIGN_UP = "198.51.100.173"
LOG_IN = "203.0.113.219"
FAILED_LOG_IN = "192.0.2.147"
RESET = "198.51.100.58"
FORM_WRITE = "2001:db8:4c1e:7a00::91"
API_WRITE = "203.0.113.86"
PROXIED = "192.0.2.201"  # the client behind a trusted proxy (X-Forwarded-For)
PROXY = "198.51.100.9"
LOOKUP = "203.0.113.47"
ADDRESSES = (SIGN_UP, LOG_IN, FAILED_LOG_IN, RESET, FORM_WRITE, API_WRITE, PROXIED, PROXY, LOOKUP)


def spellings(address: str) -> set[str]:
    """The forms an address is written in: as given, compressed, exploded, IPv4-mapped."""
    parsed = ipaddress.ip_address(address)
    forms = {address, str(parsed)}
    if parsed.version == 6:
        forms.add(parsed.exploded)
    else:
        forms.add(f"::ffff:{parsed}")
    return forms


def redis_text() -> str:
    """Every key and value (strings, lists, hashes, sets) in the Redis database that the
    caches, rate limits and the Celery broker share."""
    server = redis.Redis.from_url(django_settings.REDIS_URL)
    parts = []
    for key in server.scan_iter(count=1000):
        parts.append(key)
        kind = server.type(key)
        if kind == b"string":
            parts.append(server.get(key) or b"")
        elif kind == b"list":
            parts.extend(server.lrange(key, 0, -1))
        elif kind == b"hash":
            for field, value in server.hgetall(key).items():
                parts.extend((field, value))
        elif kind in (b"set", b"zset"):
            parts.extend(server.zrange(key, 0, -1) if kind == b"zset" else server.smembers(key))
    return "\n".join(part.decode(errors="replace") for part in parts)


@pytest.fixture
def run_logs(caplog, settings):
    """Every log record of the test, the SQL Django sends included."""
    sql = logging.getLogger("django.db.backends")
    old_level = sql.level
    sql.setLevel(logging.DEBUG)
    sql.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True
    try:
        yield caplog
    finally:
        connection.force_debug_cursor = False
        sql.removeHandler(caplog.handler)
        sql.setLevel(old_level)


def newcomers_life(client, settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert sign_up(client, REMOTE_ADDR=SIGN_UP).status_code == 302
    link = confirmation_link()
    assert client.post(link, REMOTE_ADDR=SIGN_UP).status_code == 302
    client.logout()

    for _ in range(3):
        refused = client.post(
            reverse("account_login"),
            {"login": EMAIL, "password": "not the passphrase"},
            REMOTE_ADDR=FAILED_LOG_IN,
        )
        assert refused.status_code == 200
    logged_in = client.post(
        reverse("account_login"),
        {"login": EMAIL, "password": "a long unusual passphrase 42"},
        REMOTE_ADDR=LOG_IN,
    )
    assert logged_in.status_code == 302
    reset = client.post(reverse("account_reset_password"), {"email": EMAIL}, REMOTE_ADDR=RESET)
    assert reset.status_code == 302

    posted = client.post(reverse("reviews:review_new"), form_data(), REMOTE_ADDR=FORM_WRITE)
    assert posted.status_code == 302
    user = Review.objects.get().author
    secret = token_create(user=user, name="Firefox")[1]
    api_headers = {"Authorization": f"Token {secret}"}
    written = client.post(
        reverse("api:review-create"),
        api_fields(requester_id="A9Z8Y7X6W5V4U3", task_title="Another survey"),
        content_type="application/json",
        headers={**api_headers, "Idempotency-Key": "no-raw-ip-1"},
        REMOTE_ADDR=API_WRITE,
    )
    assert written.status_code == 201, written.content
    flagged = client.post(
        reverse("api:review-flags", args=[ReviewFactory().pk]),
        {"reason": "spam", "explanation": "Looks pasted."},
        content_type="application/json",
        headers=api_headers,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=PROXIED,
    )
    assert flagged.status_code == 201, flagged.content
    client.logout()
    for _ in range(2):
        looked_up = client.get(
            reverse("api:requester-scores"),
            {"platform": "mturk", "ids": "A1B2C3D4E5F6G7,A9Z8Y7X6W5V4U3"},
            REMOTE_ADDR=LOOKUP,
        )
        assert looked_up.status_code == 200


def test_no_table_log_line_or_cache_entry_holds_a_client_address(client, settings, run_logs):
    assert connection.vendor == "postgresql"
    throttles.reset()
    for alias in ("default", "scores"):
        caches[alias].clear()
    mail.outbox.clear()

    newcomers_life(client, settings)

    assert Review.objects.count() == 3
    assert Flag.objects.count() == 1
    logs = "\n".join(record.getMessage() for record in run_logs.records)
    assert "INSERT INTO" in logs  # the SQL log was captured, so its absence would be seen
    cache = redis_text()
    assert "allauth:rl:" in cache  # the log-in rate limit counted, in Redis
    assert client_rate_limit_id(FAILED_LOG_IN) in cache  # …under the address's keyed hash
    places = {
        "database": database_text(),
        "logs": logs,
        "cache": cache,
        "e-mails": "\n".join(m.body for m in mail.outbox),
    }
    for place, text in places.items():
        for address in ADDRESSES:
            for spelling in spellings(address):
                assert not re.search(rf"(?<![\w.:]){re.escape(spelling)}(?![\w.:])", text), (
                    f"{spelling} found in the {place}"
                )


def test_the_rate_limit_id_is_one_per_address_and_one_per_ipv6_64():
    assert client_rate_limit_id("203.0.113.7") == client_rate_limit_id("::ffff:203.0.113.7")
    assert client_rate_limit_id("203.0.113.7") != client_rate_limit_id("203.0.113.8")
    assert client_rate_limit_id("2001:db8:1:2::1") == client_rate_limit_id("2001:db8:1:2:ffff::9")
    assert client_rate_limit_id("2001:db8:1:2::1") != client_rate_limit_id("2001:db8:1:3::1")
    assert "203.0.113.7" not in client_rate_limit_id("203.0.113.7")
    assert len(client_rate_limit_id("")) == 64

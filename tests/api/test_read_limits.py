"""Read rate limits and cross-origin reads."""

import pytest
import redis
from django.utils.crypto import salted_hmac

from api import throttles
from backend.cache import redis_outage

pytestmark = pytest.mark.django_db

URL = "/api/v1/requesters/scores?platform=mturk&ids=A1B2C3D4E5F6G7"


@pytest.fixture
def tiny_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon_read": "2/min", "token_read": "4/min", "write": "1/min"},
    }


def test_an_anonymous_reader_over_the_limit_is_told_when_to_come_back(api_client, tiny_rates):
    answers = [api_client.get(URL) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert 1 <= int(answers[2]["Retry-After"]) <= 120
    assert answers[2].json()["code"] == "throttled"


def test_anonymous_readers_are_counted_per_address(api_client, tiny_rates):
    for _ in range(2):
        api_client.get(URL, REMOTE_ADDR="10.0.0.1")

    assert api_client.get(URL, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert api_client.get(URL, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_every_read_endpoint_is_limited(api_client, tiny_rates):
    for url in ("/api/v1/platforms", "/api/multi-attrs.php?ids=A1B2C3D4E5F6G7"):
        throttles.reset()
        codes = [api_client.get(url).status_code for _ in range(3)]
        assert codes[-1] == 429, url


def test_a_token_holder_gets_the_higher_limit(api_client, tiny_rates, author):
    from reviews.services.tokens import token_create

    _token, secret = token_create(user=author, name="extension")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")

    codes = [api_client.get(URL).status_code for _ in range(5)]

    assert codes == [200, 200, 200, 200, 429]


def test_client_addresses_are_never_stored_in_the_clear(api_client, settings):
    settings.REDIS_URL = ""  # the in-process counters, which the test can look into
    api_client.get(URL, REMOTE_ADDR="203.0.113.77")

    keys = list(throttles._local._counts)
    assert keys
    assert not [k for k in keys if "203.0.113.77" in k]


def test_a_client_key_is_a_keyed_hash_that_follows_the_secret(rf, settings):
    request = rf.get(URL, REMOTE_ADDR="203.0.113.77")
    first = throttles.client_key(request)
    expected_first = salted_hmac("lantern.api.throttle", "203.0.113.77").hexdigest()[:32]
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    second = throttles.client_key(request)
    expected_second = salted_hmac("lantern.api.throttle", "203.0.113.77").hexdigest()[:32]

    assert (first, second) == (expected_first, expected_second)
    assert first != second


def test_the_retry_after_covers_the_sliding_window():
    # 10 per minute, 12 counted this window and none before: wait for the window to end
    # and for enough of it to slide out.
    assert throttles._seconds_until_allowed(12, 0, 10, 60, elapsed=30.0) == 30 + 15
    # Under the limit this window, but the previous one still weighs: wait until it slid.
    assert throttles._seconds_until_allowed(5, 10, 10, 60, elapsed=0.0) == 30


def test_reads_are_open_to_any_origin_without_credentials(api_client):
    response = api_client.get(URL, headers={"Origin": "https://worker.mturk.com"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_cross_origin_post_lookup_is_allowed_by_preflight(api_client):
    response = api_client.options(
        "/api/v1/requesters/scores",
        headers={
            "Origin": "https://worker.mturk.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "content-type" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_the_development_server_log_line_loses_the_lookup_query():
    import logging

    from api.read.logging import HideApiQueries

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /api/v1/requesters/scores?platform=mturk&ids=A1B2C3D4E5F6G7 HTTP/1.1", "200", "9"),
        None,
    )

    HideApiQueries().filter(record)

    assert record.getMessage() == '"GET /api/v1/requesters/scores?… HTTP/1.1" 200 9'


class _FakePipeline:
    """Stands in for Redis: counts round trips and keeps the counters."""

    def __init__(self, store, trips):
        self.store, self.trips, self.ops = store, trips, []

    def incrby(self, key, amount):
        self.ops.append(("incrby", key, amount))

    def expire(self, key, ttl):
        self.ops.append(("expire", key, ttl))

    def get(self, key):
        self.ops.append(("get", key))

    def execute(self):
        self.trips.append(len(self.ops))
        results = []
        for op in self.ops:
            if op[0] == "incrby":
                self.store[op[1]] = self.store.get(op[1], 0) + op[2]
                results.append(self.store[op[1]])
            elif op[0] == "expire":
                results.append(True)
            else:
                results.append(self.store.get(op[1]))
        return results


def _fake_redis_counters(store, trips):
    counters = throttles._RedisCounters("redis://127.0.0.1:1/0")
    counters.client.pipeline = lambda transaction=False: _FakePipeline(store, trips)
    return counters


def test_shared_counts_are_sent_to_redis_in_batches_far_from_the_limit():
    store, trips = {}, []
    counters = _fake_redis_counters(store, trips)

    counts = [counters.hit("t:", 7, ttl=120, limit=6000, weight=0.5)[0] for _ in range(120)]

    assert counts == list(range(1, 121))
    # The first hit, then the 61st, when 60 (1% of the limit) had gathered.
    assert len(trips) == 2
    assert store["t:7"] == 61  # the last 59 go with the next sync


def test_near_the_limit_every_hit_is_checked_against_the_shared_count():
    store, trips = {"t:7": 95}, []  # other processes already counted 95 of 100
    counters = _fake_redis_counters(store, trips)

    counts = [counters.hit("t:", 7, ttl=120, limit=100, weight=0.0)[0] for _ in range(6)]

    assert counts == [96, 97, 98, 99, 100, 101]
    assert len(trips) == 6


class _BrokenPipeline(_FakePipeline):
    """Redis failing: every round trip is counted, then raises."""

    def execute(self):
        self.trips.append(len(self.ops))
        raise redis.ConnectionError("connection refused")


def test_after_a_failure_redis_is_left_alone_and_the_hits_are_sent_once_it_is_back(settings):
    settings.REDIS_RETRY_AFTER = 60
    store, trips = {}, []
    counters = _fake_redis_counters(store, trips)
    counters.client.pipeline = lambda transaction=False: _BrokenPipeline(store, trips)

    for _ in range(3):
        with pytest.raises(redis.RedisError):
            counters.hit("t:", 7, ttl=120, limit=6000, weight=0.0)
    assert len(trips) == 1  # the first check failed; the next two didn't ask

    counters.outage.reset()
    counters.client.pipeline = lambda transaction=False: _FakePipeline(store, trips)
    assert counters.hit("t:", 7, ttl=120, limit=6000, weight=0.0)[0] == 4
    assert store["t:7"] == 4  # no hit lost while Redis was left alone


def test_a_failure_the_caches_saw_moments_ago_keeps_the_throttle_off_redis(settings):
    settings.REDIS_RETRY_AFTER = 60
    store, trips = {}, []
    counters = _fake_redis_counters(store, trips)
    redis_outage.failed()
    try:
        with pytest.raises(redis.RedisError):
            counters.hit("t:", 7, ttl=120, limit=6000, weight=0.0)
    finally:
        redis_outage.reset()
    assert trips == []
    assert counters.hit("t:", 7, ttl=120, limit=6000, weight=0.0)[0] == 2

"""backend/cache.py: the default cache answers as empty and writable while Redis is down."""

import logging
import time

import pytest
from django.core.cache import caches

from tests.factories import UserFactory
from tests.stack.process import free_port

PASSWORD = "a long test password 42"


def down_cache_settings() -> dict:
    """The default cache as production configures it, on a port where no Redis listens."""
    location = f"redis://127.0.0.1:{free_port()}/0"
    return {
        "default": {"BACKEND": "backend.cache.ForgivingRedisCache", "LOCATION": location},
        "scores": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = down_cache_settings()
    yield caches["default"]


def test_every_call_answers_as_an_empty_writable_cache_and_is_logged(redis_down, caplog):
    cache = redis_down
    with caplog.at_level(logging.WARNING, logger="backend.cache"):
        assert cache.get("k", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("k") is False
        assert cache.add("k", 1) is True
        cache.set("k", 1)
        assert cache.set_many({"a": 1}) == []
        assert cache.touch("k") is False
        assert cache.delete("k") is False
        cache.delete_many(["a"])

    # The first failure is remembered (REDIS_RETRY_AFTER): the other calls don't ask Redis.
    logged = [r.getMessage() for r in caplog.records if r.name == "backend.cache"]
    assert len(logged) == 1
    assert "cache get failed, carrying on without it" in logged[0]


def test_redis_is_asked_again_once_the_retry_pause_is_over(redis_down, settings, caplog):
    settings.REDIS_RETRY_AFTER = 0.2
    with caplog.at_level(logging.WARNING, logger="backend.cache"):
        assert redis_down.get("k", "fallback") == "fallback"
        assert redis_down.get("k", "fallback") == "fallback"  # within the pause: not asked
        time.sleep(0.3)
        assert redis_down.get("k", "fallback") == "fallback"

    assert len([r for r in caplog.records if r.name == "backend.cache"]) == 2


def test_incr_still_raises(redis_down):
    from redis.exceptions import ConnectionError as RedisConnectionError

    with pytest.raises(RedisConnectionError):
        redis_down.incr("k")


@pytest.mark.django_db
def test_log_in_and_sign_up_work_with_the_rate_limit_cache_down(client, redis_down):
    UserFactory(email="down@example.org", password=PASSWORD)

    logged_in = client.post("/accounts/login/", {"login": "down@example.org", "password": PASSWORD})
    client.logout()
    signed_up = client.post(
        "/accounts/signup/",
        {
            "email": "new.down@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "pseudonym": "cachedown",
        },
    )

    assert logged_in.status_code == 302, logged_in.content[:500]
    assert signed_up.status_code == 302, signed_up.content[:500]
    assert "/accounts/confirm-email/" in signed_up["Location"]


@pytest.mark.django_db
def test_plain_redis_cache_would_fail_the_log_in(client, settings):
    """Why the wrapper exists: allauth's rate limit raises through a plain RedisCache."""
    settings.CACHES = {
        **down_cache_settings(),
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        },
    }
    UserFactory(email="down@example.org", password=PASSWORD)
    client.raise_request_exception = False

    response = client.post("/accounts/login/", {"login": "down@example.org", "password": PASSWORD})

    assert response.status_code == 500

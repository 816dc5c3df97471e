from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import caches
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from backend.cache import redis_outage
from backend.celery import app as celery_app
from tests.factories import UserFactory

# Property tests check results, never speed: on a loaded 2-core CI machine one example can
# take longer than Hypothesis's default 200 ms deadline, which would fail a correct test.
hypothesis_settings.register_profile(
    "lantern", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("lantern")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches (with Redis, an empty database)."""
    redis_outage.reset()
    for alias in ("default", "scores", "pending"):
        caches[alias].clear()


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _platforms_present(request):
    """The platforms a data migration seeds, also after a transactional test flushed them."""
    if request.node.get_closest_marker("django_db") is None and not (
        _DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("db")
    import_module("reviews.migrations.0002_seed_platforms").seed(apps, None)


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Outside integration tests, Celery tasks run in-process even when REDIS_URL is set."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    _celery_conf(task_always_eager=True, task_eager_propagates=True)
    yield
    _celery_conf(task_always_eager=before[0], task_eager_propagates=before[1])


def _celery_conf(**values) -> None:
    # Celery before 5.7 reads a setting by its Django name (CELERY_…) first, in every source,
    # so a change made under the short name alone would not be seen.
    for name, value in values.items():
        celery_app.conf[name] = value
        celery_app.conf[f"CELERY_{name.upper()}"] = value


@pytest.fixture
def author(db):
    """The worker who owns the review under test."""
    return UserFactory(pseudonym="owner")


@pytest.fixture
def other_worker(db):
    return UserFactory(pseudonym="other")


@pytest.fixture
def stranger(client):
    """Nobody logged in: the anonymous client."""
    return client


@pytest.fixture
def unlimited(settings):
    """No API rate limit: they have tests of their own, and elsewhere a write limit would
    answer 429 before the request is even looked at."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: "1000000/min" for scope in rates},
    }

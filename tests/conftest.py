from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import caches

from backend.celery import app as celery_app
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches (with Redis, an empty database)."""
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
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


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

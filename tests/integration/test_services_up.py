"""The harness itself: the suite runs on PostgreSQL, Redis answers, a real worker starts."""

from pathlib import Path

import pytest
from django.db import connection

from backend.celery import app
from tests.integration.conftest import database_url

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] == connection.settings_dict["NAME"]


def test_redis_answers_ping(redis_client):
    assert redis_client.ping() is True
    redis_client.set("lantern:probe", "1")
    assert redis_client.get("lantern:probe") == b"1"


def test_redis_is_empty_at_the_start_of_each_test(redis_client):
    assert redis_client.get("lantern:probe") is None


def test_celery_worker_process_answers_ping(celery_worker_process):
    replies = app.control.ping(destination=[celery_worker_process.celery_hostname], timeout=2)
    assert replies == [{celery_worker_process.celery_hostname: {"ok": "pong"}}]


def test_celery_worker_process_uses_the_test_database(celery_worker_process):
    test_db = connection.settings_dict["NAME"]
    assert test_db.startswith("test_")
    environ = Path(f"/proc/{celery_worker_process.pid}/environ").read_bytes().split(b"\0")
    database_urls = [item for item in environ if item.startswith(b"DATABASE_URL=")]
    assert database_urls == [f"DATABASE_URL={database_url(connection.settings_dict)}".encode()]
    assert database_urls[0].endswith(f"/{test_db}".encode())


def test_workers_can_be_started_again_after_one_is_killed(start_celery_worker):
    first = start_celery_worker()
    first.kill()
    first.wait(timeout=10)

    second = start_celery_worker()

    assert second.celery_hostname != first.celery_hostname
    assert app.control.ping(destination=[second.celery_hostname], timeout=2)

"""Waiting on real services in tests: poll a condition, or see a worker blocked on a lock."""

import time

import pytest
from django.db import connection

WAIT_SECONDS = 30


def wait_for(condition, *, timeout: float = WAIT_SECONDS, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what}", pytrace=False)


def worker_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction pg_stat_activity is a snapshot taken at first use; renew it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0

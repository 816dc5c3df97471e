"""One run at a time of a periodic task, however many beats or redeliveries send it.

A PostgreSQL session advisory lock named after the task is taken without waiting; a second
run that finds it taken does nothing. PostgreSQL releases the lock when the holder's
connection ends, so a worker killed mid-run never leaves it stuck. Elsewhere (the embedded
default, one process) every run goes ahead.
"""

import contextlib
import functools
import logging

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


def _lock_sql(function: str) -> str:
    return f"SELECT {function}(hashtext(%s))"  # noqa: S608  a fixed function name


@contextlib.contextmanager
def single_run(name: str):
    """Yield True when this run holds the task's lock, False when another run does."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = f"lantern-periodic:{name}"
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql("pg_try_advisory_lock"), [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            # A lost connection has released it already.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute(_lock_sql("pg_advisory_unlock"), [key])


def one_at_a_time(task):
    """Decorate a periodic task's body: a run that overlaps another returns None at once."""

    @functools.wraps(task)
    def run(*args, **kwargs):
        with single_run(task.__name__) as held:
            if not held:
                logger.info("%s is already running elsewhere; this run does nothing", task.__name__)
                return None
            return task(*args, **kwargs)

    return run

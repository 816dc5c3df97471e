"""Fixtures for integration tests: real PostgreSQL, real Redis, real `celery worker` processes.

`make test` starts throwaway servers and sets DATABASE_URL and REDIS_URL. Without them these
tests fail under CI (a silent skip there would hide a broken harness) and skip locally.
Mark every test module here with `pytestmark = pytest.mark.integration`.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

WORKER_START_TIMEOUT = 60
WORKER_STOP_TIMEOUT = 20


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def _missing_services() -> list[str]:
    missing = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        missing.append("DATABASE_URL (postgres://…)")
    if not os.environ.get("REDIS_URL", "").startswith(("redis://", "rediss://")):
        missing.append("REDIS_URL (redis://…)")
    return missing


@pytest.fixture(autouse=True)
def _require_services():
    missing = _missing_services()
    if missing:
        reason = (
            f"integration test needs {' and '.join(missing)}; "
            "run `make test`, which starts throwaway PostgreSQL and Redis servers"
        )
        if _in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def redis_client():
    """A client on the test Redis database, emptied before the test."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.flushdb()
    yield client
    client.close()


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL naming the same database as these connection settings."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""
    if host.startswith("/"):  # a unix socket directory travels percent-encoded
        host = quote(host, safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def celery_beat_command(schedule_file: Path) -> list[str]:
    """`celery -A backend beat` keeping its schedule in `schedule_file`."""
    return [
        sys.executable, "-m", "celery", "-A", "backend", "beat", "--loglevel=INFO",
        "--schedule", str(schedule_file),
    ]  # fmt: skip


def _ping(app, destination: str) -> bool:
    try:
        return bool(app.control.ping(destination=[destination], timeout=0.5))
    except Exception:  # the broker may refuse while the worker starts
        return False


def _stop(proc: subprocess.Popen) -> None:
    """Warm shutdown of the whole process group (the worker and its prefork children)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=WORKER_STOP_TIMEOUT)
    # Children outlive a killed parent; never leave one holding the test database.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.fixture
def start_celery_worker(transactional_db, redis_client, tmp_path, request):
    """Start real `celery worker` processes: `start_celery_worker(**extra_env) -> Popen`.

    Each worker uses the test database (the one pytest-django created, named in its
    DATABASE_URL) and the test Redis, and is ready (it answered a ping) when returned.
    `proc.log_path` is its output, `proc.celery_hostname` its node name (for
    `app.control` calls). Extra keyword arguments become environment variables, e.g.
    `CELERY_VISIBILITY_TIMEOUT="5"` for a test that kills a worker and waits for
    redelivery. Every worker started is stopped at teardown, with its pool processes.

    Data the test writes must be committed for a worker to see it, hence transactional_db.
    Redis is flushed before any worker starts, never while one runs: flushing would remove
    the workers' queue bindings.
    """
    from django.db import connection

    from backend.celery import app

    started: list[tuple[subprocess.Popen, object]] = []

    def start(**extra_env: str) -> subprocess.Popen:
        hostname = f"pytest-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=os.environ["REDIS_URL"],
            DJANGO_SETTINGS_MODULE=os.environ.get(
                "DJANGO_SETTINGS_MODULE", "backend.test_settings"
            ),
            PYTHONUNBUFFERED="1",
        )
        env.update(extra_env)
        log_path = tmp_path / f"celery-worker-{len(started) + 1}.log"
        log = open(log_path, "wb")  # noqa: SIM115  closed at teardown
        proc = subprocess.Popen(  # noqa: S603  a fixed command line, no outside input
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "backend",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "-P",
                "prefork",
                "--hostname",
                hostname,
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=Path(request.config.rootpath),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown reaches the children
        )
        started.append((proc, log))
        proc.log_path = log_path
        proc.celery_hostname = hostname
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while not _ping(app, hostname):
            if proc.poll() is not None or time.monotonic() > deadline:
                state = f"exited with {proc.returncode}" if proc.poll() is not None else "timed out"
                pytest.fail(
                    f"celery worker {state} before answering a ping:\n" + _tail(log_path),
                    pytrace=False,
                )
            time.sleep(0.2)
        return proc

    yield start
    for proc, log in started:
        _stop(proc)
        log.close()


@pytest.fixture
def celery_worker_process(start_celery_worker):
    """One real `celery worker` process, ready; see start_celery_worker."""
    return start_celery_worker()


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no worker log)"

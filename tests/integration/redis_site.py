"""What the Redis fault tests share: a redis-server of the test's own, the app processes'
settings, and a worker writing reviews over HTTP (page form and API) and reading pages."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import redis
import requests

from tests.integration.waiting import wait_for
from tests.stack.client import Browser
from tests.stack.process import Process, free_port, spawn
from tests.stack.smoke_newcomer import review_form

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"  # UserFactory's
START_TIMEOUT = 60
# What the app processes are told, besides the database and Redis.
APP_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "backend.test_settings",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "INFO",
    "PYTHONUNBUFFERED": "1",
    "WEB_CONCURRENCY": "1",  # one process, so "what it has in memory" is known
    "GUNICORN_THREADS": "4",
    "API_SCORES_CHECK_SECONDS": "0.5",
    "SCORES_RECOMPUTE_DELAY": "0.2",
    "SCORES_DUE_SWEEP_INTERVAL": "1",
    "SCORES_DUE_SWEEP_AFTER": "1",
    "SCORES_REPUBLISH_CHECK_INTERVAL": "1",
}
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
SAVED = "your review is saved"
SERVER_ERROR = re.compile(r"Internal Server Error|Traceback")


@dataclass
class RedisServer:
    port: int
    workdir: Path
    process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        argv += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        self.process = spawn(
            "redis", argv, env=dict(os.environ), cwd=self.workdir, log_path=self.workdir / "log"
        )
        client = redis.Redis.from_url(self.url)
        wait_for(lambda: _pings(client), what="redis-server to answer", timeout=20)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no save; every connection to it breaks."""
        self.process.popen.kill()
        self.process.stop()


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


def gunicorn_answers(name: str, port: int) -> None:
    wait_for(
        lambda: answers(f"http://127.0.0.1:{port}/api/v1/status"),
        what=f"gunicorn ({name})",
        timeout=START_TIMEOUT,
    )


@contextlib.contextmanager
def running_web(database_url: str, redis_url: str, log_dir: Path, **extra: str):
    """One gunicorn (deploy/gunicorn.conf.py, one process) on a free loopback port:
    yields (its Process, its base URL), stopped afterwards."""
    env = {
        **os.environ,
        **APP_SETTINGS,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"filemail:///{log_dir}",
        **extra,
    }
    port = free_port()
    process = spawn(
        "web",
        [*GUNICORN, "backend.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        cwd=ROOT,
        log_path=log_dir / "web.log",
    )
    try:
        gunicorn_answers("web", port)
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.stop()


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def server_errors(*processes: Process) -> list[str]:
    """The lines of these processes' logs that tell of a 500 or a traceback."""
    return [
        f"{process.name}: {line}"
        for process in processes
        for line in process.log().splitlines()
        if SERVER_ERROR.search(line)
    ]


def log_in(base_url: str, email: str, password: str = PASSWORD) -> Browser:
    browser = Browser(base_url)
    answer = browser.post_form("/accounts/login/", {"login": email, "password": password})
    assert answer.status_code == 200, answer.text[:500]
    assert "/accounts/login/" not in answer.url, "the log-in was refused"
    return browser


def post_page_review(browser: Browser, requester_id: str, name: str, title: str) -> int:
    fields = review_form(requester_id=requester_id, requester_name=name, task_title=title)
    posted = browser.post_form("/reviews/new/", fields)
    assert posted.status_code == 200, posted.text[:500]
    assert SAVED in posted.text, posted.text[:500]
    match = re.search(r"/reviews/(\d+)/$", posted.url)
    assert match, posted.url
    return int(match.group(1))


def post_api_review(base_url: str, secret: str, requester_id: str, name: str, title: str) -> int:
    review = {
        "platform": "mturk",
        "requester_id": requester_id,
        "requester_name": name,
        "task_title": title,
        "reward": "1.20",
        "time_worked_seconds": 480,
        "outcome": "approved",
    }
    headers = {"Authorization": f"Token {secret}", "Idempotency-Key": uuid.uuid4().hex}
    made = requests.post(f"{base_url}/api/v1/reviews", json=review, headers=headers, timeout=30)
    assert made.status_code == 201, made.text[:500]
    return made.json()["id"]

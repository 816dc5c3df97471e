"""PostgreSQL restarted under traffic: answers during the outage are a clear 503 (JSON for the
API, the 503 page for pages), never a 500 or a stack trace; the web processes and the worker
recover by themselves; no review is lost, duplicated or half-written.

Real processes on a PostgreSQL cluster of the test's own (tests/integration/postgres_cluster.py):
gunicorn with deploy/gunicorn.conf.py, a Celery worker, and client threads posting and
editing reviews over the API with a token (retrying a 503 with the same Idempotency-Key),
viewing pages and looking scores up, while the cluster is restarted (`pg_ctl restart -m
fast`) and then stopped for a few seconds and started again.
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests

from tests.integration.postgres_cluster import postgres_cluster
from tests.integration.waiting import wait_for
from tests.stack.process import free_port, spawn

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
REQUESTERS = ("ARESTART00001", "ARESTART00002")
WRITERS = 2
TIMEOUT = 10
RECOVERY_SECONDS = 10  # from the server being back to a review saved
RETRY_FOR = 30  # how long a writer keeps retrying one review
SETUP = """
import django
django.setup()
from reviews.services.tokens import token_create
from tests.factories import RequesterFactory, UserFactory
for external_id in {requesters!r}:
    RequesterFactory(external_id=external_id, display_name="Restart Lab")
user = UserFactory(pseudonym="restart-writer")
print(user.pk, token_create(user=user, name="restart test")[1])
"""


def review_body(name: str, requester_id: str, n: int) -> dict:
    return {
        "platform": "mturk",
        "requester_id": requester_id,
        "requester_name": "Restart Lab",
        "task_title": f"Restart task {name}",
        "reward": f"{1 + n % 5}.25",
        "time_worked_seconds": 300 + n,
        "outcome": "approved",
        "communication": "not_contacted",
        "recommend": n % 2 == 0,
        "rating_pay": 1 + n % 5,
        "text": f"Review {name}: paid as promised.",
    }


@dataclass
class Traffic:
    base: str
    token: str
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    acked: dict = field(default_factory=dict)  # idempotency key → (review id, body)
    edited: dict = field(default_factory=dict)  # review id → the text it was edited to
    given_up: list = field(default_factory=list)  # keys never acknowledged
    answers: list = field(default_factory=list)  # (what, status, content type, body start)

    def _note(self, what: str, response: requests.Response) -> None:
        with self.lock:
            self.answers.append(
                (what, response.status_code, response.headers.get("Content-Type", ""),
                 response.text[:2000])
            )  # fmt: skip

    def _api(self, method: str, path: str, what: str, **kwargs) -> requests.Response | None:
        headers = {"Authorization": f"Token {self.token}", **kwargs.pop("headers", {})}
        try:
            response = requests.request(
                method, self.base + path, headers=headers, timeout=TIMEOUT, **kwargs
            )
        except requests.RequestException:
            return None  # the web server itself never went away; counted below
        self._note(what, response)
        return response

    def until_answered(
        self, ok: tuple[int, ...], method: str, path: str, what: str, **kwargs
    ) -> requests.Response | None:
        """Send the same request again until it gets one of the `ok` statuses."""
        deadline = time.monotonic() + RETRY_FOR
        while time.monotonic() < deadline:
            response = self._api(method, path, what, **kwargs)
            if response is not None and response.status_code in ok:
                return response
            time.sleep(0.2)
        return None

    def write(self, writer: int) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            key = uuid.uuid4().hex
            body = review_body(f"{writer}-{n}", REQUESTERS[n % len(REQUESTERS)], n)
            created = self.until_answered(
                (200, 201), "post", "/api/v1/reviews", "review POST",
                json=body, headers={"Idempotency-Key": key},
            )  # fmt: skip
            if created is None:
                with self.lock:
                    self.given_up.append(key)
                continue
            review_id = created.json()["id"]
            with self.lock:
                self.acked[key] = (review_id, body)
            if n % 2:
                text = f"Edited {writer}-{n}: paid late after all."
                edited = self.until_answered(
                    (200,), "patch", f"/api/v1/reviews/{review_id}", "review PATCH",
                    json={"text": text},
                )  # fmt: skip
                if edited is not None:
                    with self.lock:
                        self.edited[review_id] = text

    def read(self) -> None:
        paths = [
            ("page", "/"),
            ("page", f"/r/mturk/{REQUESTERS[0]}/"),
            ("API lookup", f"/api/v1/requesters/scores?platform=mturk&ids={','.join(REQUESTERS)}"),
            ("API read", f"/api/v1/requesters/mturk/{REQUESTERS[1]}"),
        ]
        n = 0
        while not self.stop.is_set():
            what, path = paths[n % len(paths)]
            n += 1
            try:
                response = requests.get(self.base + path, timeout=TIMEOUT)
            except requests.RequestException:
                continue
            self._note(what, response)
            time.sleep(0.02)


def _env(cluster_url: str, **extra: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": cluster_url,
        "DJANGO_SETTINGS_MODULE": "backend.test_settings",
        "API_RATE_WRITE": "1000000/min",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def _server_ready(base: str) -> bool:
    try:
        return requests.get(base + "/api/v1/status", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _check_answer(what: str, status: int, content_type: str, body: str) -> None:
    assert status != 500 and "Traceback" not in body, (what, status, body[:500])
    if status < 500:
        assert status in (200, 201, 304), (what, status, body[:500])
        return
    assert status == 503, (what, status, body[:500])
    if what.startswith(("API", "review")):
        assert content_type.startswith("application/json"), (what, content_type)
        assert '"code"' in body and '"detail"' in body, (what, body[:500])
    else:
        assert content_type.startswith("text/html"), (what, content_type)
        assert "briefly unavailable" in body, (what, body[:500])


def _review_rows(conn, author_id: int) -> dict:
    rows = conn.execute(
        "SELECT r.id, r.idempotency_key, q.external_id, r.task_title, r.reward::text,"
        " r.time_worked_seconds, r.outcome, r.recommend, r.rating_pay, r.text,"
        " (SELECT count(*) FROM reviews_reviewrevision v WHERE v.review_id = r.id),"
        " (SELECT array_agg(f.action ORDER BY f.id) FROM reviews_networkfingerprint f"
        "  WHERE f.review_id = r.id)"
        " FROM reviews_review r JOIN reviews_requester q ON q.id = r.requester_id"
        " WHERE r.author_id = %s",
        [author_id],
    ).fetchall()
    return {row[1]: row for row in rows}


def test_postgres_restarted_under_traffic_loses_and_half_writes_nothing(
    start_celery_worker, tmp_path
):
    with postgres_cluster() as cluster:
        env = _env(cluster.url)
        subprocess.run(  # noqa: S603  the project's own command
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        setup = subprocess.run(  # noqa: S603  a fixed script
            [sys.executable, "-c", SETUP.format(requesters=REQUESTERS)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        author_id, token = setup.stdout.split()[-2:]
        port = free_port()
        web = spawn(
            "web",
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py",
             "backend.wsgi"],
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
                 "GUNICORN_THREADS": "2"},
            cwd=ROOT,
            log_path=tmp_path / "web.log",
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(lambda: _server_ready(base), timeout=60, what="gunicorn:\n" + web.tail())
            start_celery_worker(DATABASE_URL=cluster.url)
            traffic = Traffic(base=base, token=token)
            threads = [
                threading.Thread(target=traffic.write, args=(w,)) for w in range(WRITERS)
            ] + [threading.Thread(target=traffic.read)]
            for thread in threads:
                thread.start()
            try:
                time.sleep(3)
                cluster.restart("fast")
                time.sleep(3)
                cluster.stop("fast")
                time.sleep(4)
                cluster.start()
                time.sleep(3)
            finally:
                traffic.stop.set()
                for thread in threads:
                    thread.join(timeout=RETRY_FOR + 2 * TIMEOUT)

            # After the outage: a new review is saved at once and scored by the worker.
            back = time.monotonic()
            after = Traffic(base=base, token=token)
            saved = after.until_answered(
                (201,), "post", "/api/v1/reviews", "review POST",
                json=review_body("after", "ARESTARTAFTER1", 1),
                headers={"Idempotency-Key": "after-restart"},
            )  # fmt: skip
            assert saved is not None, web.tail()
            assert time.monotonic() - back < RECOVERY_SECONDS
            with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as conn:
                wait_for(
                    lambda: (
                        conn.execute(
                            "SELECT s.review_count FROM reviews_requesterscore s"
                            " JOIN reviews_requester q ON q.id = s.requester_id"
                            " WHERE q.external_id = 'ARESTARTAFTER1'"
                        ).fetchone()
                        == (1,)
                    ),
                    timeout=20,
                    what="the worker to score the review posted after the restart",
                )
                rows = _review_rows(conn, int(author_id))
        finally:
            web.stop()

    answers = traffic.answers + after.answers
    for answer in answers:
        _check_answer(*answer)
    statuses = [status for _what, status, _type, _body in answers]
    assert 503 in statuses, "the outage was never seen; the test tested nothing"
    assert not traffic.given_up, traffic.given_up
    assert len(traffic.acked) >= 10

    # Every acknowledged review once, whole; nothing else (no partial row, no unacknowledged one).
    assert set(rows) == set(traffic.acked) | {"after-restart"}
    for key, (review_id, body) in traffic.acked.items():
        row = rows[key]
        assert row[0] == review_id
        assert row[2:10] == (
            body["requester_id"], body["task_title"], body["reward"],
            body["time_worked_seconds"], body["outcome"], body["recommend"],
            body["rating_pay"], traffic.edited.get(review_id, body["text"]),
        ), key  # fmt: skip
        edited = review_id in traffic.edited
        assert row[10] == (1 if edited else 0), key  # the revision went with its edit
        # The fingerprints written in the same transactions as the review and its edit.
        assert row[11] == ["review_create", "review_update"][: 2 if edited else 1], key

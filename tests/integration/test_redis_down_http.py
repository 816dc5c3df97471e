"""Redis killed under a running site: workers keep posting reviews over HTTP (the page form
with a logged-in session and CSRF, the API with a token), every page they touch answers,
log-in and sign-up work, lookups answer from memory or PostgreSQL saying `degraded`; Redis
started again (empty, as after a restart without persistence): the recomputes that could
not be enqueued happen, every snapshot equals a full recompute, and lookups stop saying
degraded.

An edit of an existing review during the outage is saved with its revision and counted once
Redis is back.

Real processes throughout: gunicorn (deploy/gunicorn.conf.py) twice, one web process that
has read every snapshot before the outage and one that has read none; a Celery worker and
beat; PostgreSQL (the test database); and a redis-server of this test's own, killed with
SIGKILL and started again on the same port. The suite's own Redis is left alone.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass

import pytest
import requests
from django.db import connection
from django.db.models import Count

from reviews.models import Requester, Review, ReviewRevision, ScoreRecomputeDue
from reviews.services.score_full_pass import scores_recompute_all
from reviews.services.scores import READY_KEY, score_cache
from reviews.services.tokens import token_create
from tests.factories import RequesterFactory, ReviewFactory, UserFactory
from tests.integration.conftest import database_url
from tests.integration.redis_site import (
    APP_SETTINGS,
    GUNICORN,
    ROOT,
    START_TIMEOUT,
    RedisServer,
    gunicorn_answers,
    log_in,
    post_api_review,
    post_page_review,
    server_errors,
)
from tests.integration.waiting import wait_for
from tests.reviews.moderation_cast import with_role
from tests.stack.client import Browser
from tests.stack.process import Process, free_port, spawn
from tests.stack.smoke_newcomer import review_form
from tests.stack.workload import snapshot_check

pytestmark = pytest.mark.integration

NEW_PASSWORD = "a long unusual passphrase 42"
SEEDED = 4  # requesters scored before the outage
# After a long outage the worker and beat each retry the broker at growing intervals (kombu's
# default backoff reaches 30 s between attempts) before the sweep can run; alone the recovery
# takes a few seconds. (This test once timed out in a full-suite run: the worker had died on
# Celery 5.7.0's double close of the lost connection, which pyproject.toml now keeps out.)
RECOVERY_TIMEOUT = 120


@dataclass
class Site:
    redis: RedisServer
    web: str  # base URL of the web process that reads every snapshot while healthy
    fresh_web: str  # one that is asked nothing until Redis is down
    processes: dict[str, Process]

    def problems(self) -> list[str]:
        return server_errors(self.processes["web"], self.processes["fresh_web"])


@pytest.fixture
def site(transactional_db, settings, tmp_path):
    redis_server = RedisServer(port=free_port(), workdir=tmp_path)
    redis_server.start()
    # This process publishes the seed scores and reads the snapshots of the test's Redis.
    settings.CACHES = {
        "default": {"BACKEND": "backend.cache.ForgivingRedisCache", "LOCATION": redis_server.url},
        "scores": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "scores",
            "TIMEOUT": None,
        },
    }
    env = {
        **os.environ,
        **APP_SETTINGS,
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": redis_server.url,
        "EMAIL_URL": f"filemail:///{tmp_path}",
    }
    processes: dict[str, Process] = {}

    def start(name: str, argv: list[str], **extra: str) -> Process:
        processes[name] = spawn(
            name, argv, env={**env, **extra}, cwd=ROOT, log_path=tmp_path / f"{name}.log"
        )
        return processes[name]

    ports = {"web": free_port(), "fresh_web": free_port()}
    try:
        for name, port in ports.items():
            start(name, [*GUNICORN, "backend.wsgi"], GUNICORN_BIND=f"127.0.0.1:{port}")
        celery = [sys.executable, "-m", "celery", "-A", "backend"]
        start("worker", [*celery, "worker", "--loglevel=INFO", "--concurrency=1",
                         "--without-gossip", "--without-mingle"])  # fmt: skip
        start("beat", [*celery, "beat", "--loglevel=INFO",
                       "--schedule", str(tmp_path / "celerybeat-schedule")])  # fmt: skip
        for name, port in ports.items():
            gunicorn_answers(name, port)
        wait_for(
            lambda: re.search(r"\bready\.$", processes["worker"].log(), re.MULTILINE),
            what="the celery worker",
            timeout=START_TIMEOUT,
        )
        yield Site(
            redis=redis_server,
            web=f"http://127.0.0.1:{ports['web']}",
            fresh_web=f"http://127.0.0.1:{ports['fresh_web']}",
            processes=processes,
        )
    finally:
        for process in processes.values():
            process.stop()
        if redis_server.process is not None:
            redis_server.process.stop()


def _seed() -> list[str]:
    """SEEDED requesters with reviews, scored and published (to the test's Redis)."""
    ids = []
    for index in range(SEEDED):
        requester = RequesterFactory()
        for _ in range(index + 1):
            ReviewFactory(requester=requester)
        ids.append(requester.external_id)
    scores_recompute_all()
    return ids


def _lookups(base_url: str, ids: list[str], secret: str) -> dict[str, requests.Response]:
    """Every lookup shape; `full` is answered by the fast path, `token` and `post` by the
    DRF view (a token holder's rate limit, a body)."""
    joined = ",".join(ids)
    paths = {
        "full": f"/api/v1/requesters/scores?platform=mturk&ids={joined}",
        "compact": f"/api/v1/requesters/scores?platform=mturk&ids={joined}&fields=compact",
        "to1": f"/api/multi-attrs.php?ids={joined}",
        # Aliases are read live from PostgreSQL (the reviews written meanwhile add some).
        "to2": f"/api/v2/requesters?rids={joined}&fields[requesters]=name,rid,aggregates",
        "single": f"/api/v1/requesters/mturk/{ids[0]}",
    }
    answers = {name: requests.get(base_url + path, timeout=15) for name, path in paths.items()}
    answers["token"] = requests.get(
        base_url + paths["full"], headers={"Authorization": f"Token {secret}"}, timeout=15
    )
    answers["post"] = requests.post(
        base_url + "/api/v1/requesters/scores", json={"platform": "mturk", "ids": ids}, timeout=15
    )
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.status_code, answer.text[:300])
    return answers


def _items(answer: requests.Response) -> bytes:
    """A v1 lookup's items exactly as sent (after the envelope's head)."""
    return answer.content.split(b'"results":[', 1)[1]


def _assert_degraded_and_the_same(degraded: dict, healthy: dict) -> None:
    for form in ("full", "compact", "token", "post"):
        body = degraded[form].json()
        assert body["degraded"] is True, form
        assert _items(degraded[form]) == _items(healthy[form]), form
        assert degraded[form].headers["Cache-Control"] == "public, max-age=0"
    assert degraded["to1"].content == healthy["to1"].content
    assert degraded["to1"].headers["Lantern-Degraded"] == "true"
    assert degraded["to2"].json() == {"meta": {"degraded": True}, **healthy["to2"].json()}
    single = degraded["single"].json()
    assert single["degraded"] is True
    assert single["score"] == healthy["single"].json()["score"]


def _published_review_counts() -> dict[str, int]:
    rows = (
        Review.objects.filter(status=Review.Status.PUBLISHED)
        .values_list("requester__external_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _recovered(answers: dict, counts: dict[str, int]) -> dict | None:
    """The answers, if every v1 lookup is healthy again and counts every published review."""
    bodies = [answers[form].json() for form in ("full", "token", "post")]
    healthy = all(b["ready"] and not b["degraded"] for b in bodies)
    found = [{i["id"]: i["n"] for i in b["results"] if i["status"] == "found"} for b in bodies]
    return answers if healthy and all(f == counts for f in found) else None


def _walk(browser: Browser, paths: list[str]) -> dict[str, int]:
    """Each page's status; the walk itself asserts nothing, the caller does."""
    return {path: browser.get(path).status_code for path in paths}


def test_redis_down_keeps_every_review_and_page_and_scores_converge_once_it_is_back(site):
    seeded = _seed()
    page_writer = UserFactory(email="page.writer@example.org")
    api_writer = UserFactory(email="api.writer@example.org")
    moderator = with_role(UserFactory(email="moderator@example.org"), "moderator")
    _token, secret = token_create(user=api_writer, name="extension")
    worker_browser = log_in(site.web, page_writer.email)
    # A review written while Redis is up, edited during the outage; its write is timed too.
    started = time.monotonic()
    edited = post_page_review(
        worker_browser,
        seeded[3],
        Requester.objects.get(external_id=seeded[3]).display_name,
        "Before",
    )
    healthy_write = time.monotonic() - started
    wait_for(lambda: not ScoreRecomputeDue.objects.exists(), what="the healthy write's recompute")
    healthy = _lookups(site.web, seeded, secret)  # the web process now holds every snapshot
    assert healthy["full"].json()["degraded"] is False
    assert "Lantern-Degraded" not in healthy["to1"].headers
    assert "meta" not in healthy["to2"].json()

    site.redis.kill()

    # Workers write: new requesters and seeded ones (under the names they have: a renamed
    # requester's fallback item would carry its new name), on pages and through the API.
    names = dict(Requester.objects.values_list("external_id", "display_name"))
    names.update(ADOWNPAGE0001="Page Lab", ADOWNAPI00001="API Lab")
    acknowledged = []
    started = time.monotonic()
    for index, rid in enumerate([seeded[0], seeded[1], "ADOWNPAGE0001"]):
        acknowledged.append(post_page_review(worker_browser, rid, names[rid], f"Page {index}"))
    for index, rid in enumerate([seeded[0], seeded[2], "ADOWNAPI00001"]):
        acknowledged.append(post_api_review(site.web, secret, rid, names[rid], f"API {index}"))
    mean_write = (time.monotonic() - started) / len(acknowledged)
    edit_fields = review_form(
        requester_id=seeded[3], requester_name=names[seeded[3]], task_title="Edited while down"
    )
    edit_fields.update(reward="9.00", text="Edited while Redis was down.")
    edit = worker_browser.post_form(f"/reviews/{edited}/edit/", edit_fields)

    # Every page a worker touches answers; none is a server error.
    pages = ["/", f"/r/mturk/{seeded[0]}/", "/r/mturk/ADOWNPAGE0001/", "/reviews/new/",
             f"/reviews/{acknowledged[0]}/", "/reviews/mine/", "/account/", "/api/docs/",
             "/api/schema/"]  # fmt: skip
    statuses = _walk(worker_browser, pages)
    logged_out = worker_browser.post_form("/accounts/logout/", {})
    anonymous = _walk(Browser(site.web), ["/", "/accounts/login/", "/accounts/signup/"])
    newcomer = Browser(site.web)
    signed_up = newcomer.post_form(
        "/accounts/signup/",
        {"email": "new.down@example.org", "password1": NEW_PASSWORD,
         "password2": NEW_PASSWORD, "pseudonym": "redisdownnewcomer"},
    )  # fmt: skip
    moderator_browser = log_in(site.web, moderator.email)  # a log-in with Redis down
    moderation = _walk(moderator_browser, ["/moderation/", "/account/"])

    assert edit.status_code == 200 and "Your review is updated" in edit.text, edit.text[:500]
    assert edit.url.endswith(f"/reviews/{edited}/")
    after_edit = Review.objects.get(pk=edited)
    assert (after_edit.task_title, str(after_edit.reward)) == ("Edited while down", "9.00")
    assert ReviewRevision.objects.get(review=after_edit).values["task_title"] == "Before"
    assert all(s == 200 for s in statuses.values()), statuses
    assert logged_out.status_code == 200 and "/accounts/login/" not in logged_out.url
    assert worker_browser.get("/account/").url.startswith(f"{site.web}/accounts/login/")
    assert all(s == 200 for s in anonymous.values()), anonymous
    assert signed_up.status_code == 200 and "/accounts/confirm-email/" in signed_up.url
    assert all(s == 200 for s in moderation.values()), moderation

    # Lookups: the same items as before, from memory (web) or PostgreSQL (fresh_web).
    _assert_degraded_and_the_same(_lookups(site.web, seeded, secret), healthy)
    _assert_degraded_and_the_same(_lookups(site.fresh_web, seeded, secret), healthy)
    status = requests.get(f"{site.web}/api/v1/status", timeout=15).json()
    assert status["degraded"] is True and status["cache_reachable"] is False

    assert Review.objects.filter(pk__in=acknowledged).count() == len(acknowledged)
    touched = {*seeded, "ADOWNPAGE0001", "ADOWNAPI00001"}
    assert ScoreRecomputeDue.objects.filter(requester__external_id__in=touched).count() == 6
    assert site.problems() == []

    # Redis is back, empty: the sweep recomputes what is due, beat republishes the rest.
    site.redis.start()
    wait_for(
        lambda: not ScoreRecomputeDue.objects.exists() and score_cache().get(READY_KEY),
        what="every due mark swept and the scores republished",
        timeout=RECOVERY_TIMEOUT,
    )
    every_id = list(Requester.objects.values_list("external_id", flat=True))
    counts = _published_review_counts()
    for base_url in (site.web, site.fresh_web):
        answers = wait_for(
            lambda u=base_url: _recovered(_lookups(u, every_id, secret), counts),
            what=f"{base_url} to stop saying degraded and count every review",
            timeout=15,
        )
        assert "Lantern-Degraded" not in answers["to1"].headers
        assert "meta" not in answers["to2"].json()
    # Every snapshot, the edited review's requester's included, equals a full recompute.
    assert snapshot_check() == {"checked": len(every_id), "differ": 0, "unpublished": 0}
    assert site.problems() == []
    print(
        f"writes with Redis down: {mean_write * 1000:.0f} ms each on average; "
        f"with Redis up: {healthy_write * 1000:.0f} ms"
    )

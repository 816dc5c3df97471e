"""Scores recomputed by a real Celery worker over real Redis and PostgreSQL."""

import http.cookiejar
import os
import re
import signal
import time
import urllib.parse
import urllib.request
import uuid

import pytest
from django.db import transaction

from reviews.models import Requester, RequesterScore
from reviews.services.reviews import review_create
from reviews.services.scores import published_score
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, review_fields
from tests.integration.waiting import wait_for, worker_waits_on_a_lock
from worker.tasks import recompute_requester

pytestmark = pytest.mark.integration


def score_of(requester_id: int) -> RequesterScore | None:
    return RequesterScore.objects.filter(requester_id=requester_id).first()


class Browser:
    """A minimal HTTP client with cookies, speaking to the live server like a browser."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.read().decode()

    def post_form(self, path: str, fields: dict) -> int:
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310  the live test server's http URL
            self.base_url + path, data=body, headers={"Referer": self.base_url + path}
        )
        with self.opener.open(request, timeout=10) as response:
            return response.status


def test_a_review_posted_over_http_is_scored_by_the_worker_within_seconds(
    celery_worker_process, live_server
):
    worker = UserFactory(email="poster@example.org", password="a long test password 42")
    browser = Browser(live_server.url)
    browser.post_form(
        "/accounts/login/", {"login": "poster@example.org", "password": "a long test password 42"}
    )

    status = browser.post_form(
        "/reviews/new/",
        {
            "platform": "mturk",
            "requester_id": "AHTTPPOSTED01",
            "requester_name": "Posted Over HTTP",
            "task_title": "Categorise images",
            "reward": "3.00",
            "time_minutes": "20",
            "time_seconds": "0",
            "outcome": "approved",
            "communication": "responsive",
            "recommend": "yes",
            "text": "Paid within the hour.",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert status == 200
    requester = Requester.objects.get(external_id="AHTTPPOSTED01")
    assert requester.reviews.get().author == worker

    score = wait_for(lambda: score_of(requester.pk), what="the worker to store a snapshot")
    assert score.review_count == 1
    assert score.data["all"]["wage"]["median"] == 9.0
    published = wait_for(
        lambda: published_score(platform_slug="mturk", external_id="AHTTPPOSTED01"),
        what="the snapshot in Redis",
    )
    assert published["version"] == score.version
    assert published["name"] == "Posted Over HTTP"


def test_a_burst_of_fifty_reviews_causes_a_handful_of_recomputes_and_the_last_sees_all(
    celery_worker_process,
):
    authors = UserFactory.create_batch(50)

    started = time.monotonic()
    for author in authors:
        review_create(author=author, **review_fields(requester_id="ABURSTBURST01"))
    burst_seconds = time.monotonic() - started
    requester = Requester.objects.get(external_id="ABURSTBURST01")

    score = wait_for(
        lambda: (s := score_of(requester.pk)) and s.review_count == 50 and s,
        what="a snapshot that counts all 50 reviews",
    )
    time.sleep(3)  # any recompute still queued would show as a higher version
    score.refresh_from_db()
    # One recompute per debounce interval of the burst, plus one: not one per review.
    assert score.review_count == 50
    assert score.version <= 3 + burst_seconds, (score.version, burst_seconds)


def test_a_worker_killed_mid_recompute_leaves_the_task_to_be_redelivered(start_celery_worker):
    requester = RequesterFactory()
    ReviewFactory.create_batch(3, requester=requester)
    first = start_celery_worker(CELERY_VISIBILITY_TIMEOUT="3")

    # Hold the requester's row lock so the recompute stops in its middle, inside its
    # transaction, until we let go.
    with transaction.atomic():
        Requester.objects.select_for_update().get(pk=requester.pk)
        recompute_requester.delay(requester.pk)
        wait_for(worker_waits_on_a_lock, what="the worker to block inside the recompute")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    assert score_of(requester.pk) is None

    start_celery_worker(CELERY_VISIBILITY_TIMEOUT="3")

    score = wait_for(lambda: score_of(requester.pk), timeout=60, what="the redelivered recompute")
    assert score.review_count == 3
    assert score.version == 1

"""Redis down while reviews are written: each review is saved, its recompute and abuse check
can't be enqueued, and once Redis answers again the beat sweep recomputes every snapshot from
the due marks written with the reviews (real PostgreSQL, a real writer process pointed at a
Redis port nobody listens on, a real Celery worker and beat on the test Redis)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from reviews.models import Requester, RequesterScore, Review, ScoreRecomputeDue
from tests.integration.conftest import database_url
from tests.integration.waiting import wait_for
from tests.stack.process import free_port

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
REQUESTERS = ("ADOWNDOWN0001", "ADOWNDOWN0002", "ADOWNDOWN0003")
# Run in a process of its own, whose REDIS_URL names a port with no server: every enqueue
# (cache.add, then apply_async) fails as it would with Redis down.
WRITER = """
import django
django.setup()
from reviews.services.reviews import review_create
from tests.factories import UserFactory, review_fields
for index, requester_id in enumerate({requesters!r} * 2):
    review_create(
        author=UserFactory(),
        **review_fields(requester_id=requester_id, task_title=f"Task {{index}}"),
    )
print("written")
"""


def _env(**extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(connection.settings_dict),
        DJANGO_SETTINGS_MODULE="backend.test_settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def test_reviews_written_with_redis_down_are_all_scored_once_it_is_back(
    start_celery_worker, tmp_path
):
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    writer = subprocess.run(  # noqa: S603  a fixed script
        [sys.executable, "-c", WRITER.format(requesters=REQUESTERS)],
        cwd=ROOT,
        env=_env(REDIS_URL=dead_redis),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert writer.returncode == 0, writer.stderr[-3000:]
    assert "written" in writer.stdout
    assert "could not enqueue the recompute" in writer.stderr
    assert Review.objects.filter(requester__external_id__in=REQUESTERS).count() == 6
    assert ScoreRecomputeDue.objects.count() == 3
    assert not RequesterScore.objects.exists()

    # Redis is back: a worker and beat, the sweep every second for marks a second old.
    sweep = {"SCORES_DUE_SWEEP_INTERVAL": "1", "SCORES_DUE_SWEEP_AFTER": "1"}
    start_celery_worker(**sweep)
    log_path = tmp_path / "beat.log"
    with open(log_path, "wb") as log:
        beat = subprocess.Popen(  # noqa: S603  a fixed command line
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "backend",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(tmp_path / "celerybeat-schedule"),
            ],
            cwd=ROOT,
            env=_env(**sweep),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(
                lambda: not ScoreRecomputeDue.objects.exists(),
                timeout=45,
                what="the sweep to clear every due mark",
            )
        finally:
            beat.terminate()
            beat.wait(timeout=20)

    for requester in Requester.objects.filter(external_id__in=REQUESTERS):
        score = RequesterScore.objects.get(requester=requester)
        assert score.review_count == 2, requester.external_id
        assert score.data["all"]["n"] == 2

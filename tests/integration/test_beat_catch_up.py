"""Beat down for a day, then two beats at once, one of them restarted: every daily task the
day missed runs exactly once (real `celery beat` and `celery worker` processes, PostgreSQL,
Redis). The clock is the database's: each task's last success is set to yesterday minus an
hour, as if beat had been down at its time."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from backend.celery import app
from reviews.models import PeriodicTaskRun, ScoreExport
from tests.integration.conftest import celery_beat_command, database_url
from tests.integration.waiting import wait_for
from tests.stack.process import spawn
from worker.daily import daily_schedules

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
TICKS_AFTER = 4  # seconds of further catch-up ticks (one a second, from each beat)


def _beat(name: str, tmp_path, env: dict):
    return spawn(
        name,
        celery_beat_command(tmp_path / f"{name}-schedule"),
        env=env,
        cwd=ROOT,
        log_path=tmp_path / f"{name}.log",
    )


def _runs() -> dict[str, int]:
    return dict(PeriodicTaskRun.objects.values_list("name", "runs"))


def test_daily_tasks_missed_while_beat_was_down_run_once_under_two_beats(
    start_celery_worker, tmp_path
):
    from django.db import connection

    daily = sorted(daily_schedules())
    yesterday = timezone.now() - timedelta(days=1, hours=1)
    for name in daily:
        PeriodicTaskRun.objects.create(
            name=name, last_started_at=yesterday, last_finished_at=yesterday, runs=1
        )
    start_celery_worker()
    start_celery_worker()  # two workers: two copies of a message could run at once
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.test_settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "PERIODIC_CATCH_UP_INTERVAL": "1",
        "PYTHONUNBUFFERED": "1",
    }
    beats = [_beat("beat-1", tmp_path, env), _beat("beat-2", tmp_path, env)]
    try:
        wait_for(
            lambda: _runs() == dict.fromkeys(daily, 2),
            timeout=60,
            what="every missed daily task to run:\n" + beats[0].tail(),
        )
        assert all(run.last_started_at > yesterday for run in PeriodicTaskRun.objects.all())
        beats[0].stop()  # a restart: a fresh process sending its ticks again
        beats[0] = _beat("beat-1", tmp_path, env)
        time.sleep(TICKS_AFTER)
        # And the day's tasks sent again as a second beat would at their time.
        for name in daily:
            app.send_task(name)
        time.sleep(TICKS_AFTER)
        assert all(beat.running() for beat in beats), beats[1].tail()
        assert "worker.catch_up_daily_tasks" in beats[0].log()
    finally:
        for beat in beats:
            beat.stop()

    assert _runs() == dict.fromkeys(daily, 2)
    assert ScoreExport.objects.count() == 1

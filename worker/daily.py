"""Daily periodic tasks: once per scheduled day, and caught up when beat missed a day.

Beat keeps its own memory of what it sent in a local file; a beat that was down at a task's
time, or restarted with a fresh file, would skip that day, and two beats (a deploy
overlapping the old one) would send it twice. So the database keeps the last successful
run of each daily task (PeriodicTaskRun), and:

- a run, under the task's advisory lock (worker/single_run.py), does nothing when a
  successful run already began since the task's latest scheduled time;
- a frequent beat tick (worker.catch_up_daily_tasks) sends every daily task whose last
  successful run began more than a day plus PERIODIC_CATCH_UP_SLACK_MINUTES ago.

A task that has never succeeded has no row: the catch-up waits for its first scheduled run.
"""

import functools
import logging
from datetime import datetime, timedelta

from celery.schedules import crontab
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from reviews.models import PeriodicTaskRun
from worker.single_run import single_run

logger = logging.getLogger(__name__)

PERIOD = timedelta(days=1)


def daily_schedules() -> dict[str, crontab]:
    """Task name → crontab of every daily entry of CELERY_BEAT_SCHEDULE."""
    return {
        entry["task"]: entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if isinstance(entry["schedule"], crontab)
    }


def last_scheduled(schedule: crontab, now: datetime | None = None) -> datetime:
    """The latest moment at or before `now` at which a daily crontab was due."""
    now = now or timezone.now()
    moment = now.replace(
        hour=min(schedule.hour), minute=min(schedule.minute), second=0, microsecond=0
    )
    return moment if moment <= now else moment - PERIOD


def once_a_day(name: str):
    """Decorate the body of the daily task `name` (its Celery name): one run at a time, at
    most one successful run per scheduled day, each success recorded."""

    def decorate(task):
        @functools.wraps(task)
        def run(*args, **kwargs):
            with single_run(task.__name__) as held:
                if not held:
                    logger.info("%s is already running elsewhere; this run does nothing", name)
                    return None
                started = timezone.now()
                since = last_scheduled(daily_schedules()[name], started)
                if PeriodicTaskRun.objects.filter(name=name, last_started_at__gte=since).exists():
                    logger.info("%s already ran since %s; this run does nothing", name, since)
                    return None
                result = task(*args, **kwargs)
                _record_success(name, started)
                return result

        return run

    return decorate


def _record_success(name: str, started: datetime) -> None:
    finished = timezone.now()
    updated = PeriodicTaskRun.objects.filter(name=name).update(
        last_started_at=started, last_finished_at=finished, runs=F("runs") + 1
    )
    if not updated:  # the first success; the lock keeps any other run out meanwhile
        PeriodicTaskRun.objects.create(
            name=name, last_started_at=started, last_finished_at=finished, runs=1
        )


def late_daily_tasks(now: datetime | None = None) -> list[str]:
    """The daily tasks whose last successful run began more than a day plus slack ago."""
    now = now or timezone.now()
    slack = timedelta(minutes=settings.PERIODIC_CATCH_UP_SLACK_MINUTES)
    return sorted(
        PeriodicTaskRun.objects.filter(
            name__in=daily_schedules(), last_started_at__lt=now - PERIOD - slack
        ).values_list("name", flat=True)
    )

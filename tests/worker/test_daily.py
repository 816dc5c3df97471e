"""Daily periodic tasks run once per scheduled day, and a day beat missed is caught up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import PeriodicTaskRun, ScoreExport
from worker.daily import daily_schedules, last_scheduled, late_daily_tasks
from worker.tasks import catch_up_daily_tasks, recompute_all

pytestmark = pytest.mark.django_db

RECOMPUTE = "worker.recompute_all"


def _last_run(name: str, ago: timedelta) -> None:
    when = timezone.now() - ago
    PeriodicTaskRun.objects.update_or_create(
        name=name, defaults={"last_started_at": when, "last_finished_at": when, "runs": 1}
    )


def test_a_daily_task_sent_twice_the_same_day_runs_once():
    assert recompute_all() is not None
    assert recompute_all() is None  # a second beat, or a catch-up, sending it again

    assert PeriodicTaskRun.objects.get(name=RECOMPUTE).runs == 1


def test_a_daily_task_runs_again_once_its_next_scheduled_time_has_passed():
    schedule = daily_schedules()[RECOMPUTE]
    since_due = timezone.now() - last_scheduled(schedule)
    _last_run(RECOMPUTE, since_due + timedelta(minutes=1))  # began just before its time

    assert recompute_all() is not None

    run = PeriodicTaskRun.objects.get(name=RECOMPUTE)
    assert run.runs == 2
    assert run.last_started_at >= last_scheduled(schedule)


def test_only_daily_tasks_whose_last_success_is_over_a_day_and_slack_old_are_late(settings):
    settings.PERIODIC_CATCH_UP_SLACK_MINUTES = 30
    _last_run("worker.recompute_all", timedelta(hours=25))
    _last_run("worker.build_score_export", timedelta(hours=24, minutes=20))  # within slack
    _last_run("worker.sweep_due_scores", timedelta(days=3))  # not a daily task

    assert late_daily_tasks() == ["worker.recompute_all"]


def test_a_daily_task_that_never_ran_waits_for_its_first_scheduled_run():
    assert late_daily_tasks() == []
    assert catch_up_daily_tasks() == []


def test_the_catch_up_runs_a_missed_daily_task_once(settings):
    _last_run("worker.build_score_export", timedelta(hours=25))

    assert catch_up_daily_tasks() == ["worker.build_score_export"]
    assert catch_up_daily_tasks() == []  # sent already; and it has run

    assert ScoreExport.objects.count() == 1
    assert PeriodicTaskRun.objects.get(name="worker.build_score_export").runs == 2

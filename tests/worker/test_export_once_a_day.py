"""The daily export task builds one export per scheduled day, however often it is delivered."""

from datetime import UTC, datetime

import pytest
from celery.schedules import crontab

from reviews.models import ScoreExport
from worker.daily import last_scheduled
from worker.tasks import build_score_export

pytestmark = pytest.mark.django_db


def test_a_second_delivery_of_the_days_export_builds_nothing(db):
    build_score_export()
    build_score_export()  # the same message again: its worker died after saving

    assert ScoreExport.objects.count() == 1


def test_the_last_daily_run_is_today_after_its_time_and_yesterday_before_it():
    daily = crontab(hour=4, minute=0)

    after = last_scheduled(daily, datetime(2026, 12, 7, 5, 30, tzinfo=UTC))
    before = last_scheduled(daily, datetime(2026, 12, 7, 3, 59, tzinfo=UTC))

    assert after == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    assert before == datetime(2026, 12, 6, 4, 0, tzinfo=UTC)

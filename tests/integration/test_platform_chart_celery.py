"""A platform's wage chart follows a burst of reviews through a real Celery worker (real
PostgreSQL and Redis): the reviews are recomputed by the worker, which sends one debounced
refresh of the platform's chart; the chart then counts every review of the burst, as the
nightly count over the reviews does."""

import re
import time
from decimal import Decimal

import pytest

from reviews.models import PlatformWageChart
from reviews.services.platform_priors import platform_priors_refresh
from reviews.services.reviews import review_create
from tests.factories import UserFactory, platform, review_fields
from tests.integration.waiting import wait_for

pytestmark = pytest.mark.integration

REFRESHED = r"Task worker\.refresh_platform_wage_chart\[[^\]]+\] succeeded"


def refreshes(worker) -> list[str]:
    return re.findall(REFRESHED, worker.log_path.read_text())


def _chart_bins() -> list[int] | None:
    chart = PlatformWageChart.objects.filter(platform=platform("mturk")).first()
    return chart.wage_bins if chart else None


def test_a_burst_of_reviews_reaches_the_platform_chart_through_one_refresh(start_celery_worker):
    worker = start_celery_worker(PLATFORM_CHART_REFRESH_DELAY="3", SCORES_RECOMPUTE_DELAY="0.2")
    # 10 minutes each: 6, 6, 9 and 36 per hour (bins of 2, the last from 30 up)
    rewards = ["1.00", "1.00", "1.50", "6.00"]
    for number, reward in enumerate(rewards):
        review_create(
            author=UserFactory(),
            **review_fields(
                requester_id=f"ACHARTBURST{number:03d}",
                requester_name=f"Chart Lab {number}",
                reward=Decimal(reward),
                time_worked_seconds=600,
            ),
        )

    bins = wait_for(
        lambda: (b := _chart_bins()) and sum(b) == len(rewards) and b,
        timeout=30,
        what="the platform chart to count the burst",
    )
    # One refresh for the whole burst: the first recompute scheduled it, the others found
    # its mark and sent none (a second one would come within the delay).
    wait_for(lambda: refreshes(worker), timeout=10, what="the refresh to be logged")
    time.sleep(4)
    assert len(refreshes(worker)) == 1, worker.log_path.read_text()[-3000:]

    platform_priors_refresh()  # the nightly count, over the reviews themselves
    assert _chart_bins() == bins == [0, 0, 0, 2, 1] + [0] * 10 + [1]

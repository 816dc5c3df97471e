"""A platform's wage chart follows new reviews within minutes: after a burst of recomputes
the worker sums the platform's requesters' stored histograms again (one debounced task per
platform), which gives what the nightly count over the reviews gives."""

from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils.timezone import localtime

from reviews.models import PlatformWageChart, RequesterScore, Review
from reviews.services.platform_charts import platform_wage_chart_refresh
from reviews.services.platform_priors import platform_priors_refresh
from reviews.services.scores import requester_score_recompute
from tests.factories import RequesterFactory, ReviewFactory, platform
from worker import tasks

pytestmark = pytest.mark.django_db

PROLIFIC_ID = "5f1a2b3c4d5e6f7a8b9c0d1e"


@pytest.fixture
def scheduled(monkeypatch, settings):
    """The refreshes enqueued (platform id, countdown), none actually sent; no mark left
    from another test."""
    settings.PLATFORM_CHART_REFRESH_DELAY = 300.0
    sent = []
    monkeypatch.setattr(
        tasks.refresh_platform_wage_chart,
        "apply_async",
        lambda args, countdown: sent.append((args[0], countdown)),
    )
    for slug in ("mturk", "prolific"):
        caches["pending"].delete(tasks._chart_pending_key(platform(slug).pk))
    yield sent
    for slug in ("mturk", "prolific"):
        caches["pending"].delete(tasks._chart_pending_key(platform(slug).pk))


def reviewed(rewards, **fields):
    """A requester with reviews of 10 minutes at these rewards, scored."""
    requester = RequesterFactory(**fields)
    for reward in rewards:
        ReviewFactory(requester=requester, reward=Decimal(reward))
    requester_score_recompute(requester_id=requester.pk)
    return requester


def test_the_sum_of_the_snapshots_is_the_nightly_count_over_the_reviews():
    reviewed(["1.00", "1.00", "1.50", "6.00"])  # 6, 6, 9 and 36 per hour
    other = reviewed(["0.20", "2.40"])  # 1.20 and 14.40 per hour
    ReviewFactory(requester=other, did_not_finish=True)  # no wage
    ReviewFactory(requester=other, reward=Decimal("9.00"), status=Review.Status.HIDDEN)
    requester_score_recompute(requester_id=other.pk)
    reviewed(["3.00"], platform=platform("prolific"), external_id=PROLIFIC_ID)
    platform_priors_refresh()
    nightly = dict(PlatformWageChart.objects.values_list("platform_id", "wage_bins"))
    PlatformWageChart.objects.all().delete()

    mturk = platform_wage_chart_refresh(platform_id=platform("mturk").pk).wage_bins
    prolific = platform_wage_chart_refresh(platform_id=platform("prolific").pk).wage_bins

    assert mturk == nightly[platform("mturk").pk] == [1, 0, 0, 2, 1, 0, 0, 1] + [0] * 7 + [1]
    assert prolific == nightly[platform("prolific").pk]
    assert sum(prolific) == 1


def test_a_chart_text_written_in_another_order_is_read_too():
    requester = reviewed(["1.00", "2.40"])  # 6 and 14.40 per hour
    score = RequesterScore.objects.get(requester=requester)
    score.charts = {"months": score.charts["months"], "wage_bins": score.charts["wage_bins"]}
    score.save(update_fields=["charts"])
    reviewed(["1.00"])  # one more at 6 per hour, stored as the recompute writes it

    bins = platform_wage_chart_refresh(platform_id=platform("mturk").pk).wage_bins

    assert bins == [0, 0, 0, 2, 0, 0, 0, 1] + [0] * 8


def test_a_burst_of_recomputes_schedules_one_refresh_per_platform(scheduled):
    mturk = [RequesterFactory() for _ in range(3)]
    prolific = RequesterFactory(platform=platform("prolific"), external_id=PROLIFIC_ID)
    for requester in [*mturk, prolific, mturk[0]]:
        ReviewFactory(requester=requester)
        tasks.recompute_requester(requester.pk)

    assert sorted(scheduled) == sorted(
        [(platform("mturk").pk, 300.0), (platform("prolific").pk, 300.0)]
    )


def test_the_refresh_brings_new_reviews_to_the_home_page_chart(client, scheduled):
    requester = reviewed(["1.00", "1.00"])  # 6 per hour, twice
    platform_priors_refresh()
    mturk = platform("mturk")
    before = PlatformWageChart.objects.get(platform=mturk)
    assert before.wage_bins[3] == 2 and sum(before.wage_bins) == 2

    for reward in ("5.00", "5.00", "5.00"):  # 30 per hour: the last bin
        ReviewFactory(requester=requester, reward=Decimal(reward))
    tasks.recompute_requester(requester.pk)
    assert PlatformWageChart.objects.get(platform=mturk).wage_bins == before.wage_bins
    ((platform_id, countdown),) = scheduled
    tasks.refresh_platform_wage_chart(platform_id)  # what the worker runs `countdown` later

    after = PlatformWageChart.objects.get(platform=mturk)
    assert after.wage_bins[3] == 2 and after.wage_bins[-1] == 3
    assert after.computed_at > before.computed_at
    page = client.get(reverse("reviews:home")).content.decode()
    assert "The median review with a time worked paid 30 or more USD per hour." in page
    assert f'As of <time datetime="{localtime(after.computed_at).isoformat()}">' in page
    # The mark is cleared: the next burst schedules a refresh of its own.
    tasks.recompute_requester(requester.pk)
    assert len(scheduled) == 2

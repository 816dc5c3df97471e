"""Celery tasks: thin wrappers that take ids, call reviews/ services, retry transient errors."""

from celery import shared_task
from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from reviews.models import Requester, ScoreExport
from reviews.services.abuse import abuse_check, abuse_sweep
from reviews.services.exports import score_export_build
from reviews.services.fingerprints import fingerprints_erase_old
from reviews.services.platform_charts import platform_wage_chart_refresh
from reviews.services.score_due import scores_due
from reviews.services.score_full_pass import scores_recompute_all
from reviews.services.scores import requester_score_recompute, scores_ensure_published
from worker.daily import daily_schedules, last_scheduled, late_daily_tasks, once_a_day
from worker.single_run import one_at_a_time

# Only failures that a later attempt can cure are retried: a database or Redis that is
# restarting or briefly unreachable. A bug raises the same way every time; retrying it
# would only hide it.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_POLICY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
}


# How a request enqueues (after its commit): one attempt and one immediate retry on a fresh
# connection (the pooled one may have died with a Redis restart), not Celery's default four
# attempts over 0.6 s; the durable records make a lost enqueue harmless
# (worker/subscribers.py).
REQUEST_PUBLISH = {
    "retry": True,
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0, "interval_max": 0},
}


def _pending_key(requester_id: int) -> str:
    return f"scores:recompute-pending:{requester_id}"


def schedule_recompute(requester_id: int) -> None:
    """Enqueue one recompute for a burst of changes to one requester.

    The first change of a burst sets a pending mark and enqueues a task to run a moment
    later; changes while the mark stands enqueue nothing. The task clears the mark before it
    reads, so any change committed after that read starts a new task: the last task of a
    burst always sees every review in it. The mark expires on its own in case a task is lost.
    With Redis down setting the mark raises, and the recompute is left to the due-mark sweep.
    """
    if caches["pending"].add(_pending_key(requester_id), 1, timeout=60):
        recompute_requester.apply_async(
            (requester_id,), countdown=settings.SCORES_RECOMPUTE_DELAY, **REQUEST_PUBLISH
        )


@shared_task(name="worker.recompute_requester", **RETRY_POLICY)
def recompute_requester(requester_id: int) -> None:
    caches["pending"].delete(_pending_key(requester_id))
    requester_score_recompute(requester_id=requester_id)
    schedule_platform_chart_refresh(requester_ids=[requester_id])


def _chart_pending_key(platform_id: int) -> str:
    return f"charts:platform-refresh-pending:{platform_id}"


def schedule_platform_chart_refresh(*, requester_ids: list[int]) -> None:
    """After recomputes: one refresh of each of their platforms' wage charts, about
    PLATFORM_CHART_REFRESH_DELAY seconds after the first recompute of a burst (debounced
    like schedule_recompute). With Redis down nothing is enqueued: the nightly recompute
    refreshes every chart anyway."""
    delay = settings.PLATFORM_CHART_REFRESH_DELAY
    platforms = set(
        Requester.objects.filter(pk__in=requester_ids).values_list("platform_id", flat=True)
    )
    for platform_id in platforms:
        try:
            first = caches["pending"].add(_chart_pending_key(platform_id), 1, timeout=delay + 60)
            if first:
                refresh_platform_wage_chart.apply_async((platform_id,), countdown=delay)
        except (RedisConnectionError, RedisTimeoutError):
            return


@shared_task(name="worker.refresh_platform_wage_chart", **RETRY_POLICY)
def refresh_platform_wage_chart(platform_id: int) -> list[int]:
    """The platform's wage chart summed again from its requesters' snapshots; the mark is
    cleared first, so a recompute finishing during the sum schedules another refresh."""
    caches["pending"].delete(_chart_pending_key(platform_id))
    return platform_wage_chart_refresh(platform_id=platform_id).wage_bins


@shared_task(name="worker.sweep_due_scores", **RETRY_POLICY)
@one_at_a_time
def sweep_due_scores() -> int:
    """Recompute every requester whose due mark is older than SCORES_DUE_SWEEP_AFTER seconds
    (its enqueued recompute was lost, or never enqueued); returns how many."""
    due = scores_due(older_than=settings.SCORES_DUE_SWEEP_AFTER)
    for requester_id in due:
        requester_score_recompute(requester_id=requester_id)
    if due:
        schedule_platform_chart_refresh(requester_ids=list(due))
    return len(due)


@shared_task(
    name="worker.recompute_all",
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
    **RETRY_POLICY,
)
@once_a_day("worker.recompute_all")
def recompute_all() -> int:
    return scores_recompute_all()


@shared_task(name="worker.ensure_scores_published", **RETRY_POLICY)
@one_at_a_time
def ensure_scores_published() -> bool:
    return scores_ensure_published()


@shared_task(
    name="worker.build_score_export", soft_time_limit=50 * 60, time_limit=55 * 60, **RETRY_POLICY
)
@once_a_day("worker.build_score_export")
def build_score_export() -> int:
    """The day's export, once: a message delivered again (its worker died after the export
    was saved, or beat sent it twice) finds the export made since the day's scheduled time
    and builds nothing."""
    since = last_scheduled(daily_schedules()["worker.build_score_export"])
    if ScoreExport.objects.filter(created_at__gte=since).exists():
        return 0
    return score_export_build().requester_count


@shared_task(name="worker.check_review_abuse", **RETRY_POLICY)
def check_review_abuse(review_ids: list[int], flag_ids: list[int] | None = None) -> list[int]:
    """The abuse check after new reviews or flags; returns the signals recorded or changed."""
    return abuse_check(review_ids=review_ids, flag_ids=flag_ids or ()).signal_ids


@shared_task(name="worker.sweep_abuse", soft_time_limit=50 * 60, time_limit=55 * 60, **RETRY_POLICY)
@one_at_a_time
def sweep_abuse() -> list[int]:
    return abuse_sweep().signal_ids


@shared_task(name="worker.erase_old_fingerprints", **RETRY_POLICY)
@once_a_day("worker.erase_old_fingerprints")
def erase_old_fingerprints() -> int:
    return fingerprints_erase_old()


@shared_task(name="worker.catch_up_daily_tasks", bind=True, **RETRY_POLICY)
def catch_up_daily_tasks(self) -> list[str]:
    """Send every daily task whose last success began over a day (plus slack) ago: its beat
    was down at its time. Each is sent at most once per slack period; the task itself
    (worker/daily.py) runs once however often it is sent."""
    resend_after = 60 * settings.PERIODIC_CATCH_UP_SLACK_MINUTES
    sent = []
    for name in late_daily_tasks():
        if caches["default"].add(f"periodic:catch-up-sent:{name}", 1, timeout=resend_after):
            self.app.tasks[name].apply_async()
            sent.append(name)
    return sent

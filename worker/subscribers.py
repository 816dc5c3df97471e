"""Turn the domain's announcements into Celery tasks, only once the data is committed.

An enqueue that fails (Redis down) is logged and never fails the request: the change is
already committed, and its work is done later from a durable record (the score's due mark,
swept by worker.sweep_due_scores; the periodic abuse sweep over recent reviews). So the
request path doesn't wait on Redis for long: a publish is tried twice at most, at once
(REQUEST_PUBLISH), and within REDIS_RETRY_AFTER seconds of a Redis failure in this process
nothing is enqueued at all (backend/cache.py's redis_outage): a Redis that never answers
would otherwise cost every write its read timeout, twice.
"""

import logging

from django.db import transaction
from django.dispatch import receiver
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from backend.cache import redis_outage
from reviews.signals import flag_created, review_changed

# Review changes worth an abuse check: what a review says is new, or new again.
CHECKED_ACTIONS = ("created", "updated")

logger = logging.getLogger(__name__)


def _after_commit(what: str, enqueue) -> None:
    def run() -> None:
        if redis_outage.recent():
            logger.warning("Redis failed moments ago: %s is left to the periodic sweep", what)
            return
        try:
            enqueue()
        except Exception as exc:  # the broker or cache unreachable: the sweeps catch up
            if isinstance(exc, (RedisError, BrokerError)):
                redis_outage.failed()
            logger.warning("could not enqueue %s; the periodic sweep will do it", what)

    transaction.on_commit(run)


@receiver(review_changed, dispatch_uid="worker.recompute_on_review_changed")
def recompute_when_review_changes(sender, requester_id: int, **kwargs) -> None:
    from worker.tasks import schedule_recompute

    # A task enqueued before commit could run on rows a rollback then erases.
    _after_commit(
        f"the recompute of requester {requester_id}", lambda: schedule_recompute(requester_id)
    )


@receiver(review_changed, dispatch_uid="worker.check_abuse_on_review_changed")
def check_abuse_when_review_written(sender, review_id: int | None, action: str, **kwargs) -> None:
    if review_id is None or action not in CHECKED_ACTIONS:
        return
    from worker.tasks import REQUEST_PUBLISH, check_review_abuse

    _after_commit(
        f"the abuse check of review {review_id}",
        lambda: check_review_abuse.apply_async(([review_id],), **REQUEST_PUBLISH),
    )


@receiver(flag_created, dispatch_uid="worker.check_abuse_on_flag_created")
def check_abuse_when_flagged(sender, flag_id: int, **kwargs) -> None:
    from worker.tasks import REQUEST_PUBLISH, check_review_abuse

    _after_commit(
        f"the abuse check of flag {flag_id}",
        lambda: check_review_abuse.apply_async(([], [flag_id]), **REQUEST_PUBLISH),
    )

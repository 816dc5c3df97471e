"""Turn the domain's announcements into Celery tasks, only once the data is committed."""

from django.db import transaction
from django.dispatch import receiver

from reviews.signals import flag_created, review_changed

# Review changes worth an abuse check: what a review says is new, or new again.
CHECKED_ACTIONS = ("created", "updated")


@receiver(review_changed, dispatch_uid="worker.recompute_on_review_changed")
def recompute_when_review_changes(sender, requester_id: int, **kwargs) -> None:
    from worker.tasks import schedule_recompute

    # A task enqueued before commit could run on rows a rollback then erases.
    transaction.on_commit(lambda: schedule_recompute(requester_id))


@receiver(review_changed, dispatch_uid="worker.check_abuse_on_review_changed")
def check_abuse_when_review_written(sender, review_id: int | None, action: str, **kwargs) -> None:
    if review_id is None or action not in CHECKED_ACTIONS:
        return
    from worker.tasks import check_review_abuse

    transaction.on_commit(lambda: check_review_abuse.delay([review_id]))


@receiver(flag_created, dispatch_uid="worker.check_abuse_on_flag_created")
def check_abuse_when_flagged(sender, flag_id: int, **kwargs) -> None:
    from worker.tasks import check_review_abuse

    transaction.on_commit(lambda: check_review_abuse.delay([], [flag_id]))

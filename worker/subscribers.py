"""Turn the domain's announcements into Celery tasks, only once the data is committed."""

from django.db import transaction
from django.dispatch import receiver

from reviews.signals import review_changed


@receiver(review_changed, dispatch_uid="worker.recompute_on_review_changed")
def recompute_when_review_changes(sender, requester_id: int, **kwargs) -> None:
    from worker.tasks import schedule_recompute

    # A task enqueued before commit could run on rows a rollback then erases.
    transaction.on_commit(lambda: schedule_recompute(requester_id))

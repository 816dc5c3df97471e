"""Celery tasks: thin wrappers that take ids and call reviews/ services."""

from celery import shared_task


def schedule_recompute(requester_id: int) -> None:
    recompute_requester.delay(requester_id)


@shared_task(name="worker.recompute_requester")
def recompute_requester(requester_id: int) -> None:
    from reviews.services.scores import requester_score_recompute

    requester_score_recompute(requester_id=requester_id)

"""What the domain announces. Subscribers (worker/) react; the domain never imports them."""

from django.dispatch import Signal

# Sent after a review is created, edited, withdrawn, hidden or restored, inside the
# transaction that changed it. Arguments: review_id, requester_id, action.
review_changed = Signal()


def announce_review_changed(review, action: str) -> None:
    review_changed.send(
        sender=type(review), review_id=review.pk, requester_id=review.requester_id, action=action
    )

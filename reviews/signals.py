"""What the domain announces. Subscribers (worker/) react; the domain never imports them."""

from django.dispatch import Signal

# Sent after a review is created, edited, withdrawn, hidden or restored, inside the
# transaction that changed it. Arguments: review_id, requester_id, action.
review_changed = Signal()


def announce_review_changed(review, action: str) -> None:
    review_changed.send(
        sender=type(review), review_id=review.pk, requester_id=review.requester_id, action=action
    )


# Sent when a worker flags a review, inside the transaction that saved the flag (the abuse
# check looks for mass flagging). Arguments: flag_id, review_id, requester_id.
flag_created = Signal()


def announce_flag_created(flag) -> None:
    flag_created.send(
        sender=type(flag),
        flag_id=flag.pk,
        review_id=flag.review_id,
        requester_id=flag.review.requester_id,
    )

"""The requester's public reply under a review: one per review, written by an approved
representative of that requester.

A reply is neither edited nor deleted once posted: readers and the review's author have
seen it, and a requester who could rewrite its answer after the fact could make a worker's
comments below look unreasonable. Anything further goes through a dispute; a moderator can
lock a review's replies.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from reviews.models import RequesterReply, Review
from reviews.permissions import ensure_represents
from reviews.services.notifications import notify
from reviews.services.profiles import ensure_can_post

REPLY_MAX_LENGTH = 3000
ALREADY_REPLIED = (
    "This review already has the requester's reply. There is one reply per review, "
    "and it can't be changed."
)


def text_required(text: str, *, field: str, max_length: int, what: str) -> str:
    """The stripped text, or a ValidationError on `field` when it is empty or too long."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: f"Write your {what}; it can't be empty."})
    if len(text) > max_length:
        raise ValidationError(
            {field: f"Your {what} has {len(text)} characters; at most {max_length} fit."}
        )
    return text


def ensure_can_reply(*, review: Review, user) -> None:
    """Who may reply, and whether this review can take a reply now (refusals say why)."""
    ensure_represents(user, review.requester_id)
    if user.pk == review.author_id:
        raise PermissionDenied("You can't reply to your own review as the requester.")
    ensure_can_post(user)
    if review.status != Review.Status.PUBLISHED:
        raise ValidationError("Only published reviews can be replied to.")
    if review.replies_locked:
        raise ValidationError("A moderator locked replies to this review.")
    if RequesterReply.objects.filter(review_id=review.pk).exists():
        raise ValidationError(ALREADY_REPLIED)


def reply_create(*, review: Review, author, text: str) -> RequesterReply:
    """Post the requester's one public reply under a published review."""
    review = Review.objects.select_related("requester").get(pk=review.pk)
    ensure_can_reply(review=review, user=author)
    text = text_required(text, field="text", max_length=REPLY_MAX_LENGTH, what="reply")
    with transaction.atomic():
        try:
            with transaction.atomic():
                reply = RequesterReply.objects.create(review=review, author=author, text=text)
        except IntegrityError:  # another representative replied at the same moment
            raise ValidationError(ALREADY_REPLIED) from None
        notify(
            user=review.author,
            kind="review_replied",
            message=f"{review.requester.display_name} replied to your review "
            f"“{review.task_title}”.",
            url=reverse("reviews:review_detail", args=[review.pk]),
        )
    return reply

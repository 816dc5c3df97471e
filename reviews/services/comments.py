"""Workers discussing a review under it; moderators can hide a comment, with a public reason.

Anyone who may post can comment, the requester's representatives included: their comments
are marked as the requester's on the page (see reviews/selectors/discussion.py), so readers
know which side is speaking. Comments are not edited; a hidden comment stays in the database and its
hiding is in the public moderation log.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from reviews.models import Comment, ModerationAction, Review
from reviews.permissions import ensure_moderator
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.services.profiles import ensure_can_post
from reviews.services.replies import text_required

COMMENT_MAX_LENGTH = 2000


def ensure_can_comment(*, review: Review, user) -> None:
    ensure_can_post(user)
    if review.status != Review.Status.PUBLISHED:
        raise ValidationError("Only published reviews can be commented on.")
    if review.replies_locked:
        raise ValidationError("A moderator locked replies to this review: no new comments.")


def comment_create(*, review: Review, author, text: str) -> Comment:
    """Add a worker's comment under a published review whose replies aren't locked."""
    review = Review.objects.get(pk=review.pk)
    ensure_can_comment(review=review, user=author)
    text = text_required(text, field="text", max_length=COMMENT_MAX_LENGTH, what="comment")
    return Comment.objects.create(review=review, author=author, text=text)


def ensure_can_hide_comment(*, comment: Comment, user) -> None:
    ensure_moderator(user)
    if user.pk == comment.review.author_id:
        raise PermissionDenied(
            "This comment is under your own review; another moderator must decide."
        )


def comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """Hide a comment from everyone but moderators; the reason goes to the public log."""
    reason = reason_validate(reason)
    with transaction.atomic():
        current = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("review__requester")
            .get(pk=comment.pk)
        )
        ensure_can_hide_comment(comment=current, user=moderator)
        if current.status == Comment.Status.HIDDEN:
            raise ValidationError("This comment is already hidden.")
        current.status = Comment.Status.HIDDEN
        current.save(update_fields=["status"])
        action_record(
            actor=moderator,
            kind=ModerationAction.Kind.COMMENT_HIDE,
            reason=reason,
            review=current.review,
            subject=current.author,
            details={"comment_id": current.pk},
        )
        notify(
            user=current.author,
            kind="comment_hidden",
            message=f"A moderator hid your comment on a review of "
            f"{current.review.requester.display_name}: {reason}",
            url=reverse("reviews:review_detail", args=[current.review_id]),
        )
    return current

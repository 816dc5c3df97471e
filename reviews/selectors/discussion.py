"""Reads for what is said under a review: the requester's reply, comments, disputes."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from reviews.models import Comment, Dispute, RequesterClaim, RequesterReply, Review
from reviews.permissions import is_moderator
from reviews.services.disputes import can_view


def requester_representative_ids(*, requester_id: int) -> set[int]:
    return set(
        RequesterClaim.objects.filter(
            requester_id=requester_id, status=RequesterClaim.Status.APPROVED
        ).values_list("user_id", flat=True)
    )


def review_reply_get(*, review: Review) -> RequesterReply | None:
    return RequesterReply.objects.select_related("author__profile").filter(review=review).first()


@dataclass(frozen=True)
class ShownComment:
    """A comment as one viewer sees it: hidden text only for moderators, who is speaking."""

    comment: Comment
    # "review_author", "requester_representative" or "worker": readers should know which
    # side of the review a comment comes from.
    author_role: str
    text: str | None

    @property
    def is_hidden(self) -> bool:
        return self.comment.status == Comment.Status.HIDDEN


def _shown(comment: Comment, *, review: Review, representatives: set[int], viewer) -> ShownComment:
    if comment.author_id == review.author_id:
        role = "review_author"
    elif comment.author_id in representatives:
        role = "requester_representative"
    else:
        role = "worker"
    visible = comment.status == Comment.Status.VISIBLE or is_moderator(viewer)
    return ShownComment(comment, role, comment.text if visible else None)


def review_comments(*, review: Review, viewer=None) -> list[ShownComment]:
    """The comments under a review, oldest first; a hidden one keeps its place, without its
    text except for moderators."""
    representatives = requester_representative_ids(requester_id=review.requester_id)
    return [
        _shown(comment, review=review, representatives=representatives, viewer=viewer)
        for comment in Comment.objects.filter(review=review).select_related("author__profile")
    ]


def comment_shown(*, comment: Comment, viewer=None) -> ShownComment:
    review = comment.review
    representatives = requester_representative_ids(requester_id=review.requester_id)
    return _shown(comment, review=review, representatives=representatives, viewer=viewer)


def comment_get(*, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("review__requester", "author__profile"), pk=comment_id
    )


def review_open_get(*, review_id: int) -> Review:
    """A published review, for the operations under it (reply, dispute, comment)."""
    return get_object_or_404(
        Review.objects.select_related("requester__platform", "author__profile").filter(
            status=Review.Status.PUBLISHED
        ),
        pk=review_id,
    )


def review_decided_disputes(*, review: Review) -> QuerySet[Dispute]:
    """Decided disputes of a review, whose decisions and rationales are public."""
    return (
        Dispute.objects.filter(review=review)
        .exclude(status=Dispute.Status.OPEN)
        .exclude(decision="")
        .select_related("decided_by__profile", "appeal_decided_by__profile")
        .order_by("created_at", "id")
    )


def review_dispute_in_progress(*, review: Review) -> Dispute | None:
    return (
        Dispute.objects.filter(
            review=review, status__in=(Dispute.Status.OPEN, Dispute.Status.APPEALED)
        )
        .order_by("-created_at")
        .first()
    )


def _disputes() -> QuerySet[Dispute]:
    return Dispute.objects.select_related(
        "review__requester__platform",
        "review__author__profile",
        "opened_by__profile",
        "decided_by__profile",
        "appealed_by__profile",
        "appeal_decided_by__profile",
    )


def dispute_get_for(*, dispute_id: int, user) -> Dispute:
    """The dispute, for its parties and moderators only; anyone else gets a 404, so dispute
    ids reveal nothing."""
    dispute = get_object_or_404(_disputes(), pk=dispute_id)
    if not can_view(user, dispute):
        raise Http404("No dispute of yours has this id.")
    return dispute


def dispute_get(*, dispute_id: int) -> Dispute:
    """Any dispute, for the write operations (the services decide who may act)."""
    return get_object_or_404(_disputes(), pk=dispute_id)

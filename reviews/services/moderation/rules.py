"""Who may moderate what: the checks every moderation action starts with."""

from django.core.exceptions import PermissionDenied

from reviews.errors import DomainError
from reviews.models import Dispute, Review
from reviews.permissions import ensure_moderator, ensure_not_own_review, represents
from reviews.services.profiles import ensure_can_post


class AlreadyDone(DomainError):
    """The action was already taken (by this or another moderator): nothing changed."""


def ensure_can_moderate(user) -> None:
    """A moderator (or admin) whose own account may act now: active, verified, not suspended."""
    ensure_moderator(user)
    ensure_can_post(user)


def ensure_not_party(user, review: Review) -> None:
    """Nobody moderates a review they have a stake in: their own, one of a requester they
    represent, or one they disputed."""
    ensure_not_own_review(user, review)
    if represents(user, review.requester_id):
        raise PermissionDenied(
            "You represent this review's requester, so another moderator must act on it."
        )
    if Dispute.objects.filter(review=review, opened_by=user).exists():
        raise PermissionDenied("You disputed this review, so another moderator must act on it.")

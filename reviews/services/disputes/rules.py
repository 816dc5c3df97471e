"""Who may do what with a dispute, and when: the checks every dispute step starts with,
shared by the services, the pages (which forms to show) and the API (its hints)."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError

from reviews.models import Dispute, Review
from reviews.permissions import ensure_moderator, ensure_represents, is_moderator, represents
from reviews.services.profiles import ensure_can_post

IN_PROGRESS = (Dispute.Status.OPEN, Dispute.Status.APPEALED)
IN_PROGRESS_MESSAGE = "This review already has a dispute in progress; follow it on its page."


def is_party(user, dispute: Dispute) -> bool:
    """The review's author, whoever opened or appealed it, and the requester's side."""
    if user is None or not user.is_authenticated:
        return False
    return user.pk in (
        dispute.review.author_id,
        dispute.opened_by_id,
        dispute.appealed_by_id,
    ) or represents(user, dispute.review.requester_id)


def can_view(user, dispute: Dispute) -> bool:
    return is_moderator(user) or is_party(user, dispute)


def _ensure_not_party(user, dispute: Dispute) -> None:
    if user.pk == dispute.review.author_id:
        raise PermissionDenied("You wrote the disputed review; another moderator must decide.")
    if is_party(user, dispute):
        raise PermissionDenied(
            "You are a party to this dispute (you speak for the requester); "
            "another moderator must decide."
        )


def ensure_can_open(*, review: Review, user) -> None:
    ensure_represents(user, review.requester_id)
    if user.pk == review.author_id:
        raise PermissionDenied("You can't dispute your own review.")
    ensure_can_post(user)
    if review.status != Review.Status.PUBLISHED:
        raise ValidationError("Only published reviews can be disputed.")
    if review.disputes.filter(status__in=IN_PROGRESS).exists():
        raise ValidationError(IN_PROGRESS_MESSAGE)
    last = review.disputes.exclude(status__in=IN_PROGRESS).order_by("-created_at").first()
    if last is not None:
        last_decided_at = last.appeal_decided_at or last.decided_at
        if not review.revisions.filter(edited_at__gt=last_decided_at).exists():
            raise ValidationError(
                "This review was already disputed and decided. It can be disputed again once "
                "its author has edited it; until then the losing side may appeal instead."
            )


def _check_answer(dispute: Dispute, user) -> None:
    if user is None or user.pk != dispute.review.author_id:
        raise PermissionDenied("Only the review's author can answer a dispute.")
    ensure_can_post(user)
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError("This dispute is already decided; it can't be answered any more.")
    if dispute.author_answered_at is not None:
        raise ValidationError("You already answered this dispute; an answer is given once.")


def _check_decide(dispute: Dispute, user) -> None:
    ensure_moderator(user)
    _ensure_not_party(user, dispute)
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError(
            "This dispute was already decided; a decision is made once. "
            "The losing side may appeal it."
        )


def _check_appeal(dispute: Dispute, user) -> None:
    if not is_party(user, dispute):
        raise PermissionDenied(
            "Only the review's author or the requester's representative can appeal."
        )
    if dispute.status == Dispute.Status.OPEN:
        raise ValidationError("This dispute isn't decided yet; an appeal comes after a decision.")
    if dispute.status != Dispute.Status.DECIDED:
        raise ValidationError("This dispute was already appealed; an appeal is made once.")
    if dispute.decision == Dispute.Decision.UPHOLD:  # the requester's side lost
        if not represents(user, dispute.review.requester_id):
            raise PermissionDenied(
                "The review was upheld, so only the requester's representative can appeal."
            )
    elif user.pk != dispute.review.author_id:
        raise PermissionDenied(
            "The decision went against the review, so only its author can appeal."
        )
    ensure_can_post(user)


def _check_decide_appeal(dispute: Dispute, user) -> None:
    ensure_moderator(user)
    _ensure_not_party(user, dispute)
    if dispute.status == Dispute.Status.CLOSED:
        raise ValidationError("This appeal was already decided; the dispute is closed for good.")
    if dispute.status != Dispute.Status.APPEALED:
        raise ValidationError("This dispute has no appeal to decide.")
    if user.pk == dispute.decided_by_id:
        raise PermissionDenied(
            "You made the first decision; the appeal goes to a different moderator."
        )


_CHECKS: dict[str, Callable[[Dispute, object], None]] = {
    "answer": _check_answer,
    "decide": _check_decide,
    "appeal": _check_appeal,
    "decide_appeal": _check_decide_appeal,
}


def dispute_ensure_can(*, action: str, dispute: Dispute, user) -> None:
    """Refuse (PermissionDenied for who, ValidationError for when) as the service would;
    `action` is one of "answer", "decide", "appeal", "decide_appeal"."""
    _CHECKS[action](dispute, user)


def dispute_actions(*, dispute: Dispute, user) -> list[str]:
    """What `user` may do with the dispute now: the forms a page shows, the API's hints.

    The same checks the services make, so a page never offers what would be refused.
    """
    allowed = []
    for name, check in _CHECKS.items():
        try:
            check(dispute, user)
        except (PermissionDenied, ValidationError):
            continue
        allowed.append(name)
    return allowed

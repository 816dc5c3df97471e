"""Who may do what. Services call these; templates may too, but never instead of services."""

from django.core.exceptions import PermissionDenied

from reviews.models import RequesterClaim, WorkerProfile


def _role(user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def is_moderator(user) -> bool:
    """Moderators and admins moderate."""
    return _role(user) in (WorkerProfile.Role.MODERATOR, WorkerProfile.Role.ADMIN)


def is_admin(user) -> bool:
    return _role(user) == WorkerProfile.Role.ADMIN


def ensure_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


def ensure_admin(user) -> None:
    if not is_admin(user):
        raise PermissionDenied("Only admins can do this.")


def represented_requester_ids(user) -> set[int]:
    """The requesters whose approved representative this user is."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        RequesterClaim.objects.filter(user=user, status=RequesterClaim.Status.APPROVED).values_list(
            "requester_id", flat=True
        )
    )


def represents(user, requester_id: int) -> bool:
    return requester_id in represented_requester_ids(user)


def ensure_represents(user, requester_id: int) -> None:
    if not represents(user, requester_id):
        raise PermissionDenied("Only an approved representative of this requester can do this.")


def ensure_not_own_review(user, review) -> None:
    """Nobody moderates their own review."""
    if user.pk == review.author_id:
        raise PermissionDenied("You can't act on your own review.")

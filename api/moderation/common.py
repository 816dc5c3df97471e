"""What every moderation endpoint shares: the permission classes, and the OpenAPI
building blocks (refusal examples, the requester and review examples) their documentation reuses.

The views are thin over reviews.services.moderation and reviews.services.claims: the services decide
who may act, so the answer here is the same as on the web. A missing token is 401; a token
whose holder may not act is 403 with the reason. Errors become HTTP answers in api.errors.
"""

from drf_spectacular.utils import OpenApiExample
from rest_framework.permissions import BasePermission

from api.schema_docs import error_response as _error
from reviews.permissions import is_moderator

TAG = "Moderation"
LOG_PER_PAGE = 50


class IsModerator(BasePermission):
    """A token holder who moderates. Anonymous → 401; anyone else → 403. The service checks
    again (and more: suspension, own review, conflicts of interest)."""

    message = "Only moderators can do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_moderator(request.user))


class IsAuthenticatedToken(BasePermission):
    """Any token holder; the service decides the rest (admins only, may post, …)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


# --- Documentation helpers ------------------------------------------------------------------


def _request_example(name: str, value: dict) -> list[OpenApiExample]:
    return [OpenApiExample(name, value=value, request_only=True)]


UNAUTHENTICATED = _error(
    "No token, or a token that is unknown or revoked.",
    (
        "No token",
        {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"},
    ),
)
NOT_MODERATOR = (
    "Not a moderator",
    {"detail": "Only moderators can do this.", "code": "permission_denied"},
)
OWN_REVIEW = (
    "Own review",
    {"detail": "You can't act on your own review.", "code": "permission_denied"},
)
SUSPENDED = (
    "Suspended",
    {
        "detail": "Your posting is suspended until 2031-01-01 00:00 UTC.",
        "code": "permission_denied",
    },
)
NO_REASON = (
    "No reason",
    {
        "detail": "Some fields are not valid; see `errors`.",
        "code": "invalid",
        "errors": {"reason": ["Give a reason: it is shown in the public log."]},
    },
)
NOT_FOUND = _error(
    "Nothing has this id.", ("Not found", {"detail": "Not found.", "code": "not_found"})
)
THROTTLED = _error(
    "Too many writes; the Retry-After header says how many seconds to wait.",
    (
        "Throttled",
        {"detail": "Request was throttled. Expected available in 42 seconds.", "code": "throttled"},
    ),
)
REQUESTER_EXAMPLE = {
    "platform": "mturk",
    "external_id": "A1B2C3D4E5F6G7",
    "display_name": "Psychology Lab",
}
REVIEW_STATE = {
    "id": 812,
    "status": "hidden",
    "moderation_reason": "Gives the survey's completion code.",
    "replies_locked": False,
    "requester": REQUESTER_EXAMPLE,
}
REASON_EXAMPLE = {"reason": "Gives the survey's completion code."}

"""Actions on accounts: suspend and lift a posting suspension (moderators), assign a role
(admins)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.actions_serializers import (
    AccountStateSerializer,
    ModerationReasonSerializer,
    RoleSerializer,
    SuspendSerializer,
)
from api.moderation.common import (
    NO_REASON,
    NOT_FOUND,
    NOT_MODERATOR,
    TAG,
    THROTTLED,
    UNAUTHENTICATED,
    IsAuthenticatedToken,
    IsModerator,
    _request_example,
)
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _ok
from api.throttles import WriteThrottle
from reviews.selectors.moderation import (
    profile_by_pseudonym,
)
from reviews.services.moderation import (
    role_assign,
    user_suspend,
    user_unsuspend,
)

# --- Accounts -------------------------------------------------------------------------------


class AccountActionView(APIView):
    """POST an action on the account named by its pseudonym: validate with `serializer_class`,
    run `act(actor, user, **data)`, answer with the account as it is now."""

    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]
    serializer_class = ModerationReasonSerializer
    act = None

    def post(self, request, pseudonym: str):
        profile = profile_by_pseudonym(pseudonym=pseudonym)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = type(self).act(request.user, profile.user, **serializer.validated_data)
        return Response(AccountStateSerializer(profile).data)


ACCOUNT_STATE = {
    "pseudonym": "night-owl",
    "role": "worker",
    "posting_suspended_until": "2031-01-01T00:00:00Z",
    "suspension_reason": "Posted completion codes three times after warnings.",
}
OWN_ACCOUNT = (
    "Own account",
    {"detail": "You can't act on your own account.", "code": "permission_denied"},
)


@extend_schema(
    tags=[TAG],
    summary="Suspend an account's posting (moderators)",
    description=(
        "Until the given time the account can't post reviews, flags, claims, replies or "
        "comments. Suspending a moderator or an admin takes an admin. The account is told why."
    ),
    request=SuspendSerializer,
    examples=_request_example(
        "Until New Year",
        {"until": "2031-01-01T00:00:00Z", "reason": "Posted completion codes after warnings."},
    ),
    responses={
        200: _ok(AccountStateSerializer, "The account as it is now.", ACCOUNT_STATE),
        400: _error(
            "No reason, or an end in the past.",
            NO_REASON,
            (
                "Past end",
                {
                    "detail": "Some fields are not valid; see `errors`.",
                    "code": "invalid",
                    "errors": {"until": ["A suspension ends in the future."]},
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not suspend this account.", NOT_MODERATOR, OWN_ACCOUNT),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class UserSuspendView(AccountActionView):
    serializer_class = SuspendSerializer

    @staticmethod
    def act(moderator, user, **data):
        return user_suspend(moderator=moderator, user=user, **data)


@extend_schema(
    tags=[TAG],
    summary="Lift a posting suspension (moderators)",
    description="The account may post again at once, and is told so.",
    request=ModerationReasonSerializer,
    examples=_request_example("Appeal accepted", {"reason": "Appeal accepted; codes removed."}),
    responses={
        200: _ok(
            AccountStateSerializer,
            "The account as it is now.",
            {**ACCOUNT_STATE, "posting_suspended_until": None, "suspension_reason": ""},
        ),
        400: _error(
            "No reason, or the account isn't suspended.",
            NO_REASON,
            (
                "Not suspended",
                {"detail": "This account's posting isn't suspended.", "code": "refused"},
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not act on this account.", NOT_MODERATOR, OWN_ACCOUNT),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class UserUnsuspendView(AccountActionView):
    @staticmethod
    def act(moderator, user, **data):
        return user_unsuspend(moderator=moderator, user=user, **data)


@extend_schema(
    tags=[TAG],
    summary="Assign a role (admins)",
    description=(
        "Make an account a worker, moderator or admin. Only admins, never for themselves; "
        "the change is in the public moderation log."
    ),
    request=RoleSerializer,
    examples=_request_example(
        "New moderator", {"role": "moderator", "reason": "Elected by the forum, March 2025."}
    ),
    responses={
        200: _ok(
            AccountStateSerializer,
            "The account as it is now.",
            {
                **ACCOUNT_STATE,
                "role": "moderator",
                "posting_suspended_until": None,
                "suspension_reason": "",
            },
        ),
        400: _error(
            "No reason, an unknown role, or the account has that role already.",
            NO_REASON,
        ),
        401: UNAUTHENTICATED,
        403: _error(
            "Only admins assign roles.",
            ("Not an admin", {"detail": "Only admins can do this.", "code": "permission_denied"}),
        ),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class UserRoleView(AccountActionView):
    permission_classes = [IsAuthenticatedToken]
    serializer_class = RoleSerializer

    @staticmethod
    def act(admin, user, **data):
        return role_assign(admin=admin, user=user, **data)

"""Moderators' actions on flags and reviews: resolve a flag; hide, restore, ask for an edit,
lock and unlock the discussion."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.actions_serializers import (
    FlagResolveSerializer,
    FlagStateSerializer,
    ModerationReasonSerializer,
    ReviewStateSerializer,
)
from api.moderation.common import (
    NO_REASON,
    NOT_FOUND,
    NOT_MODERATOR,
    OWN_REVIEW,
    REASON_EXAMPLE,
    REVIEW_STATE,
    SUSPENDED,
    TAG,
    THROTTLED,
    UNAUTHENTICATED,
    IsModerator,
    _request_example,
)
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _ok
from api.throttles import WriteThrottle
from reviews.models import Flag, Review
from reviews.services.moderation import (
    flag_resolve,
    review_ask_edit,
    review_hide,
    review_lock_replies,
    review_restore,
    review_unlock_replies,
)


def _moderator_action_schema(summary: str, description: str, answer: dict, *refusals):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        description=description,
        request=ModerationReasonSerializer,
        examples=_request_example("A reason", REASON_EXAMPLE),
        responses={
            200: _ok(ReviewStateSerializer, "The review as it is now.", answer),
            400: _error(
                "No reason, or the action doesn't apply (already done, withdrawn review).",
                NO_REASON,
                *refusals,
            ),
            401: UNAUTHENTICATED,
            403: _error("You may not act on this review.", NOT_MODERATOR, OWN_REVIEW, SUSPENDED),
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )


# --- Flags and reviews ----------------------------------------------------------------------


@extend_schema(
    tags=[TAG],
    summary="Resolve a flag (moderators)",
    description=(
        "`dismiss` the flag, or `hide` the review, which resolves every open flag on it. The "
        "flagger is told the outcome and your public reason, never your name; the review's "
        "author is told only when the review is hidden, and never who flagged it."
    ),
    request=FlagResolveSerializer,
    examples=_request_example(
        "Hide the review", {"outcome": "hide", "reason": "Gives the survey's completion code."}
    ),
    responses={
        200: _ok(
            FlagStateSerializer,
            "The flag as it is now.",
            {
                "id": 77,
                "review_id": 812,
                "status": "acted_on",
                "resolved_at": "2025-03-15T08:00:00Z",
            },
        ),
        400: _error(
            "No reason, unknown outcome, or the flag is already resolved.",
            NO_REASON,
            ("Already resolved", {"detail": "This flag is already resolved.", "code": "refused"}),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not resolve this flag.", NOT_MODERATOR, OWN_REVIEW, SUSPENDED),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class FlagResolveView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]

    def post(self, request, flag_id: int):
        flag = get_object_or_404(Flag.objects.select_related("review__requester"), pk=flag_id)
        serializer = FlagResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = flag_resolve(flag=flag, moderator=request.user, **serializer.validated_data)
        return Response(FlagStateSerializer(flag).data)


class _ReviewActionView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]
    service = None

    def post(self, request, review_id: int):
        review = get_object_or_404(Review.objects.select_related("requester"), pk=review_id)
        serializer = ModerationReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = type(self).service(
            review=review, moderator=request.user, reason=serializer.validated_data["reason"]
        )
        review = Review.objects.select_related("requester__platform").get(pk=review.pk)
        return Response(ReviewStateSerializer(review).data)


ALREADY_HIDDEN = ("Already hidden", {"detail": "This review is already hidden.", "code": "refused"})


@_moderator_action_schema(
    "Hide a review (moderators)",
    "Takes the review out of public view and out of the scores (they recompute within "
    "seconds) and resolves its open flags. Its author still sees it, with your reason, which "
    "is also public in the moderation log and the hidden-reviews list.",
    REVIEW_STATE,
    ALREADY_HIDDEN,
)
class ReviewHideView(_ReviewActionView):
    service = staticmethod(review_hide)


@_moderator_action_schema(
    "Restore a hidden review (moderators)",
    "Puts a hidden review back into public view and the scores.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": ""},
    (
        "Not hidden",
        {
            "detail": "Only a hidden review can be restored; this one isn't hidden.",
            "code": "refused",
        },
    ),
)
class ReviewRestoreView(_ReviewActionView):
    service = staticmethod(review_restore)


@_moderator_action_schema(
    "Ask the author to edit a review (moderators)",
    "Tells the author (in the site and by e-mail) what to change; the review stays as it is.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": ""},
)
class ReviewAskEditView(_ReviewActionView):
    service = staticmethod(review_ask_edit)


@_moderator_action_schema(
    "Lock the discussion under a review (moderators)",
    "No new comments under the review until it is unlocked.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": "", "replies_locked": True},
    ("Already locked", {"detail": "Replies to this review are already locked.", "code": "refused"}),
)
class ReviewLockRepliesView(_ReviewActionView):
    service = staticmethod(review_lock_replies)


@_moderator_action_schema(
    "Unlock the discussion under a review (moderators)",
    "Comments under the review are allowed again.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": ""},
    ("Already open", {"detail": "Replies to this review are already open.", "code": "refused"}),
)
class ReviewUnlockRepliesView(_ReviewActionView):
    service = staticmethod(review_unlock_replies)

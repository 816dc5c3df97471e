"""OpenAPI documentation of the write endpoints (drf-spectacular), with examples of every
answer, kept apart so the views stay readable."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from api.errors import FlagConflictSerializer, ReviewConflictSerializer
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _success
from api.write.idempotency import IDEMPOTENCY_HEADER, IdempotencyKeyReused
from api.write.serializers import (
    FlagCreateSerializer,
    FlagSerializer,
    ReviewCreateSerializer,
    ReviewFieldsSerializer,
    ReviewSerializer,
)

TAG = "Write"


UNAUTHENTICATED = _error(
    "No token, or a token that is unknown or revoked.",
    (
        "No token",
        {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"},
    ),
    (
        "Revoked token",
        {
            "detail": "Invalid or revoked API token. Create a new one at /account/tokens/.",
            "code": "authentication_failed",
        },
    ),
)
CANNOT_POST = (
    "Unverified e-mail",
    {"detail": "Verify your e-mail address before posting.", "code": "permission_denied"},
)
SUSPENDED = (
    "Suspended",
    {
        "detail": "Your posting is suspended until 2031-01-01 00:00 UTC.",
        "code": "permission_denied",
    },
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next write.",
)
THROTTLED = _error(
    "Too many writes; the Retry-After header says how many seconds to wait.",
    (
        "Throttled",
        {
            "detail": "Request was throttled. Expected available in 42 seconds.",
            "code": "throttled",
        },
    ),
)
NOT_FOUND = ("Not found", {"detail": "Not found.", "code": "not_found"})
REVIEW_EXAMPLE = {
    "platform": "mturk",
    "requester_id": "A1B2C3D4E5F6G7",
    "requester_name": "Psychology Lab",
    "task_title": "Decision-making survey (10 minutes)",
    "task_id": "3XYZGROUP",
    "reward": "2.00",
    "bonus": "0.50",
    "time_worked_seconds": 720,
    "did_not_finish": False,
    "outcome": "approved",
    "approval_seconds": 86400,
    "communication": "not_contacted",
    "recommend": True,
    "recommend_reason": "Paid fairly and approved within a day.",
    "text": "Clear instructions, attention checks were fair.",
}
REVIEW_ANSWER = {
    "id": 812,
    "platform": "mturk",
    "requester_id": "A1B2C3D4E5F6G7",
    "requester_name": "Psychology Lab",
    "task_title": "Decision-making survey (10 minutes)",
    "task_id": "3XYZGROUP",
    "reward": "2.00",
    "bonus": "0.50",
    "currency": "USD",
    "time_worked_seconds": 720,
    "did_not_finish": False,
    "outcome": "approved",
    "approval_seconds": 86400,
    "blocked": False,
    "communication": "not_contacted",
    "recommend": True,
    "recommend_reason": "Paid fairly and approved within a day.",
    "tos_violation": False,
    "tos_context": "",
    "broken_task": False,
    "broken_context": "",
    "unpaid_screener": False,
    "rating_pay": None,
    "rating_fair": None,
    "rating_fast": None,
    "rating_comm": None,
    "text": "Clear instructions, attention checks were fair.",
    "hourly_wage": "12.50",
    "status": "published",
    "created_at": "2025-03-14T09:26:53.589793Z",
    "updated_at": "2025-03-14T09:26:53.589793Z",
    "author": "night-owl",
}
FLAG_ANSWER = {
    "id": 77,
    "review_id": 812,
    "reason": "disclosure",
    "explanation": "The text gives the survey's code.",
    "status": "open",
    "created_at": "2025-03-14T10:02:11.000000Z",
}


INVALID_REVIEW = (
    "Invalid fields",
    {
        "detail": "Some fields are not valid; see `errors`.",
        "code": "invalid",
        "errors": {
            "requester_id": ["“x” is not a Amazon Mechanical Turk requester id: …."],
            "time_worked_seconds": ["Say how long the task took, or tick “didn't finish”."],
        },
    },
)


REVIEW_CREATE = extend_schema(
    tags=[TAG],
    summary="Post a review",
    description=(
        "Publishes a review under your pseudonym, with the same rules as the web form. The "
        "requester is created on first sight. Send an `Idempotency-Key` (any unique string, "
        "e.g. a UUID, 1–64 characters) so that retrying after a timeout can't create a second "
        "review: a retry with the same key and the same body answers 200 with the review the "
        "first attempt created (header `Idempotent-Replayed: true`); the same key with a "
        "different body is refused with 422. A second review of the same task (same task id, "
        "or same title when there is no id) is refused with 409 and the id of the existing "
        "review, which you can PATCH instead."
    ),
    parameters=[
        OpenApiParameter(
            IDEMPOTENCY_HEADER,
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            required=False,
            description="A key unique to this review (1–64 characters), repeated on retries.",
            examples=[OpenApiExample("UUID", value="5f0c9b7e-3c1a-4b8e-9a43-2f8d1f1f6a10")],
        ),
        OpenApiParameter(
            "Idempotent-Replayed",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            response=[200],
            description="`true` when the answer is the review an earlier attempt created.",
        ),
        RETRY_AFTER,
    ],
    request=ReviewCreateSerializer,
    examples=[OpenApiExample("A finished, approved task", value=REVIEW_EXAMPLE, request_only=True)],
    responses={
        201: _success(ReviewSerializer, "The review was created.", REVIEW_ANSWER),
        200: _success(
            ReviewSerializer,
            "A retry: the review this Idempotency-Key created earlier.",
            REVIEW_ANSWER,
        ),
        400: _error("Invalid input; nothing was saved.", INVALID_REVIEW),
        401: UNAUTHENTICATED,
        403: _error("You may not post now.", CANNOT_POST, SUSPENDED),
        409: _error(
            "You already reviewed this task for this requester.",
            (
                "Already reviewed",
                {
                    "detail": "You already reviewed this task for this requester. "
                    "Edit that review instead.",
                    "code": "review_exists",
                    "review": {
                        "id": 812,
                        "url": "https://lantern.example/api/v1/reviews/812",
                        "web_url": "https://lantern.example/reviews/812/",
                    },
                },
            ),
            serializer=ReviewConflictSerializer,
        ),
        422: _error(
            "The Idempotency-Key was used before with a different body.",
            (
                "Key reused",
                {
                    "detail": IdempotencyKeyReused.default_detail,
                    "code": "idempotency_key_reused",
                },
            ),
        ),
        429: THROTTLED,
    },
)


REVIEW_UPDATE = extend_schema(
    tags=[TAG],
    parameters=[RETRY_AFTER],
    summary="Edit your review",
    description=(
        "Changes the fields you send and keeps the earlier version as a revision. Only the "
        "review's author can edit it; anyone else's review answers 404, as on the site, so "
        "review ids reveal nothing. Who is reviewed (platform, requester) can't change."
    ),
    request=ReviewFieldsSerializer(partial=True),
    examples=[
        OpenApiExample(
            "Approved after all",
            value={"outcome": "overturned", "approval_seconds": 172800},
            request_only=True,
        )
    ],
    responses={
        200: _success(
            ReviewSerializer,
            "The review as it is now.",
            {**REVIEW_ANSWER, "outcome": "overturned", "approval_seconds": 172800},
        ),
        400: _error(
            "Invalid input, or the review is withdrawn; nothing was saved.",
            INVALID_REVIEW,
            (
                "Withdrawn",
                {
                    "detail": "A withdrawn review can't be edited.",
                    "code": "invalid",
                    "errors": {"non_field_errors": ["A withdrawn review can't be edited."]},
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not post now.", CANNOT_POST, SUSPENDED),
        404: _error("No review of yours has this id.", NOT_FOUND),
        429: THROTTLED,
    },
)


FLAG_CREATE = extend_schema(
    tags=[TAG],
    parameters=[RETRY_AFTER],
    summary="Flag a review for moderators",
    description=(
        "Reports a published review that breaks the rules. Each worker can flag a review "
        "once; `other` needs an explanation. You can't flag your own review. Flags are "
        "private: neither the public nor the review's author learns who flagged it, and this "
        "answer shows only your own flag."
    ),
    request=FlagCreateSerializer,
    examples=[
        OpenApiExample(
            "Discloses a completion code",
            value={"reason": "disclosure", "explanation": "The text gives the survey's code."},
            request_only=True,
        )
    ],
    responses={
        201: _success(FlagSerializer, "Your flag was recorded.", FLAG_ANSWER),
        400: _error(
            "Invalid input; nothing was saved.",
            (
                "Other without explanation",
                {
                    "detail": "Some fields are not valid; see `errors`.",
                    "code": "invalid",
                    "errors": {"explanation": ["Say what is wrong when the reason is “Other”."]},
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error(
            "You may not flag this review.",
            (
                "Own review",
                {
                    "detail": "You can't flag your own review; edit or withdraw it instead.",
                    "code": "permission_denied",
                },
            ),
            CANNOT_POST,
        ),
        404: _error("No published review has this id.", NOT_FOUND),
        409: _error(
            "You already flagged this review.",
            (
                "Already flagged",
                {
                    "detail": "You already flagged this review; a moderator will look at it.",
                    "code": "flag_exists",
                    "flag": {"id": 77},
                },
            ),
            serializer=FlagConflictSerializer,
        ),
        429: THROTTLED,
    },
)

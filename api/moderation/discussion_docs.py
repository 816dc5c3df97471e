"""OpenAPI documentation shared by the reply, dispute and comment endpoints: example
answers and the refusals each kind of write can meet."""

from drf_spectacular.utils import OpenApiResponse

from api.moderation.discussion_serializers import DisputeSerializer
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _success

TAG = "Disputes, replies and comments"


def refused(detail: str) -> dict:
    return {"detail": detail, "code": "permission_denied"}


def invalid(field: str, message: str) -> dict:
    return {
        "detail": message
        if field == "non_field_errors"
        else "Some fields are not valid; see `errors`.",
        "code": "invalid",
        "errors": {field: [message]},
    }


UNAUTHENTICATED = _error(
    "No token, or a token that is unknown or revoked.",
    (
        "No token",
        {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"},
    ),
)


THROTTLED = _error(
    "Too many writes; the Retry-After header says how many seconds to wait.",
    (
        "Throttled",
        {"detail": "Request was throttled. Expected available in 42 seconds.", "code": "throttled"},
    ),
)


NOT_FOUND = ("Not found", {"detail": "Not found.", "code": "not_found"})


SUSPENDED = ("Suspended", refused("Your posting is suspended until 2031-01-01 00:00 UTC."))


NOT_MODERATOR = ("Not a moderator", refused("Only moderators can do this."))


PARTY = (
    "A party",
    refused("You wrote the disputed review; another moderator must decide."),
)


ALREADY_DECIDED = (
    "Already decided",
    invalid(
        "non_field_errors",
        "This dispute was already decided; a decision is made once. The losing side may appeal it.",
    ),
)


REPLY_ANSWER = {
    "id": 31,
    "review_id": 812,
    "requester_name": "Psychology Lab",
    "author": "psych-lab-team",
    "text": "We fixed the broken link on 14 March and paid everyone affected.",
    "created_at": "2025-03-15T08:00:00Z",
}


COMMENT_ANSWER = {
    "id": 5,
    "review_id": 812,
    "author": "night-owl",
    "author_role": "worker",
    "text": "Same here: approved within a day.",
    "status": "visible",
    "created_at": "2025-03-15T09:12:00Z",
}


DISPUTE_ANSWER = {
    "id": 9,
    "review_id": 812,
    "requester": {"platform": "mturk", "external_id": "A1B2C3D4E5F6G7", "name": "Psychology Lab"},
    "review_author": "early-bird",
    "opened_by": "psych-lab-team",
    "ground": "false",
    "statement": "Our records show this worker's submission was approved and paid.",
    "status": "decided",
    "created_at": "2025-03-15T08:10:00Z",
    "author_answer": "It was rejected first; the approval came after I wrote.",
    "author_answered_at": "2025-03-15T12:00:00Z",
    "decision": "ask_edit",
    "rationale": "Both accounts agree the rejection was overturned; the review should say so.",
    "decided_by": "fair-mod",
    "decided_at": "2025-03-16T10:00:00Z",
    "appealed_by": None,
    "appeal_statement": None,
    "appealed_at": None,
    "appeal_decision": None,
    "appeal_rationale": None,
    "appeal_decided_by": None,
    "appeal_decided_at": None,
    "actions": ["appeal"],
    "web_url": "https://lantern.example/disputes/9/",
}


DISCUSSION_ANSWER = {
    "review_id": 812,
    "replies_locked": False,
    "reply": REPLY_ANSWER,
    "comments": [
        COMMENT_ANSWER,
        {
            **COMMENT_ANSWER,
            "id": 6,
            "author": "troll-42",
            "text": None,
            "status": "hidden",
            "created_at": "2025-03-15T10:00:00Z",
        },
    ],
}


def post_responses(
    success: OpenApiResponse, forbidden: OpenApiResponse, invalid: OpenApiResponse, not_found: str
) -> dict:
    return {
        201: success,
        400: invalid,
        401: UNAUTHENTICATED,
        403: forbidden,
        404: _error(not_found, NOT_FOUND),
        429: THROTTLED,
    }


def dispute_responses(forbidden: OpenApiResponse, invalid: OpenApiResponse, example: dict):
    responses = post_responses(
        _success(DisputeSerializer, "The dispute as it is now.", example),
        forbidden,
        invalid,
        "No dispute has this id.",
    )
    responses[200] = responses.pop(201)
    return responses

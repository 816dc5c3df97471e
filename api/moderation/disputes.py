"""Disputes through the API: the same operations as the web pages.

Views are thin: parse the body, call one service from reviews.services, serialize. The
services decide who may act (a forged call is refused like a forged form), and api.errors
turns their refusals into HTTP: PermissionDenied → 403, ValidationError → 400 with the field
messages. Writes need a personal token (401 without one); opening, answering and appealing
also need a verified e-mail and no suspension. A dispute is readable by its parties and
moderators only (404 for anyone else).
"""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.discussion_docs import (
    ALREADY_DECIDED,
    DISPUTE_ANSWER,
    NOT_FOUND,
    NOT_MODERATOR,
    PARTY,
    SUSPENDED,
    TAG,
    THROTTLED,
    UNAUTHENTICATED,
    dispute_responses,
    invalid,
    post_responses,
    refused,
)
from api.moderation.discussion_serializers import (
    AnswerInputSerializer,
    AppealSerializer,
    DecisionSerializer,
    DisputeOpenSerializer,
    DisputeSerializer,
)
from api.moderation.posting import Moderating, Posting, parsed
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _success
from api.throttles import ReadThrottle
from reviews.models import Dispute
from reviews.selectors.discussion import dispute_get, dispute_get_for, review_open_get
from reviews.services.disputes import (
    dispute_answer,
    dispute_appeal,
    dispute_decide,
    dispute_decide_appeal,
    dispute_open,
)


def _dispute_answer(request, dispute: Dispute, status_code: int = status.HTTP_200_OK):
    dispute = dispute_get(dispute_id=dispute.pk)  # with every join the answer needs
    data = DisputeSerializer(dispute, context={"request": request}).data
    return Response(data, status=status_code)


@extend_schema(
    tags=[TAG],
    summary="Dispute a review",
    description=(
        "For an approved representative of the reviewed requester only, on a published "
        "review with no dispute in progress. The review's author is told and may answer or "
        "edit; a moderator who is no party decides. A review decided once can be disputed "
        "again only after its author edits it."
    ),
    request=DisputeOpenSerializer,
    examples=[
        OpenApiExample(
            "Claimed false",
            value={"ground": "false", "statement": DISPUTE_ANSWER["statement"]},
            request_only=True,
        )
    ],
    responses=post_responses(
        _success(
            DisputeSerializer,
            "The dispute was opened.",
            {
                **DISPUTE_ANSWER,
                **{
                    key: None
                    for key in (
                        "author_answer",
                        "author_answered_at",
                        "decision",
                        "rationale",
                        "decided_by",
                        "decided_at",
                    )
                },
                "status": "open",
                "actions": [],
            },
        ),
        _error(
            "Not a representative of this requester, or you may not post now.",
            (
                "Not a representative",
                refused("Only an approved representative of this requester can do this."),
            ),
            SUSPENDED,
        ),
        _error(
            "Invalid input, or a dispute is already in progress; nothing was saved.",
            (
                "In progress",
                invalid(
                    "non_field_errors",
                    "This review already has a dispute in progress; follow it on its page.",
                ),
            ),
            ("No statement", invalid("statement", "Write your statement; it can't be empty.")),
        ),
        "No published review has this id.",
    ),
)
class DisputeOpenView(Posting):
    def post(self, request, review_id: int):
        review = review_open_get(review_id=review_id)
        data = parsed(DisputeOpenSerializer, request)
        dispute = dispute_open(review=review, representative=request.user, **data)
        return _dispute_answer(request, dispute, status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG],
    summary="Read a dispute",
    description=(
        "For the dispute's parties (the review's author, the requester's representatives) "
        "and moderators; anyone else gets 404. `actions` lists what you may do now."
    ),
    responses={
        200: _success(DisputeSerializer, "The dispute.", DISPUTE_ANSWER),
        401: UNAUTHENTICATED,
        404: _error("No dispute of yours has this id.", NOT_FOUND),
        429: THROTTLED,
    },
)
class DisputeDetailView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ReadThrottle]

    def get(self, request, dispute_id: int):
        dispute = dispute_get_for(dispute_id=dispute_id, user=request.user)
        return Response(DisputeSerializer(dispute, context={"request": request}).data)


@extend_schema(
    tags=[TAG],
    summary="Answer a dispute of your review",
    description="For the review's author, once, while the dispute is open.",
    request=AnswerInputSerializer,
    examples=[
        OpenApiExample(
            "An answer", value={"text": DISPUTE_ANSWER["author_answer"]}, request_only=True
        )
    ],
    responses=dispute_responses(
        _error(
            "Not the review's author, or you may not post now.",
            ("Not the author", refused("Only the review's author can answer a dispute.")),
            SUSPENDED,
        ),
        _error(
            "Already answered or decided, or empty text.",
            (
                "Already answered",
                invalid(
                    "non_field_errors",
                    "You already answered this dispute; an answer is given once.",
                ),
            ),
        ),
        {**DISPUTE_ANSWER, "status": "open", "decision": None, "actions": []},
    ),
)
class DisputeAnswerView(Posting):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_answer(
            dispute=dispute, author=request.user, **parsed(AnswerInputSerializer, request)
        )
        return _dispute_answer(request, dispute)


@extend_schema(
    tags=[TAG],
    summary="Decide a dispute",
    description=(
        "For a moderator who is no party (not the review's author, not a representative of "
        "the requester), once. `hide` takes the review out of public view and the scores; "
        "`ask_edit` asks its author to edit it; `uphold` changes nothing. The rationale is "
        "public. Both sides are told; the losing side may appeal."
    ),
    request=DecisionSerializer,
    examples=[
        OpenApiExample(
            "Ask for an edit",
            value={"decision": "ask_edit", "rationale": DISPUTE_ANSWER["rationale"]},
            request_only=True,
        )
    ],
    responses=dispute_responses(
        _error("Not a moderator, or a party to the dispute.", NOT_MODERATOR, PARTY),
        _error("Already decided, or invalid input.", ALREADY_DECIDED),
        DISPUTE_ANSWER,
    ),
)
class DisputeDecideView(Moderating):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_decide(
            dispute=dispute, moderator=request.user, **parsed(DecisionSerializer, request)
        )
        return _dispute_answer(request, dispute)


@extend_schema(
    tags=[TAG],
    summary="Appeal a dispute's decision",
    description=(
        "For the losing side, once, after the decision: the requester's representative when "
        "the review was upheld, the review's author when it was hidden or an edit was asked. "
        "A different moderator decides."
    ),
    request=AppealSerializer,
    examples=[
        OpenApiExample(
            "An appeal",
            value={"statement": "The approval came after the review; I'll say so."},
            request_only=True,
        )
    ],
    responses=dispute_responses(
        _error(
            "Not the losing side, or you may not post now.",
            (
                "Winning side",
                refused(
                    "The review was upheld, so only the requester's representative can appeal."
                ),
            ),
            SUSPENDED,
        ),
        _error(
            "Not decided yet, already appealed, or invalid input.",
            (
                "Already appealed",
                invalid(
                    "non_field_errors", "This dispute was already appealed; an appeal is made once."
                ),
            ),
        ),
        {
            **DISPUTE_ANSWER,
            "status": "appealed",
            "appealed_by": "review_author",
            "appeal_statement": "The approval came after the review; I'll say so.",
            "appealed_at": "2025-03-16T11:00:00Z",
            "actions": [],
        },
    ),
)
class DisputeAppealView(Posting):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_appeal(dispute=dispute, appellant=request.user, **parsed(AppealSerializer, request))
        return _dispute_answer(request, dispute)


@extend_schema(
    tags=[TAG],
    summary="Decide an appeal",
    description=(
        "For a moderator who is no party and did not make the first decision, once. The "
        "appeal decision replaces the first one and closes the dispute: `hide` hides the "
        "review; `uphold` or `ask_edit` after a first `hide` restore it to public view."
    ),
    request=DecisionSerializer,
    examples=[
        OpenApiExample(
            "Uphold on appeal",
            value={"decision": "uphold", "rationale": "The review was accurate when written."},
            request_only=True,
        )
    ],
    responses=dispute_responses(
        _error(
            "Not a moderator, a party, or the moderator who made the first decision.",
            NOT_MODERATOR,
            (
                "First decider",
                refused("You made the first decision; the appeal goes to a different moderator."),
            ),
        ),
        _error(
            "No appeal to decide, already decided, or invalid input.",
            (
                "Already decided",
                invalid(
                    "non_field_errors",
                    "This appeal was already decided; the dispute is closed for good.",
                ),
            ),
        ),
        {
            **DISPUTE_ANSWER,
            "status": "closed",
            "appealed_by": "review_author",
            "appeal_statement": "The approval came after the review; I'll say so.",
            "appealed_at": "2025-03-16T11:00:00Z",
            "appeal_decision": "uphold",
            "appeal_rationale": "The review was accurate when written.",
            "appeal_decided_by": "second-mod",
            "appeal_decided_at": "2025-03-17T09:00:00Z",
            "actions": [],
        },
    ),
)
class DisputeDecideAppealView(Moderating):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_decide_appeal(
            dispute=dispute, moderator=request.user, **parsed(DecisionSerializer, request)
        )
        return _dispute_answer(request, dispute)

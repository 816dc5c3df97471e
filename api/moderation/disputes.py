"""Replies, disputes and comments through the API: the same operations as the web pages.

Views are thin: parse the body, call one service from reviews.services, serialize. The
services decide who may act (a forged call is refused like a forged form), and api.errors
turns their refusals into HTTP: PermissionDenied → 403, ValidationError → 400 with the field
messages. Writes need a personal token (401 without one); posting (reply, dispute, answer,
appeal, comment) also needs a verified e-mail and no suspension. A dispute is readable by
its parties and moderators only (404 for anyone else). No answer ever carries an e-mail
address or a user id: people appear by pseudonym.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _success
from api.throttles import ReadThrottle, WriteThrottle
from api.write.permissions import CanPost
from reviews.models import Comment, Dispute, RequesterReply
from reviews.selectors.discussion import (
    ShownComment,
    comment_get,
    comment_shown,
    dispute_get,
    dispute_get_for,
    review_comments,
    review_open_get,
    review_reply_get,
)
from reviews.services.comments import COMMENT_MAX_LENGTH, comment_create, comment_hide
from reviews.services.disputes import (
    RATIONALE_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    dispute_actions,
    dispute_answer,
    dispute_appeal,
    dispute_decide,
    dispute_decide_appeal,
    dispute_open,
)
from reviews.services.moderation_log import REASON_MAX_LENGTH
from reviews.services.replies import REPLY_MAX_LENGTH, reply_create

TAG = "Disputes, replies and comments"

# --- Serializers: parse input, shape output; no writes ------------------------------------


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=REPLY_MAX_LENGTH, trim_whitespace=True)


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


class AnswerInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=STATEMENT_MAX_LENGTH)


class DisputeOpenSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=Dispute.Ground.choices)
    statement = serializers.CharField(
        max_length=STATEMENT_MAX_LENGTH,
        help_text="Seen by the review's author and moderators, not the public.",
    )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Dispute.Decision.choices)
    rationale = serializers.CharField(
        max_length=RATIONALE_MAX_LENGTH,
        help_text="Public: shown under the review and in the moderation log.",
    )


class AppealSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=STATEMENT_MAX_LENGTH)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Public, in the moderation log."
    )


class ReplySerializer(serializers.ModelSerializer):
    requester_name = serializers.CharField(source="review.requester.display_name")
    author = serializers.CharField(
        source="author.profile.pseudonym", help_text="The representative who posted it."
    )

    class Meta:
        model = RequesterReply
        fields = ["id", "review_id", "requester_name", "author", "text", "created_at"]


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="comment.pk")
    review_id = serializers.IntegerField(source="comment.review_id")
    author = serializers.CharField(source="comment.author.profile.pseudonym")
    author_role = serializers.ChoiceField(
        choices=["worker", "review_author", "requester_representative"],
        help_text="Which side is speaking: any worker, the review's author, or a "
        "representative of the reviewed requester.",
    )
    text = serializers.CharField(
        allow_null=True, help_text="null when a moderator hid the comment (except to moderators)."
    )
    status = serializers.ChoiceField(source="comment.status", choices=Comment.Status.choices)
    created_at = serializers.DateTimeField(source="comment.created_at")


class DiscussionSerializer(serializers.Serializer):
    review_id = serializers.IntegerField()
    replies_locked = serializers.BooleanField(help_text="true: no new comments or reply.")
    reply = ReplySerializer(allow_null=True, help_text="The requester's reply, if any.")
    comments = CommentSerializer(many=True)


class RequesterRefSerializer(serializers.Serializer):
    platform = serializers.CharField(source="platform.slug")
    external_id = serializers.CharField()
    name = serializers.CharField(source="display_name")


def _decision_field(**kwargs) -> serializers.ChoiceField:
    """A decision, or null before it is made."""
    return serializers.ChoiceField(choices=Dispute.Decision.choices, allow_null=True, **kwargs)


class DisputeSerializer(serializers.ModelSerializer):
    """A dispute as its parties and moderators see it; people by pseudonym only."""

    requester = RequesterRefSerializer(source="review.requester")
    review_author = serializers.CharField(source="review.author.profile.pseudonym")
    opened_by = serializers.CharField(source="opened_by.profile.pseudonym")
    author_answer = serializers.CharField(allow_null=True)
    decision = _decision_field()
    rationale = serializers.CharField(allow_null=True, help_text="Public.")
    decided_by = serializers.CharField(source="decided_by.profile.pseudonym", allow_null=True)
    appealed_by = serializers.SerializerMethodField(
        help_text="Which side appealed: `review_author` or `requester`; null if none."
    )
    appeal_statement = serializers.CharField(allow_null=True)
    appeal_decision = _decision_field()
    appeal_rationale = serializers.CharField(allow_null=True, help_text="Public.")
    appeal_decided_by = serializers.CharField(
        source="appeal_decided_by.profile.pseudonym", allow_null=True
    )
    actions = serializers.SerializerMethodField(
        help_text="What you may do now: any of answer, decide, appeal, decide_appeal."
    )
    web_url = serializers.SerializerMethodField()

    # Empty text fields of the model mean "not yet": null in the API.
    BLANK_AS_NULL = (
        "author_answer",
        "decision",
        "rationale",
        "appeal_statement",
        "appeal_decision",
        "appeal_rationale",
    )

    class Meta:
        model = Dispute
        fields = [
            "id",
            "review_id",
            "requester",
            "review_author",
            "opened_by",
            "ground",
            "statement",
            "status",
            "created_at",
            "author_answer",
            "author_answered_at",
            "decision",
            "rationale",
            "decided_by",
            "decided_at",
            "appealed_by",
            "appeal_statement",
            "appealed_at",
            "appeal_decision",
            "appeal_rationale",
            "appeal_decided_by",
            "appeal_decided_at",
            "actions",
            "web_url",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in self.BLANK_AS_NULL:
            if data[name] == "":
                data[name] = None
        return data

    def get_appealed_by(self, dispute: Dispute) -> str | None:
        if dispute.appealed_by_id is None:
            return None
        return (
            "review_author" if dispute.appealed_by_id == dispute.review.author_id else "requester"
        )

    def get_actions(self, dispute: Dispute) -> list[str]:
        return dispute_actions(dispute=dispute, user=self.context["request"].user)

    def get_web_url(self, dispute: Dispute) -> str:
        url = reverse("reviews:dispute_detail", args=[dispute.pk])
        return self.context["request"].build_absolute_uri(url)


# --- Documentation ------------------------------------------------------------------------


def _refused(detail: str) -> dict:
    return {"detail": detail, "code": "permission_denied"}


def _invalid(field: str, message: str) -> dict:
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
SUSPENDED = ("Suspended", _refused("Your posting is suspended until 2031-01-01 00:00 UTC."))
NOT_MODERATOR = ("Not a moderator", _refused("Only moderators can do this."))
PARTY = (
    "A party",
    _refused("You wrote the disputed review; another moderator must decide."),
)
ALREADY_DECIDED = (
    "Already decided",
    _invalid(
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


def _post_responses(
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


def _dispute_responses(forbidden: OpenApiResponse, invalid: OpenApiResponse, example: dict):
    responses = _post_responses(
        _success(DisputeSerializer, "The dispute as it is now.", example),
        forbidden,
        invalid,
        "No dispute has this id.",
    )
    responses[200] = responses.pop(201)
    return responses


# --- Views --------------------------------------------------------------------------------


class _Write(APIView):
    """Posting: a token, a verified e-mail, no suspension."""

    permission_classes = [CanPost]
    throttle_classes = [WriteThrottle]


class _Moderate(APIView):
    """Moderating: a token; the services check the role and that the moderator is no party."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteThrottle]


def _parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _dispute_answer(request, dispute: Dispute, status_code: int = status.HTTP_200_OK):
    dispute = dispute_get(dispute_id=dispute.pk)  # with every join the answer needs
    data = DisputeSerializer(dispute, context={"request": request}).data
    return Response(data, status=status_code)


@extend_schema(
    tags=[TAG],
    summary="Post the requester's reply to a review",
    description=(
        "For an approved representative of the reviewed requester only. One public reply per "
        "review, shown under it and marked as the requester's; it can't be edited or deleted. "
        "The review must be published and its replies not locked by a moderator."
    ),
    request=TextSerializer,
    examples=[
        OpenApiExample(
            "A reply",
            value={"text": REPLY_ANSWER["text"]},
            request_only=True,
        )
    ],
    responses=_post_responses(
        _success(ReplySerializer, "The reply was posted.", REPLY_ANSWER),
        _error(
            "Not a representative of this requester, or you may not post now.",
            (
                "Not a representative",
                _refused("Only an approved representative of this requester can do this."),
            ),
            SUSPENDED,
        ),
        _error(
            "Empty text, a second reply, or replies locked; nothing was saved.",
            (
                "Second reply",
                _invalid(
                    "non_field_errors",
                    "This review already has the requester's reply. There is one reply per "
                    "review, and it can't be changed.",
                ),
            ),
            (
                "Locked",
                _invalid("non_field_errors", "A moderator locked replies to this review."),
            ),
        ),
        "No published review has this id.",
    ),
)
class ReplyCreateView(_Write):
    def post(self, request, review_id: int):
        review = review_open_get(review_id=review_id)
        reply = reply_create(review=review, author=request.user, **_parsed(TextSerializer, request))
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)


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
    responses=_post_responses(
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
                _refused("Only an approved representative of this requester can do this."),
            ),
            SUSPENDED,
        ),
        _error(
            "Invalid input, or a dispute is already in progress; nothing was saved.",
            (
                "In progress",
                _invalid(
                    "non_field_errors",
                    "This review already has a dispute in progress; follow it on its page.",
                ),
            ),
            ("No statement", _invalid("statement", "Write your statement; it can't be empty.")),
        ),
        "No published review has this id.",
    ),
)
class DisputeOpenView(_Write):
    def post(self, request, review_id: int):
        review = review_open_get(review_id=review_id)
        data = _parsed(DisputeOpenSerializer, request)
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
    responses=_dispute_responses(
        _error(
            "Not the review's author, or you may not post now.",
            ("Not the author", _refused("Only the review's author can answer a dispute.")),
            SUSPENDED,
        ),
        _error(
            "Already answered or decided, or empty text.",
            (
                "Already answered",
                _invalid(
                    "non_field_errors",
                    "You already answered this dispute; an answer is given once.",
                ),
            ),
        ),
        {**DISPUTE_ANSWER, "status": "open", "decision": None, "actions": []},
    ),
)
class DisputeAnswerView(_Write):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_answer(
            dispute=dispute, author=request.user, **_parsed(AnswerInputSerializer, request)
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
    responses=_dispute_responses(
        _error("Not a moderator, or a party to the dispute.", NOT_MODERATOR, PARTY),
        _error("Already decided, or invalid input.", ALREADY_DECIDED),
        DISPUTE_ANSWER,
    ),
)
class DisputeDecideView(_Moderate):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_decide(
            dispute=dispute, moderator=request.user, **_parsed(DecisionSerializer, request)
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
    responses=_dispute_responses(
        _error(
            "Not the losing side, or you may not post now.",
            (
                "Winning side",
                _refused(
                    "The review was upheld, so only the requester's representative can appeal."
                ),
            ),
            SUSPENDED,
        ),
        _error(
            "Not decided yet, already appealed, or invalid input.",
            (
                "Already appealed",
                _invalid(
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
class DisputeAppealView(_Write):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_appeal(
            dispute=dispute, appellant=request.user, **_parsed(AppealSerializer, request)
        )
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
    responses=_dispute_responses(
        _error(
            "Not a moderator, a party, or the moderator who made the first decision.",
            NOT_MODERATOR,
            (
                "First decider",
                _refused("You made the first decision; the appeal goes to a different moderator."),
            ),
        ),
        _error(
            "No appeal to decide, already decided, or invalid input.",
            (
                "Already decided",
                _invalid(
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
class DisputeDecideAppealView(_Moderate):
    def post(self, request, dispute_id: int):
        dispute = dispute_get(dispute_id=dispute_id)
        dispute_decide_appeal(
            dispute=dispute, moderator=request.user, **_parsed(DecisionSerializer, request)
        )
        return _dispute_answer(request, dispute)


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


class ReviewCommentsView(APIView):
    """GET: anyone; POST: anyone who may post."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [CanPost()]

    def get_throttles(self):
        return [ReadThrottle()] if self.request.method == "GET" else [WriteThrottle()]

    @extend_schema(
        tags=[TAG],
        summary="Read what is said under a review",
        description=(
            "The requester's reply and the comments under a published review, oldest first. "
            "A comment a moderator hid keeps its place with `text: null` (moderators see it)."
        ),
        responses={
            200: _success(DiscussionSerializer, "The reply and comments.", DISCUSSION_ANSWER),
            401: UNAUTHENTICATED,
            404: _error("No published review has this id.", NOT_FOUND),
            429: THROTTLED,
        },
    )
    def get(self, request, review_id: int):
        review = review_open_get(review_id=review_id)
        data = {
            "review_id": review.pk,
            "replies_locked": review.replies_locked,
            "reply": review_reply_get(review=review),
            "comments": review_comments(review=review, viewer=request.user),
        }
        return Response(DiscussionSerializer(data).data)

    @extend_schema(
        tags=[TAG],
        summary="Comment on a review",
        description=(
            "Any worker who may post, on a published review whose replies aren't locked. A "
            "comment by the review's author or by a representative of the requester is "
            "marked as such (`author_role`)."
        ),
        request=CommentInputSerializer,
        examples=[
            OpenApiExample("A comment", value={"text": COMMENT_ANSWER["text"]}, request_only=True)
        ],
        responses=_post_responses(
            _success(CommentSerializer, "The comment was posted.", COMMENT_ANSWER),
            _error(
                "You may not post now.",
                (
                    "Unverified e-mail",
                    _refused("Verify your e-mail address before posting."),
                ),
                SUSPENDED,
            ),
            _error(
                "Replies locked, or empty text; nothing was saved.",
                (
                    "Locked",
                    _invalid(
                        "non_field_errors",
                        "A moderator locked replies to this review: no new comments.",
                    ),
                ),
            ),
            "No published review has this id.",
        ),
    )
    def post(self, request, review_id: int):
        review = review_open_get(review_id=review_id)
        data = _parsed(CommentInputSerializer, request)
        comment = comment_create(review=review, author=request.user, **data)
        shown = comment_shown(comment=comment, viewer=request.user)
        return Response(CommentSerializer(shown).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG],
    summary="Hide a comment",
    description=(
        "For moderators, except on comments under their own review. The comment keeps its "
        "place with its text withheld; the reason is public in the moderation log and its "
        "author is told."
    ),
    request=ReasonSerializer,
    examples=[
        OpenApiExample(
            "Insult", value={"reason": "Personal insult towards the author."}, request_only=True
        )
    ],
    responses={
        200: _success(
            CommentSerializer,
            "The comment as moderators now see it.",
            {**COMMENT_ANSWER, "status": "hidden"},
        ),
        400: _error(
            "Already hidden, or no reason given.",
            ("Already hidden", _invalid("non_field_errors", "This comment is already hidden.")),
        ),
        401: UNAUTHENTICATED,
        403: _error("Not a moderator, or the comment is under your own review.", NOT_MODERATOR),
        404: _error("No comment has this id.", NOT_FOUND),
        429: THROTTLED,
    },
)
class CommentHideView(_Moderate):
    def post(self, request, comment_id: int):
        comment = comment_get(comment_id=comment_id)
        comment = comment_hide(
            comment=comment, moderator=request.user, **_parsed(ReasonSerializer, request)
        )
        shown: ShownComment = comment_shown(comment=comment, viewer=request.user)
        return Response(CommentSerializer(shown).data)

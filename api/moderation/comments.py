"""What is said under a review, through the API: the requester's reply and comments.

Thin views over reviews.services.replies and reviews.services.comments, which decide who
may post or hide (see api/moderation/disputes.py for how refusals become HTTP). Reading the
discussion needs no token; hidden comments show without their text except to moderators.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.discussion_docs import (
    COMMENT_ANSWER,
    DISCUSSION_ANSWER,
    NOT_FOUND,
    NOT_MODERATOR,
    REPLY_ANSWER,
    SUSPENDED,
    TAG,
    THROTTLED,
    UNAUTHENTICATED,
    invalid,
    post_responses,
    refused,
)
from api.moderation.discussion_serializers import (
    CommentInputSerializer,
    CommentSerializer,
    DiscussionSerializer,
    ReasonSerializer,
    ReplySerializer,
    TextSerializer,
)
from api.moderation.posting import Moderating, Posting, parsed
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _success
from api.throttles import ReadThrottle, WriteThrottle
from api.write.permissions import CanPost
from reviews.selectors.discussion import (
    ShownComment,
    comment_get,
    comment_shown,
    review_comments,
    review_open_get,
    review_reply_get,
)
from reviews.services.comments import comment_create, comment_hide
from reviews.services.replies import reply_create


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
    responses=post_responses(
        _success(ReplySerializer, "The reply was posted.", REPLY_ANSWER),
        _error(
            "Not a representative of this requester, or you may not post now.",
            (
                "Not a representative",
                refused("Only an approved representative of this requester can do this."),
            ),
            SUSPENDED,
        ),
        _error(
            "Empty text, a second reply, or replies locked; nothing was saved.",
            (
                "Second reply",
                invalid(
                    "non_field_errors",
                    "This review already has the requester's reply. There is one reply per "
                    "review, and it can't be changed.",
                ),
            ),
            (
                "Locked",
                invalid("non_field_errors", "A moderator locked replies to this review."),
            ),
        ),
        "No published review has this id.",
    ),
)
class ReplyCreateView(Posting):
    def post(self, request, review_id: int):
        review = review_open_get(review_id=review_id)
        reply = reply_create(review=review, author=request.user, **parsed(TextSerializer, request))
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)


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
        responses=post_responses(
            _success(CommentSerializer, "The comment was posted.", COMMENT_ANSWER),
            _error(
                "You may not post now.",
                (
                    "Unverified e-mail",
                    refused("Verify your e-mail address before posting."),
                ),
                SUSPENDED,
            ),
            _error(
                "Replies locked, or empty text; nothing was saved.",
                (
                    "Locked",
                    invalid(
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
        data = parsed(CommentInputSerializer, request)
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
            ("Already hidden", invalid("non_field_errors", "This comment is already hidden.")),
        ),
        401: UNAUTHENTICATED,
        403: _error("Not a moderator, or the comment is under your own review.", NOT_MODERATOR),
        404: _error("No comment has this id.", NOT_FOUND),
        429: THROTTLED,
    },
)
class CommentHideView(Moderating):
    def post(self, request, comment_id: int):
        comment = comment_get(comment_id=comment_id)
        comment = comment_hide(
            comment=comment, moderator=request.user, **parsed(ReasonSerializer, request)
        )
        shown: ShownComment = comment_shown(comment=comment, viewer=request.user)
        return Response(CommentSerializer(shown).data)

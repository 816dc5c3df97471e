"""Helpful votes through the API: mark someone else's published review helpful, or take the
mark back. The same service as the site's button (reviews.services.votes), so the same rules
and the same per-account limit; a token is needed, as for every write."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _success
from api.throttles import WriteThrottle
from api.write.permissions import CanPost
from api.write.schema import CANNOT_POST, NOT_FOUND, RETRY_AFTER, SUSPENDED, TAG, UNAUTHENTICATED
from reviews.models import Review
from reviews.selectors.reviews import review_for_vote_withdrawal, review_public_get
from reviews.services.votes import helpful_vote_cast, helpful_vote_withdraw


class HelpfulStateSerializer(serializers.Serializer):
    review_id = serializers.IntegerField()
    helpful = serializers.BooleanField(help_text="Whether you mark this review helpful now.")
    helpful_count = serializers.IntegerField(help_text="Live helpful votes on the review.")


def _state(review_id: int, helpful: bool) -> dict:
    count = Review.objects.filter(pk=review_id).values_list("helpful_count", flat=True).first()
    return {"review_id": review_id, "helpful": helpful, "helpful_count": count or 0}


VOTE_LIMITED = _error(
    "Too many votes: the per-account limit (HELPFUL_VOTES_PER_HOUR, votes and withdrawals "
    "together), or the API's write limit. Retry-After says how many seconds to wait.",
    (
        "Vote limit",
        {
            "detail": "You marked or unmarked 60 reviews as helpful in the last hour, the most "
            "Lantern allows. Try again in 12 minutes. Expected available in 701 seconds.",
            "code": "throttled",
        },
    ),
)


@extend_schema_view(
    post=extend_schema(
        tags=[TAG],
        summary="Mark a review helpful",
        description=(
            "One vote per account and review. Not on your own reviews, not on reviews of a "
            "requester you represent, only on published reviews (any other id answers 404). "
            "Votes and withdrawals together are limited per account per hour."
        ),
        request=None,
        parameters=[RETRY_AFTER],
        responses={
            201: _success(
                HelpfulStateSerializer,
                "Your vote counts.",
                {"review_id": 812, "helpful": True, "helpful_count": 5},
            ),
            401: UNAUTHENTICATED,
            403: _error(
                "You may not vote on this review, or not now.",
                (
                    "Own review",
                    {
                        "detail": "You can't mark your own review helpful.",
                        "code": "permission_denied",
                    },
                ),
                CANNOT_POST,
                SUSPENDED,
            ),
            404: _error("No published review has this id.", NOT_FOUND),
            409: _error(
                "You already marked this review helpful.",
                (
                    "Second vote",
                    {"detail": "You already marked this review helpful.", "code": "vote_exists"},
                ),
            ),
            429: VOTE_LIMITED,
        },
    ),
    delete=extend_schema(
        tags=[TAG],
        summary="Take back your helpful vote",
        description=(
            "Withdraws your vote on the review, also if the review was hidden since. Answers "
            "200 whether or not there was a vote to withdraw (`helpful` is then false)."
        ),
        parameters=[RETRY_AFTER],
        responses={
            200: _success(
                HelpfulStateSerializer,
                "Your vote no longer counts.",
                {"review_id": 812, "helpful": False, "helpful_count": 4},
            ),
            401: UNAUTHENTICATED,
            403: _error("You may not vote now.", CANNOT_POST, SUSPENDED),
            404: _error("No published review, nor one you voted on, has this id.", NOT_FOUND),
            429: VOTE_LIMITED,
        },
    ),
)
class HelpfulVoteView(APIView):
    permission_classes = [CanPost]
    throttle_classes = [WriteThrottle]

    def post(self, request, review_id: int):
        review = review_public_get(review_id=review_id)
        helpful_vote_cast(review=review, voter=request.user)
        return Response(_state(review.pk, True), status=status.HTTP_201_CREATED)

    def delete(self, request, review_id: int):
        review = review_for_vote_withdrawal(voter=request.user, review_id=review_id)
        helpful_vote_withdraw(review=review, voter=request.user)
        return Response(_state(review.pk, False))

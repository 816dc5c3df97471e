"""Write endpoints: post a review, edit your own, flag someone else's.

Each view validates the input, calls one service, and serializes the result. Errors become
HTTP answers in api.errors; the OpenAPI documentation is in api.write.schema. Every write
needs a personal token (401 without one), a verified e-mail and no posting suspension (403
with the reason), and is rate-limited per user.
"""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.throttles import WriteThrottle
from api.write import schema
from api.write.idempotency import (
    IDEMPOTENCY_HEADER,
    IdempotencyKeyReused,
    matches_original_request,
)
from api.write.permissions import CanPost
from api.write.serializers import (
    FlagCreateSerializer,
    FlagSerializer,
    ReviewCreateSerializer,
    ReviewFieldsSerializer,
    ReviewSerializer,
)
from reviews.http import request_origin
from reviews.selectors.reviews import review_by_idempotency_key, review_of_author, review_public_get
from reviews.services.flags import flag_create
from reviews.services.reviews import review_create, review_update


@schema.REVIEW_CREATE
class ReviewCreateView(APIView):
    permission_classes = [CanPost]
    throttle_classes = [WriteThrottle]

    def post(self, request):
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = request.headers.get(IDEMPOTENCY_HEADER)
        replayed = (
            key is not None and review_by_idempotency_key(author=request.user, key=key) is not None
        )
        review = review_create(
            author=request.user, idempotency_key=key, origin=request_origin(request), **data
        )
        if not replayed:
            return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
        if not matches_original_request(review, data):
            raise IdempotencyKeyReused()
        return Response(
            ReviewSerializer(review).data,
            status=status.HTTP_200_OK,
            headers={"Idempotent-Replayed": "true"},
        )


@schema.REVIEW_UPDATE
class ReviewUpdateView(APIView):
    permission_classes = [CanPost]
    throttle_classes = [WriteThrottle]

    def patch(self, request, review_id: int):
        review = review_of_author(author=request.user, review_id=review_id)
        serializer = ReviewFieldsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        review = review_update(
            review=review,
            editor=request.user,
            origin=request_origin(request),
            **serializer.validated_data,
        )
        return Response(ReviewSerializer(review).data)


@schema.FLAG_CREATE
class FlagCreateView(APIView):
    permission_classes = [CanPost]
    throttle_classes = [WriteThrottle]

    def post(self, request, review_id: int):
        review = review_public_get(review_id=review_id)
        serializer = FlagCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = flag_create(
            review=review,
            flagger=request.user,
            origin=request_origin(request),
            **serializer.validated_data,
        )
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)

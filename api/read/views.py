"""Read endpoints: open to anyone, no account needed; token holders get higher limits.

Thin views: validate the input, call one selector (or the score reader), serialize. The bulk
lookup and the legacy shapes answer with bytes joined from pre-serialised snapshots (see
api/read/lookup.py); nothing in them logs or stores which ids were asked for.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from api.read import examples
from api.read.common import (
    ETAG_HEADER,
    INVALID_LOOKUP,
    NOT_FOUND,
    NOT_MODIFIED,
    TAG,
    THROTTLED,
    UNAVAILABLE,
    ScoresUnavailableError,
    not_modified,
)
from api.read.compact import compact_or_400
from api.read.lookup import (
    ids_or_400,
    lookup_headers,
    lookup_response,
    platform_or_400,
    score_lookup,
    split_ids,
)
from api.read.serializers import (
    LOOKUP_ANSWER_DOC,
    LookupRequestSerializer,
    RequesterDetailSerializer,
    RequesterReviewSerializer,
    ReviewsQuerySerializer,
)
from api.schema_docs import error_response as error
from api.score_reader import ScoresUnavailable, score_reader
from api.throttles import ReadThrottle
from reviews.selectors.requesters import requester_get
from reviews.selectors.reviews import requester_reviews_for_api
from reviews.selectors.scores import (
    requester_score_get,
)


class UnloggedLookup:
    """For the views whose query names the requesters a worker looks at.

    Django logs every 4xx/5xx answer on "django.request" with the request attached, and the
    request's repr carries the query string (so would any formatter or mail handler that
    shows it). These views' refusals (400, 429, 503) say nothing an operator needs per
    request, so they are marked as logged already and never reach a log. gunicorn's access
    log is off and nginx logs the path without its query (deploy/).
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            response._has_been_logged = True
        return response


# --- The bulk lookup ----------------------------------------------------------------------

LOOKUP_DESCRIPTION = """\
Scores of up to 100 requesters of one platform in one call: the call a browser extension
makes on every task-list page. One result per distinct id, in the order asked:

- `found`: the published snapshot, both windows (`all`, `recent`: the last 90 days), with the
  all-time review count `n`, its `confidence`, the requester's `name` and `computed_at`;
- `not_found`: no published score for this id (unknown, or not scored yet);
- `invalid_id`: the id can't be one of this platform's (see `/api/v1/platforms`).

Served from memory: new scores appear within seconds of their computation. Answers carry an
`ETag` (send it back in `If-None-Match` for a 304) and `Cache-Control: public, max-age=60`;
ask with `Accept-Encoding: gzip` for a compressed answer. No account needed; with a token the
rate limit is higher. Nothing records which ids a client asked for.

While the score cache (Redis) is unreachable, lookups still answer, from this server's memory
or else from PostgreSQL, with the same items and `degraded: true` (`false` otherwise) and
`max-age=0`; 503 only if PostgreSQL is down too.

`fields=compact` answers the same lookup in a compact form for slow connections (at most
300 bytes per requester instead of ~2 kB, its own ETag): per window (`all`, `recent`) the
review count `n`, the median hourly wage `wage` with the number of timed reviews `wage_n`,
and `rejected`, `blocked`, `recommend` as percentages of the reviews that answered (null when
none did). The requester's page is `/r/<platform>/<id>/`."""


class RequesterScoresView(UnloggedLookup, APIView):
    throttle_classes = [ReadThrottle]

    @extend_schema(
        tags=[TAG],
        operation_id="requester_scores_lookup",
        summary="Look up the scores of many requesters",
        description=LOOKUP_DESCRIPTION,
        parameters=[
            OpenApiParameter(
                "platform", OpenApiTypes.STR, required=True, description="Platform slug."
            ),
            OpenApiParameter(
                "ids",
                OpenApiTypes.STR,
                required=True,
                description="Comma-separated requester ids, at most 100.",
            ),
            OpenApiParameter(
                "fields",
                OpenApiTypes.STR,
                required=False,
                enum=["full", "compact"],
                description="`compact`: only what an extension shows (see above); "
                "`full` (the default): both windows' whole snapshot.",
            ),
            ETAG_HEADER,
        ],
        responses={
            200: OpenApiResponse(LOOKUP_ANSWER_DOC, description="One result per id."),
            304: NOT_MODIFIED,
            400: INVALID_LOOKUP,
            429: THROTTLED,
            503: UNAVAILABLE,
        },
        examples=[
            OpenApiExample(
                "Three ids",
                value=examples.LOOKUP_ANSWER,
                response_only=True,
                description="GET /api/v1/requesters/scores"
                "?platform=mturk&ids=A1B2C3D4E5F6G7,A9Z8Y7X6W5V4U3,not-an-id",
            ),
            OpenApiExample(
                "Redis down",
                value=examples.LOOKUP_DEGRADED,
                response_only=True,
                description="The same lookup while the score cache is unreachable: the same "
                "items, from this server's memory or PostgreSQL, `degraded` true.",
            ),
            OpenApiExample(
                "Compact",
                value=examples.COMPACT_ANSWER,
                response_only=True,
                description="GET /api/v1/requesters/scores?platform=mturk&fields=compact"
                "&ids=A1B2C3D4E5F6G7,A9Z8Y7X6W5V4U3,not-an-id",
            ),
        ],
    )
    def get(self, request):
        params = request.query_params
        ids = split_ids(params.getlist("ids"))
        return self.answer(request, params.get("platform"), ids, params.get("fields"))

    @extend_schema(
        tags=[TAG],
        operation_id="requester_scores_lookup_post",
        summary="Look up the scores of many requesters (ids in the body)",
        description="The same lookup with the ids in a JSON body, for clients that would "
        "rather not put them in a URL. Same answer as the GET form.",
        request=LookupRequestSerializer,
        responses={
            200: OpenApiResponse(LOOKUP_ANSWER_DOC, description="One result per id."),
            400: INVALID_LOOKUP,
            429: THROTTLED,
            503: UNAVAILABLE,
        },
        examples=[
            OpenApiExample("Three ids", value=examples.LOOKUP_REQUEST, request_only=True),
            OpenApiExample("Three ids", value=examples.LOOKUP_ANSWER, response_only=True),
        ],
    )
    def post(self, request):
        data = request.data
        if not isinstance(data, dict):
            raise ValidationError({"ids": ['Send a JSON object: {"platform": …, "ids": […]}.']})
        return self.answer(request, data.get("platform"), data.get("ids"), data.get("fields"))

    def answer(self, request, platform_slug, ids, fields):
        errors: dict = {}  # every problem of the request at once, not only the first
        try:
            platform = _checked(errors, platform_or_400, platform_slug)
        except ScoresUnavailable as exc:
            raise ScoresUnavailableError from exc
        ids = _checked(errors, ids_or_400, ids)
        compact = _checked(errors, compact_or_400, fields)
        if errors:
            raise ValidationError(errors)
        try:
            result = score_lookup(platform, ids, compact=compact)
        except ScoresUnavailable as exc:
            raise ScoresUnavailableError from exc
        unchanged = not_modified(request, etag=result.etag, headers=lookup_headers(result))
        if unchanged is not None:
            return unchanged
        return lookup_response(request, result)


def _checked(errors: dict, check, value):
    """check(value), or None with its ValidationError's messages added to `errors`."""
    try:
        return check(value)
    except ValidationError as exc:
        errors.update(exc.detail)
        return None


# --- Requesters ---------------------------------------------------------------------------


class RequesterDetailView(APIView):
    throttle_classes = [ReadThrottle]

    @extend_schema(
        tags=[TAG],
        summary="One requester",
        description="Name, former names and the published score snapshot (null until the "
        "first is computed).",
        responses={
            200: RequesterDetailSerializer,
            404: NOT_FOUND,
            429: THROTTLED,
        },
        examples=[
            OpenApiExample(
                "A scored requester",
                value=examples.REQUESTER_DETAIL,
                response_only=True,
                description="GET /api/v1/requesters/mturk/A1B2C3D4E5F6G7",
            )
        ],
    )
    def get(self, request, platform: str, external_id: str):
        requester = requester_get(platform=platform, external_id=external_id)
        score = requester_score_get(requester=requester)
        score_reader.sync()
        context = {"score": score, "degraded": score_reader.degraded}
        return Response(RequesterDetailSerializer(requester, context=context).data)


class ReviewCursorPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class RequesterReviewsView(ListAPIView):
    """Published reviews only, newest first, each under its author's pseudonym."""

    throttle_classes = [ReadThrottle]
    serializer_class = RequesterReviewSerializer
    pagination_class = ReviewCursorPagination

    def get_queryset(self):
        query = ReviewsQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        requester = requester_get(
            platform=self.kwargs["platform"], external_id=self.kwargs["external_id"]
        )
        since = None
        if query.validated_data["window"] == "recent":
            since = timezone.now() - timezone.timedelta(days=settings.SCORES_RECENT_DAYS)
        return requester_reviews_for_api(
            requester=requester, since=since, outcome=query.validated_data.get("outcome", "")
        )

    @extend_schema(
        tags=[TAG],
        summary="A requester's reviews",
        description="Published reviews, newest first, in pages of `page_size` (default 20, "
        "at most 100); follow `next` for the following page. Authors appear under their "
        "pseudonym only.",
        parameters=[ReviewsQuerySerializer],
        responses={
            200: RequesterReviewSerializer(many=True),
            400: error(
                "An unknown window or outcome.",
                (
                    "Unknown window",
                    {
                        "detail": "Some fields are not valid; see `errors`.",
                        "code": "invalid",
                        "errors": {"window": ["“week” is not a valid choice."]},
                    },
                ),
            ),
            404: NOT_FOUND,
            429: THROTTLED,
        },
        examples=[
            OpenApiExample(
                "First page",
                value=examples.REVIEWS_PAGE,
                response_only=True,
                description="GET /api/v1/requesters/mturk/A1B2C3D4E5F6G7/reviews?window=recent",
            )
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

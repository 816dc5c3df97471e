"""What moderators read: the queue of everything waiting, and the public moderation log."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.actions_serializers import (
    LogEntrySerializer,
    LogPageSerializer,
    QueueClaimSerializer,
    QueueDisputeSerializer,
    QueueReviewSerializer,
    QueueSerializer,
    QueueSignalSerializer,
)
from api.moderation.common import (
    LOG_PER_PAGE,
    NOT_MODERATOR,
    REQUESTER_EXAMPLE,
    TAG,
    UNAUTHENTICATED,
    IsModerator,
)
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _ok
from api.throttles import ReadThrottle
from reviews.models import Flag
from reviews.selectors.moderation import (
    QUEUE_SECTIONS,
    moderation_log,
    moderation_queue_counts,
    moderation_queue_section,
)

# --- The queue ------------------------------------------------------------------------------


@extend_schema(
    tags=[TAG],
    summary="The moderation queue (moderators)",
    description=(
        "Counts of everything waiting, and one page of one section: `flags` (reviews with open "
        "flags, one row per review, most flagged and longest waiting first, with the flags and "
        "their flaggers), `disputes`, `appeals`, `claims` (with the contact details to check) "
        "or `signals` (open abuse signals, strongest first)."
    ),
    parameters=[
        OpenApiParameter("section", OpenApiTypes.STR, enum=list(QUEUE_SECTIONS), required=False),
        OpenApiParameter("page", OpenApiTypes.INT, required=False),
    ],
    responses={
        200: _ok(
            QueueSerializer,
            "Counts and one page of the section asked for.",
            {
                "counts": {
                    "flags": 7,
                    "flagged_reviews": 3,
                    "disputes": 1,
                    "appeals": 0,
                    "claims": 2,
                    "signals": 0,
                },
                "section": "flags",
                "page": 1,
                "pages": 1,
                "flagged_reviews": [
                    {
                        "review_id": 812,
                        "task_title": "Decision-making survey",
                        "status": "published",
                        "requester": REQUESTER_EXAMPLE,
                        "open_flags": 4,
                        "oldest_flag_at": "2025-03-14T10:02:11Z",
                        "flags": [
                            {
                                "id": 77,
                                "reason": "disclosure",
                                "explanation": "Gives the code.",
                                "flagger": "night-owl",
                                "created_at": "2025-03-14T10:02:11Z",
                            }
                        ],
                    }
                ],
            },
        ),
        400: _error(
            "Unknown section.",
            (
                "Unknown section",
                {
                    "detail": "Some fields are not valid; see `errors`.",
                    "code": "invalid",
                    "errors": {"section": ["Choose flags, disputes, appeals, claims or signals."]},
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("Only moderators see the queue.", NOT_MODERATOR),
    },
)
class ModerationQueueView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [ReadThrottle]

    SERIALIZERS = {
        "flags": ("flagged_reviews", QueueReviewSerializer),
        "disputes": ("disputes", QueueDisputeSerializer),
        "appeals": ("appeals", QueueDisputeSerializer),
        "claims": ("claims", QueueClaimSerializer),
        "signals": ("signals", QueueSignalSerializer),
    }

    def get(self, request):
        section = request.query_params.get("section", "flags")
        if section not in QUEUE_SECTIONS:
            raise drf_serializers.ValidationError(
                {"section": ["Choose flags, disputes, appeals, claims or signals."]}
            )
        items = moderation_queue_section(section)
        if section == "flags":
            open_flags = Flag.objects.filter(status=Flag.Status.OPEN).select_related(
                "flagger__profile"
            )
            items = items.prefetch_related(
                Prefetch("flags", queryset=open_flags, to_attr="open_flag_rows")
            )
        page = Paginator(items, settings.REVIEWS_PER_PAGE).get_page(
            request.query_params.get("page")
        )
        key, serializer = self.SERIALIZERS[section]
        return Response(
            {
                "counts": moderation_queue_counts(),
                "section": section,
                "page": page.number,
                "pages": page.paginator.num_pages,
                key: serializer(page.object_list, many=True).data,
            }
        )


# --- The public log -------------------------------------------------------------------------


@extend_schema(
    tags=[TAG],
    summary="The public moderation log",
    description=(
        "Every moderation action, newest first, 50 a page: when, what, the moderator's "
        "pseudonym, the reason, and what it concerned (a review's link only while it is "
        "public). Never e-mails, claim contacts, flaggers or network data. No account needed."
    ),
    parameters=[OpenApiParameter("page", OpenApiTypes.INT, required=False)],
    responses={
        200: _ok(
            LogPageSerializer,
            "One page of the log.",
            {
                "count": 1,
                "page": 1,
                "pages": 1,
                "results": [
                    {
                        "id": 5,
                        "created_at": "2025-03-15T08:00:00Z",
                        "kind": "review_hide",
                        "kind_label": "Hid a review",
                        "moderator": "lamplighter",
                        "reason": "Gives the survey's completion code.",
                        "review": {"id": 812, "public": False, "url": None},
                        "requester": REQUESTER_EXAMPLE,
                        "account": None,
                    }
                ],
            },
        ),
    },
)
class ModerationLogView(APIView):
    permission_classes = []
    throttle_classes = [ReadThrottle]

    def get(self, request):
        page = Paginator(moderation_log(), LOG_PER_PAGE).get_page(request.query_params.get("page"))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": LogEntrySerializer(page.object_list, many=True).data,
            }
        )

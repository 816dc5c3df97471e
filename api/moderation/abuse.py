"""Abuse-signal endpoints for moderators: list the signals, clear or confirm one.

Thin views over reviews.services.abuse: the services decide who may act (moderators with no
stake in the signal), so the answer here is the same as on the web. A missing token is 401;
a token whose holder may not act is 403 with the reason.
"""

from django.conf import settings
from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.abuse_serializers import (
    AbuseSignalPageSerializer,
    AbuseSignalSerializer,
    SignalConfirmSerializer,
)
from api.moderation.actions_serializers import ModerationReasonSerializer
from api.moderation.common import (
    NO_REASON,
    NOT_FOUND,
    NOT_MODERATOR,
    REQUESTER_EXAMPLE,
    SUSPENDED,
    THROTTLED,
    UNAUTHENTICATED,
    IsModerator,
    _request_example,
)
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _ok
from api.throttles import ReadThrottle, WriteThrottle
from reviews.selectors.abuse import SIGNAL_STATUSES, abuse_signal_get, abuse_signals_list
from reviews.services.abuse import signal_clear, signal_confirm

TAG = "Moderation"
SIGNAL_EXAMPLE = {
    "id": 31,
    "kind": "new_account_burst",
    "strength": 0.85,
    "holds_reviews": True,
    "status": "open",
    "evidence": "7 of 9 reviews of mturk:A1B2C3D4E5F6G7 in 3 hours came from accounts created "
    "this week.",
    "created_at": "2025-03-14T10:05:00Z",
    "decided_at": None,
    "decided_by": None,
    "reviews": [
        {
            "id": 812,
            "task_title": "Decision-making survey",
            "status": "held",
            "author": "quiet-heron",
            "created_at": "2025-03-14T09:58:41Z",
            "requester": REQUESTER_EXAMPLE,
        }
    ],
    "accounts": ["quiet-heron", "sunny-otter"],
}
OWN_SIGNAL = (
    "Own review",
    {
        "detail": "This signal involves your own review, so another moderator must decide it.",
        "code": "permission_denied",
    },
)
ALREADY_DECIDED = (
    "Already decided",
    {"detail": "This signal was already cleared by a moderator.", "code": "refused"},
)


def _decision_schema(summary: str, description: str, request, request_example: dict, answer):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        description=description,
        request=request,
        examples=_request_example("A decision", request_example),
        responses={
            200: _ok(AbuseSignalSerializer, "The signal as it is now.", answer),
            400: _error(
                "No reason, a suspension ending in the past, or the signal is already decided.",
                NO_REASON,
                ALREADY_DECIDED,
            ),
            401: UNAUTHENTICATED,
            403: _error("You may not decide this signal.", NOT_MODERATOR, OWN_SIGNAL, SUSPENDED),
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )


@extend_schema(
    tags=[TAG],
    summary="Abuse signals (moderators)",
    description=(
        "What the abuse checks found, strongest first: each signal's kind, strength, "
        "evidence, the reviews and accounts (by pseudonym) involved, and whether it holds its "
        "reviews out of the scores. `status` filters: `open` (the default), `cleared`, "
        "`confirmed` or `all`."
    ),
    parameters=[
        OpenApiParameter(
            "status", OpenApiTypes.STR, enum=[*SIGNAL_STATUSES, "all"], required=False
        ),
        OpenApiParameter("page", OpenApiTypes.INT, required=False),
    ],
    responses={
        200: _ok(
            AbuseSignalPageSerializer,
            "One page of signals.",
            {"count": 1, "page": 1, "pages": 1, "results": [SIGNAL_EXAMPLE]},
        ),
        400: _error(
            "Unknown status.",
            (
                "Unknown status",
                {
                    "detail": "Some fields are not valid; see `errors`.",
                    "code": "invalid",
                    "errors": {"status": ["Choose open, cleared, confirmed or all."]},
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("Only moderators see abuse signals.", NOT_MODERATOR),
    },
)
class AbuseSignalListView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [ReadThrottle]

    def get(self, request):
        status = request.query_params.get("status", "open")
        if status not in (*SIGNAL_STATUSES, "all"):
            raise drf_serializers.ValidationError(
                {"status": ["Choose open, cleared, confirmed or all."]}
            )
        signals = abuse_signals_list(status=None if status == "all" else status)
        page = Paginator(signals, settings.REVIEWS_PER_PAGE).get_page(
            request.query_params.get("page")
        )
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": AbuseSignalSerializer(page.object_list, many=True).data,
            }
        )


@_decision_schema(
    "Clear an abuse signal (moderators)",
    "A false alarm: the reviews it held return to public view and the scores (which "
    "recompute within seconds), unless another open signal still holds them. Your reason is "
    "public in the moderation log. You can't decide a signal involving your own review.",
    ModerationReasonSerializer,
    {"reason": "Nine honest workers who did the same batch; texts and accounts differ."},
    {**SIGNAL_EXAMPLE, "status": "cleared", "decided_by": "lamplighter"},
)
class AbuseSignalClearView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]

    def post(self, request, signal_id: int):
        signal = abuse_signal_get(signal_id=signal_id)
        serializer = ModerationReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal_clear(
            signal=signal, moderator=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(AbuseSignalSerializer(abuse_signal_get(signal_id=signal_id)).data)


@_decision_schema(
    "Confirm an abuse signal (moderators)",
    "Abuse: the signal's reviews are hidden with your reason (for mass flagging, the flags "
    "are dismissed instead). With `suspend_until`, every account it names is suspended from "
    "posting until then, each logged (only an admin can suspend a moderator). All or nothing.",
    SignalConfirmSerializer,
    {
        "reason": "Seven accounts made this week on one network, praising their own requester.",
        "suspend_until": "2025-06-01T00:00:00Z",
    },
    {
        **SIGNAL_EXAMPLE,
        "status": "confirmed",
        "decided_by": "lamplighter",
        "reviews": [{**SIGNAL_EXAMPLE["reviews"][0], "status": "hidden"}],
    },
)
class AbuseSignalConfirmView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]

    def post(self, request, signal_id: int):
        signal = abuse_signal_get(signal_id=signal_id)
        serializer = SignalConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal_confirm(
            signal=signal,
            moderator=request.user,
            reason=serializer.validated_data["reason"],
            suspend_until=serializer.validated_data.get("suspend_until"),
        )
        return Response(AbuseSignalSerializer(abuse_signal_get(signal_id=signal_id)).data)

"""Actions on requesters: a requester's representative claims it, moderators decide the claim,
and moderators merge duplicate requesters."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.actions_serializers import (
    ClaimCreateSerializer,
    ClaimSerializer,
    MergeResultSerializer,
    MergeSerializer,
    ModerationReasonSerializer,
)
from api.moderation.common import (
    NO_REASON,
    NOT_FOUND,
    NOT_MODERATOR,
    REQUESTER_EXAMPLE,
    SUSPENDED,
    TAG,
    THROTTLED,
    UNAUTHENTICATED,
    IsAuthenticatedToken,
    IsModerator,
    _request_example,
)
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _ok
from api.throttles import WriteThrottle
from reviews.models import Requester, RequesterClaim
from reviews.selectors.requesters import requester_get
from reviews.services.claims import claim_approve, claim_create, claim_reject
from reviews.services.moderation import (
    requesters_merge,
)

# --- Claims ---------------------------------------------------------------------------------

CLAIM_ANSWER = {
    "id": 31,
    "requester": REQUESTER_EXAMPLE,
    "status": "pending",
    "created_at": "2025-03-14T09:00:00Z",
    "decided_at": None,
}


@extend_schema(
    tags=[TAG],
    summary="Claim to represent a requester",
    description=(
        "Ask moderators to recognise you as the requester's representative. Once approved you "
        "may reply to and dispute its reviews, and may no longer review it. Your contact "
        "details are seen by moderators only. One pending or approved claim per requester."
    ),
    request=ClaimCreateSerializer,
    examples=_request_example(
        "A lab manager",
        {
            "statement": "I run the studies posted under this account at the Psychology Lab.",
            "contact": "lab-manager@university.example, +1 555 0100",
        },
    ),
    responses={
        201: _ok(ClaimSerializer, "Your claim, waiting for a moderator.", CLAIM_ANSWER),
        400: _error(
            "Missing statement or contact, or you already have a claim on this requester.",
            (
                "Already claimed",
                {
                    "detail": "You already claimed this requester; a moderator will decide soon.",
                    "code": "refused",
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not post now.", SUSPENDED),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class ClaimCreateView(APIView):
    permission_classes = [IsAuthenticatedToken]
    throttle_classes = [WriteThrottle]

    def post(self, request, platform: str, external_id: str):
        requester = requester_get(platform=platform, external_id=external_id)
        serializer = ClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = claim_create(user=request.user, requester=requester, **serializer.validated_data)
        claim = RequesterClaim.objects.select_related("requester__platform").get(pk=claim.pk)
        return Response(ClaimSerializer(claim).data, status=201)


class _ClaimDecisionView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]
    service = None

    def post(self, request, claim_id: int):
        claim = get_object_or_404(RequesterClaim, pk=claim_id)
        serializer = ModerationReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = type(self).service(
            claim=claim, moderator=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(ClaimSerializer(claim).data)


def _claim_decision_schema(summary: str, status: str):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        description=(
            "Decide a pending claim; the claimant is told, with your reason (public in the log, "
            "so never repeat their contact details in it). You can't decide your own claim."
        ),
        request=ModerationReasonSerializer,
        examples=_request_example("Checked", {"reason": "Confirmed through the lab's website."}),
        responses={
            200: _ok(
                ClaimSerializer,
                "The claim as decided.",
                {**CLAIM_ANSWER, "status": status, "decided_at": "2025-03-15T08:00:00Z"},
            ),
            400: _error(
                "No reason, or the claim was already decided.",
                NO_REASON,
                (
                    "Already decided",
                    {"detail": "This claim was already decided: Approved.", "code": "refused"},
                ),
            ),
            401: UNAUTHENTICATED,
            403: _error("You may not decide this claim.", NOT_MODERATOR),
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )


@_claim_decision_schema("Approve a requester claim (moderators)", "approved")
class ClaimApproveView(_ClaimDecisionView):
    service = staticmethod(claim_approve)


@_claim_decision_schema("Reject a requester claim (moderators)", "rejected")
class ClaimRejectView(_ClaimDecisionView):
    service = staticmethod(claim_reject)


# --- Merging requesters ---------------------------------------------------------------------


@extend_schema(
    tags=[TAG],
    summary="Merge duplicate requesters (moderators)",
    description=(
        "Moves every review and claim of `duplicate` to `keep` (same platform), keeps the "
        "duplicate's names as aliases of `keep`, and leaves the duplicate pointing at `keep`. "
        "Both requesters' scores are recomputed. No review is lost."
    ),
    request=MergeSerializer,
    examples=_request_example(
        "Two ids, one lab",
        {
            "platform": "mturk",
            "keep": "A1B2C3D4E5F6G7",
            "duplicate": "A9Z8Y7X6W5V4U3",
            "reason": "Same lab; the second id was a typo in an old review.",
        },
    ),
    responses={
        200: _ok(
            MergeResultSerializer,
            "The kept requester and the merged duplicate.",
            {
                "requester": REQUESTER_EXAMPLE,
                "merged": {
                    "platform": "mturk",
                    "external_id": "A9Z8Y7X6W5V4U3",
                    "display_name": "Psych Lab",
                },
            },
        ),
        400: _error(
            "No reason, unknown ids, different platforms, or already merged.",
            NO_REASON,
            (
                "Unknown id",
                {
                    "detail": "Some fields are not valid; see `errors`.",
                    "code": "invalid",
                    "errors": {"duplicate": ["No requester of this platform has this id."]},
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not merge requesters.", NOT_MODERATOR),
        429: THROTTLED,
    },
)
class RequestersMergeView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]

    def post(self, request):
        serializer = MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        found = {
            r.external_id: r
            for r in Requester.objects.select_related("platform").filter(
                platform__slug=data["platform"], external_id__in=[data["keep"], data["duplicate"]]
            )
        }
        missing = {
            field: ["No requester of this platform has this id."]
            for field in ("keep", "duplicate")
            if data[field] not in found
        }
        if missing:
            raise drf_serializers.ValidationError(missing)
        duplicate = found[data["duplicate"]]
        keep = requesters_merge(
            moderator=request.user,
            keep=found[data["keep"]],
            duplicate=duplicate,
            reason=data["reason"],
        )
        return Response(MergeResultSerializer({"requester": keep, "merged": duplicate}).data)

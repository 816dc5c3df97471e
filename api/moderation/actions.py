"""Moderation endpoints: the queue, flag resolution, review and account actions, requester
claims and merges, and the public moderation log.

Thin views over reviews.services.moderation and reviews.services.claims: the services decide
who may act, so the answer here is the same as on the web. A missing token is 401; a token
whose holder may not act is 403 with the reason. Errors become HTTP answers in api.errors.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from api.moderation.actions_serializers import (
    AccountStateSerializer,
    ClaimCreateSerializer,
    ClaimSerializer,
    FlagResolveSerializer,
    FlagStateSerializer,
    LogEntrySerializer,
    LogPageSerializer,
    MergeResultSerializer,
    MergeSerializer,
    ModerationReasonSerializer,
    QueueClaimSerializer,
    QueueDisputeSerializer,
    QueueReviewSerializer,
    QueueSerializer,
    QueueSignalSerializer,
    ReviewStateSerializer,
    RoleSerializer,
    SuspendSerializer,
)
from api.schema_docs import error_response as _error
from api.schema_docs import success_response as _ok
from api.throttles import ReadThrottle, WriteThrottle
from reviews.models import Flag, Requester, RequesterClaim, Review
from reviews.permissions import is_moderator
from reviews.selectors.moderation import (
    QUEUE_SECTIONS,
    moderation_log,
    moderation_queue_counts,
    moderation_queue_section,
    profile_by_pseudonym,
)
from reviews.selectors.requesters import requester_get
from reviews.services.claims import claim_approve, claim_create, claim_reject
from reviews.services.moderation import (
    flag_resolve,
    requesters_merge,
    review_ask_edit,
    review_hide,
    review_lock_replies,
    review_restore,
    review_unlock_replies,
    role_assign,
    user_suspend,
    user_unsuspend,
)

TAG = "Moderation"
LOG_PER_PAGE = 50


class IsModerator(BasePermission):
    """A token holder who moderates. Anonymous → 401; anyone else → 403. The service checks
    again (and more: suspension, own review, conflicts of interest)."""

    message = "Only moderators can do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_moderator(request.user))


class IsAuthenticatedToken(BasePermission):
    """Any token holder; the service decides the rest (admins only, may post, …)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


# --- Documentation helpers ------------------------------------------------------------------


def _request_example(name: str, value: dict) -> list[OpenApiExample]:
    return [OpenApiExample(name, value=value, request_only=True)]


UNAUTHENTICATED = _error(
    "No token, or a token that is unknown or revoked.",
    (
        "No token",
        {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"},
    ),
)
NOT_MODERATOR = (
    "Not a moderator",
    {"detail": "Only moderators can do this.", "code": "permission_denied"},
)
OWN_REVIEW = (
    "Own review",
    {"detail": "You can't act on your own review.", "code": "permission_denied"},
)
SUSPENDED = (
    "Suspended",
    {
        "detail": "Your posting is suspended until 2031-01-01 00:00 UTC.",
        "code": "permission_denied",
    },
)
NO_REASON = (
    "No reason",
    {
        "detail": "Some fields are not valid; see `errors`.",
        "code": "invalid",
        "errors": {"reason": ["Give a reason: it is shown in the public log."]},
    },
)
NOT_FOUND = _error(
    "Nothing has this id.", ("Not found", {"detail": "Not found.", "code": "not_found"})
)
THROTTLED = _error(
    "Too many writes; the Retry-After header says how many seconds to wait.",
    (
        "Throttled",
        {"detail": "Request was throttled. Expected available in 42 seconds.", "code": "throttled"},
    ),
)
REQUESTER_EXAMPLE = {
    "platform": "mturk",
    "external_id": "A1B2C3D4E5F6G7",
    "display_name": "Psychology Lab",
}
REVIEW_STATE = {
    "id": 812,
    "status": "hidden",
    "moderation_reason": "Gives the survey's completion code.",
    "replies_locked": False,
    "requester": REQUESTER_EXAMPLE,
}
REASON_EXAMPLE = {"reason": "Gives the survey's completion code."}


def _moderator_action_schema(summary: str, description: str, answer: dict, *refusals):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        description=description,
        request=ModerationReasonSerializer,
        examples=_request_example("A reason", REASON_EXAMPLE),
        responses={
            200: _ok(ReviewStateSerializer, "The review as it is now.", answer),
            400: _error(
                "No reason, or the action doesn't apply (already done, withdrawn review).",
                NO_REASON,
                *refusals,
            ),
            401: UNAUTHENTICATED,
            403: _error("You may not act on this review.", NOT_MODERATOR, OWN_REVIEW, SUSPENDED),
            404: NOT_FOUND,
            429: THROTTLED,
        },
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


# --- Flags and reviews ----------------------------------------------------------------------


@extend_schema(
    tags=[TAG],
    summary="Resolve a flag (moderators)",
    description=(
        "`dismiss` the flag, or `hide` the review, which resolves every open flag on it. The "
        "flagger is told the outcome and your public reason, never your name; the review's "
        "author is told only when the review is hidden, and never who flagged it."
    ),
    request=FlagResolveSerializer,
    examples=_request_example(
        "Hide the review", {"outcome": "hide", "reason": "Gives the survey's completion code."}
    ),
    responses={
        200: _ok(
            FlagStateSerializer,
            "The flag as it is now.",
            {
                "id": 77,
                "review_id": 812,
                "status": "acted_on",
                "resolved_at": "2025-03-15T08:00:00Z",
            },
        ),
        400: _error(
            "No reason, unknown outcome, or the flag is already resolved.",
            NO_REASON,
            ("Already resolved", {"detail": "This flag is already resolved.", "code": "refused"}),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not resolve this flag.", NOT_MODERATOR, OWN_REVIEW, SUSPENDED),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class FlagResolveView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]

    def post(self, request, flag_id: int):
        flag = get_object_or_404(Flag.objects.select_related("review__requester"), pk=flag_id)
        serializer = FlagResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = flag_resolve(flag=flag, moderator=request.user, **serializer.validated_data)
        return Response(FlagStateSerializer(flag).data)


class _ReviewActionView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]
    service = None

    def post(self, request, review_id: int):
        review = get_object_or_404(Review.objects.select_related("requester"), pk=review_id)
        serializer = ModerationReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = type(self).service(
            review=review, moderator=request.user, reason=serializer.validated_data["reason"]
        )
        review = Review.objects.select_related("requester__platform").get(pk=review.pk)
        return Response(ReviewStateSerializer(review).data)


ALREADY_HIDDEN = ("Already hidden", {"detail": "This review is already hidden.", "code": "refused"})


@_moderator_action_schema(
    "Hide a review (moderators)",
    "Takes the review out of public view and out of the scores (they recompute within "
    "seconds) and resolves its open flags. Its author still sees it, with your reason, which "
    "is also public in the moderation log and the hidden-reviews list.",
    REVIEW_STATE,
    ALREADY_HIDDEN,
)
class ReviewHideView(_ReviewActionView):
    service = staticmethod(review_hide)


@_moderator_action_schema(
    "Restore a hidden review (moderators)",
    "Puts a hidden review back into public view and the scores.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": ""},
    (
        "Not hidden",
        {
            "detail": "Only a hidden review can be restored; this one isn't hidden.",
            "code": "refused",
        },
    ),
)
class ReviewRestoreView(_ReviewActionView):
    service = staticmethod(review_restore)


@_moderator_action_schema(
    "Ask the author to edit a review (moderators)",
    "Tells the author (in the site and by e-mail) what to change; the review stays as it is.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": ""},
)
class ReviewAskEditView(_ReviewActionView):
    service = staticmethod(review_ask_edit)


@_moderator_action_schema(
    "Lock the discussion under a review (moderators)",
    "No new comments under the review until it is unlocked.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": "", "replies_locked": True},
    ("Already locked", {"detail": "Replies to this review are already locked.", "code": "refused"}),
)
class ReviewLockRepliesView(_ReviewActionView):
    service = staticmethod(review_lock_replies)


@_moderator_action_schema(
    "Unlock the discussion under a review (moderators)",
    "Comments under the review are allowed again.",
    {**REVIEW_STATE, "status": "published", "moderation_reason": ""},
    ("Already open", {"detail": "Replies to this review are already open.", "code": "refused"}),
)
class ReviewUnlockRepliesView(_ReviewActionView):
    service = staticmethod(review_unlock_replies)


# --- Accounts -------------------------------------------------------------------------------

ACCOUNT_STATE = {
    "pseudonym": "night-owl",
    "role": "worker",
    "posting_suspended_until": "2031-01-01T00:00:00Z",
    "suspension_reason": "Posted completion codes three times after warnings.",
}
OWN_ACCOUNT = (
    "Own account",
    {"detail": "You can't act on your own account.", "code": "permission_denied"},
)


@extend_schema(
    tags=[TAG],
    summary="Suspend an account's posting (moderators)",
    description=(
        "Until the given time the account can't post reviews, flags, claims, replies or "
        "comments. Suspending a moderator or an admin takes an admin. The account is told why."
    ),
    request=SuspendSerializer,
    examples=_request_example(
        "Until New Year",
        {"until": "2031-01-01T00:00:00Z", "reason": "Posted completion codes after warnings."},
    ),
    responses={
        200: _ok(AccountStateSerializer, "The account as it is now.", ACCOUNT_STATE),
        400: _error(
            "No reason, or an end in the past.",
            NO_REASON,
            (
                "Past end",
                {
                    "detail": "Some fields are not valid; see `errors`.",
                    "code": "invalid",
                    "errors": {"until": ["A suspension ends in the future."]},
                },
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not suspend this account.", NOT_MODERATOR, OWN_ACCOUNT),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class UserSuspendView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]

    def post(self, request, pseudonym: str):
        profile = profile_by_pseudonym(pseudonym=pseudonym)
        serializer = SuspendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = user_suspend(
            moderator=request.user, user=profile.user, **serializer.validated_data
        )
        return Response(AccountStateSerializer(profile).data)


@extend_schema(
    tags=[TAG],
    summary="Lift a posting suspension (moderators)",
    description="The account may post again at once, and is told so.",
    request=ModerationReasonSerializer,
    examples=_request_example("Appeal accepted", {"reason": "Appeal accepted; codes removed."}),
    responses={
        200: _ok(
            AccountStateSerializer,
            "The account as it is now.",
            {**ACCOUNT_STATE, "posting_suspended_until": None, "suspension_reason": ""},
        ),
        400: _error(
            "No reason, or the account isn't suspended.",
            NO_REASON,
            (
                "Not suspended",
                {"detail": "This account's posting isn't suspended.", "code": "refused"},
            ),
        ),
        401: UNAUTHENTICATED,
        403: _error("You may not act on this account.", NOT_MODERATOR, OWN_ACCOUNT),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class UserUnsuspendView(APIView):
    permission_classes = [IsModerator]
    throttle_classes = [WriteThrottle]

    def post(self, request, pseudonym: str):
        profile = profile_by_pseudonym(pseudonym=pseudonym)
        serializer = ModerationReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = user_unsuspend(
            moderator=request.user, user=profile.user, **serializer.validated_data
        )
        return Response(AccountStateSerializer(profile).data)


@extend_schema(
    tags=[TAG],
    summary="Assign a role (admins)",
    description=(
        "Make an account a worker, moderator or admin. Only admins, never for themselves; "
        "the change is in the public moderation log."
    ),
    request=RoleSerializer,
    examples=_request_example(
        "New moderator", {"role": "moderator", "reason": "Elected by the forum, March 2025."}
    ),
    responses={
        200: _ok(
            AccountStateSerializer,
            "The account as it is now.",
            {
                **ACCOUNT_STATE,
                "role": "moderator",
                "posting_suspended_until": None,
                "suspension_reason": "",
            },
        ),
        400: _error(
            "No reason, an unknown role, or the account has that role already.",
            NO_REASON,
        ),
        401: UNAUTHENTICATED,
        403: _error(
            "Only admins assign roles.",
            ("Not an admin", {"detail": "Only admins can do this.", "code": "permission_denied"}),
        ),
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class UserRoleView(APIView):
    permission_classes = [IsAuthenticatedToken]
    throttle_classes = [WriteThrottle]

    def post(self, request, pseudonym: str):
        profile = profile_by_pseudonym(pseudonym=pseudonym)
        serializer = RoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = role_assign(admin=request.user, user=profile.user, **serializer.validated_data)
        return Response(AccountStateSerializer(profile).data)


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

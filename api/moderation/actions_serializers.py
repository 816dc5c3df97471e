"""What the moderation endpoints accept and answer. Parsing and shaping only: the services in
reviews.services.moderation and reviews.services.claims check who may act and apply the rules.

Nothing here ever serializes an e-mail address; flaggers and claim contacts appear only in the
moderators' queue, never in the public log.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.models import Flag, ModerationAction, WorkerProfile
from reviews.services.moderation import FLAG_OUTCOMES
from reviews.services.moderation_log import REASON_MAX_LENGTH

# Log entries whose subject account is shown (by pseudonym): a claimant is never named.
ACCOUNT_KINDS = (
    ModerationAction.Kind.USER_SUSPEND,
    ModerationAction.Kind.USER_UNSUSPEND,
    ModerationAction.Kind.ROLE_ASSIGN,
)
REASON_HELP = "Why, in a sentence or two. Required; public in the moderation log."


def _pseudonym(user) -> str | None:
    return user.profile.pseudonym if user is not None else None


class ModerationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, allow_blank=True, help_text=REASON_HELP
    )


class FlagResolveSerializer(ModerationReasonSerializer):
    # A plain string (checked below): an enum named "outcome" would collide in the schema
    # with the review's outcome.
    outcome = serializers.CharField(
        help_text="`dismiss` the flag, or `hide` the review (which resolves all its open flags).",
    )

    def validate_outcome(self, value: str) -> str:
        if value not in FLAG_OUTCOMES:
            raise serializers.ValidationError("Choose “dismiss” or “hide”.")
        return value


class SuspendSerializer(ModerationReasonSerializer):
    until = serializers.DateTimeField(help_text="When the suspension ends (ISO 8601, future).")


class RoleSerializer(ModerationReasonSerializer):
    role = serializers.ChoiceField(choices=WorkerProfile.Role.choices)


class ClaimCreateSerializer(serializers.Serializer):
    statement = serializers.CharField(
        max_length=2000, help_text="Who you are and how you speak for this requester."
    )
    contact = serializers.CharField(
        max_length=500,
        help_text="How a moderator can check your claim. Seen by moderators only.",
    )


class MergeSerializer(ModerationReasonSerializer):
    platform = serializers.SlugField(help_text="The platform both requesters are on.")
    keep = serializers.CharField(max_length=64, help_text="The requester id to keep.")
    duplicate = serializers.CharField(
        max_length=64, help_text="The duplicate's requester id; merged into `keep`."
    )


class ModeratedRequesterSerializer(serializers.Serializer):
    platform = serializers.CharField(source="platform.slug")
    external_id = serializers.CharField()
    display_name = serializers.CharField()


class ReviewStateSerializer(serializers.Serializer):
    """A review's moderation state after an action."""

    id = serializers.IntegerField()
    status = serializers.CharField(help_text="published, held, hidden or withdrawn.")
    moderation_reason = serializers.CharField(
        help_text="Why a moderator hid it; empty unless hidden."
    )
    replies_locked = serializers.BooleanField()
    requester = ModeratedRequesterSerializer()


class FlagStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    review_id = serializers.IntegerField()
    status = serializers.CharField(help_text="open, dismissed or acted_on.")
    resolved_at = serializers.DateTimeField(allow_null=True)


class AccountStateSerializer(serializers.Serializer):
    pseudonym = serializers.CharField()
    role = serializers.ChoiceField(choices=WorkerProfile.Role.choices)
    posting_suspended_until = serializers.DateTimeField(allow_null=True)
    suspension_reason = serializers.CharField()


class ClaimSerializer(serializers.Serializer):
    """A claim as its claimant and the deciding moderator see it (contact details only in
    the moderators' queue)."""

    id = serializers.IntegerField()
    requester = ModeratedRequesterSerializer()
    status = serializers.CharField(help_text="pending, approved or rejected.")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class MergeResultSerializer(serializers.Serializer):
    requester = ModeratedRequesterSerializer(help_text="The requester kept, now with every review.")
    merged = ModeratedRequesterSerializer(help_text="The duplicate, now leading to `requester`.")


# --- The public log -------------------------------------------------------------------------


class LogReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public = serializers.BooleanField(help_text="Whether the review is public now.")
    url = serializers.CharField(allow_null=True, help_text="Its page, while it is public.")


class LogEntrySerializer(serializers.Serializer):
    """One public log entry: who (pseudonym), what, when, why, about what. Nothing private."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ModerationAction.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    moderator = serializers.SerializerMethodField()
    reason = serializers.CharField()
    review = serializers.SerializerMethodField()
    requester = serializers.SerializerMethodField()
    account = serializers.SerializerMethodField(
        help_text="The pseudonym of the account a suspension or role change concerns."
    )

    def get_moderator(self, action) -> str:
        return _pseudonym(action.actor)

    @extend_schema_field(LogReviewSerializer(allow_null=True))
    def get_review(self, action) -> dict | None:
        review = action.review
        if review is None:
            return None
        public = review.is_public
        url = reverse("reviews:review_detail", args=[review.pk]) if public else None
        return {"id": review.pk, "public": public, "url": url}

    @extend_schema_field(ModeratedRequesterSerializer(allow_null=True))
    def get_requester(self, action) -> dict | None:
        requester = action.requester or (action.review.requester if action.review else None)
        return ModeratedRequesterSerializer(requester).data if requester is not None else None

    def get_account(self, action) -> str | None:
        if action.kind in ACCOUNT_KINDS:
            return _pseudonym(action.subject)
        return None


class LogPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = LogEntrySerializer(many=True)


# --- The moderators' queue ------------------------------------------------------------------


class QueueFlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    explanation = serializers.CharField()
    flagger = serializers.CharField(source="flagger.profile.pseudonym")
    created_at = serializers.DateTimeField()


class QueueReviewSerializer(serializers.Serializer):
    review_id = serializers.IntegerField(source="pk")
    task_title = serializers.CharField()
    status = serializers.CharField()
    requester = ModeratedRequesterSerializer()
    open_flags = serializers.IntegerField()
    oldest_flag_at = serializers.DateTimeField()
    flags = QueueFlagSerializer(many=True, source="open_flag_rows")


class QueueDisputeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    review_id = serializers.IntegerField()
    ground = serializers.CharField()
    statement = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    appealed_at = serializers.DateTimeField(allow_null=True)


class QueueClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requester = ModeratedRequesterSerializer()
    claimant = serializers.CharField(source="user.profile.pseudonym")
    statement = serializers.CharField()
    contact = serializers.CharField(help_text="For checking the claim; moderators only.")
    created_at = serializers.DateTimeField()


class QueueSignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    strength = serializers.FloatField()
    evidence = serializers.CharField()
    holds_reviews = serializers.BooleanField()
    review_ids = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_review_ids(self, signal) -> list[int]:
        return [review.pk for review in signal.reviews.all()]


class QueueCountsSerializer(serializers.Serializer):
    flags = serializers.IntegerField(help_text="Open flags.")
    flagged_reviews = serializers.IntegerField(help_text="Reviews with at least one open flag.")
    disputes = serializers.IntegerField()
    appeals = serializers.IntegerField()
    claims = serializers.IntegerField()
    signals = serializers.IntegerField()


class QueueSerializer(serializers.Serializer):
    counts = QueueCountsSerializer()
    section = serializers.CharField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    flagged_reviews = QueueReviewSerializer(many=True, required=False)
    disputes = QueueDisputeSerializer(many=True, required=False)
    appeals = QueueDisputeSerializer(many=True, required=False)
    claims = QueueClaimSerializer(many=True, required=False)
    signals = QueueSignalSerializer(many=True, required=False)

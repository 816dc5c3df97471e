"""What the abuse-signal endpoints accept and answer. Accounts appear by pseudonym only: no
e-mail address, and never a signal's details (which may hold a network fingerprint)."""

from rest_framework import serializers

from api.moderation.actions_serializers import (
    ModeratedRequesterSerializer,
    ModerationReasonSerializer,
)
from reviews.models import AbuseSignal


class SignalReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    task_title = serializers.CharField()
    status = serializers.CharField(help_text="published, held, hidden or withdrawn.")
    author = serializers.CharField(source="author.profile.pseudonym")
    created_at = serializers.DateTimeField()
    requester = ModeratedRequesterSerializer()


class AbuseSignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(
        help_text="burst, new_account_burst, shared_network, near_duplicate, "
        "consensus_outlier, rating_swing, praise_burst, self_review, mass_flagging or vote_ring "
        "(helpful votes traded in a group; never holds)."
    )
    strength = serializers.FloatField(help_text="0–1; at the hold threshold or above it holds.")
    holds_reviews = serializers.BooleanField(
        help_text="Whether it holds its published reviews out of the scores while open."
    )
    status = serializers.ChoiceField(choices=AbuseSignal.Status.choices)
    evidence = serializers.CharField(help_text="What was found, in sentences for moderators.")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.SerializerMethodField()
    reviews = SignalReviewSerializer(many=True)
    accounts = serializers.SerializerMethodField(help_text="The accounts involved, by pseudonym.")

    def get_decided_by(self, signal) -> str | None:
        return signal.decided_by.profile.pseudonym if signal.decided_by else None

    def get_accounts(self, signal) -> list[str]:
        return sorted(account.profile.pseudonym for account in signal.accounts.all())


class AbuseSignalPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = AbuseSignalSerializer(many=True)


class SignalConfirmSerializer(ModerationReasonSerializer):
    suspend_until = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="Also suspend the accounts' posting until then (ISO 8601, future). "
        "Omit to suspend nobody.",
    )

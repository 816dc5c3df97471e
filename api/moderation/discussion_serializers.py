"""Serializers of replies, disputes and comments: parse input, shape output; no writes.

People appear by pseudonym only: no answer carries an e-mail address or a user id.
"""

from django.urls import reverse
from rest_framework import serializers

from reviews.models import Comment, Dispute, RequesterReply
from reviews.services.comments import COMMENT_MAX_LENGTH
from reviews.services.disputes import RATIONALE_MAX_LENGTH, STATEMENT_MAX_LENGTH, dispute_actions
from reviews.services.moderation_log import REASON_MAX_LENGTH
from reviews.services.replies import REPLY_MAX_LENGTH


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=REPLY_MAX_LENGTH, trim_whitespace=True)


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


class AnswerInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=STATEMENT_MAX_LENGTH)


class DisputeOpenSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=Dispute.Ground.choices)
    statement = serializers.CharField(
        max_length=STATEMENT_MAX_LENGTH,
        help_text="Seen by the review's author and moderators, not the public.",
    )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Dispute.Decision.choices)
    rationale = serializers.CharField(
        max_length=RATIONALE_MAX_LENGTH,
        help_text="Public: shown under the review and in the moderation log.",
    )


class AppealSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=STATEMENT_MAX_LENGTH)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Public, in the moderation log."
    )


class ReplySerializer(serializers.ModelSerializer):
    requester_name = serializers.CharField(source="review.requester.display_name")
    author = serializers.CharField(
        source="author.profile.pseudonym", help_text="The representative who posted it."
    )

    class Meta:
        model = RequesterReply
        fields = ["id", "review_id", "requester_name", "author", "text", "created_at"]


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="comment.pk")
    review_id = serializers.IntegerField(source="comment.review_id")
    author = serializers.CharField(source="comment.author.profile.pseudonym")
    author_role = serializers.ChoiceField(
        choices=["worker", "review_author", "requester_representative"],
        help_text="Which side is speaking: any worker, the review's author, or a "
        "representative of the reviewed requester.",
    )
    text = serializers.CharField(
        allow_null=True, help_text="null when a moderator hid the comment (except to moderators)."
    )
    status = serializers.ChoiceField(source="comment.status", choices=Comment.Status.choices)
    created_at = serializers.DateTimeField(source="comment.created_at")


class DiscussionSerializer(serializers.Serializer):
    review_id = serializers.IntegerField()
    replies_locked = serializers.BooleanField(help_text="true: no new comments or reply.")
    reply = ReplySerializer(allow_null=True, help_text="The requester's reply, if any.")
    comments = CommentSerializer(many=True)


class RequesterRefSerializer(serializers.Serializer):
    platform = serializers.CharField(source="platform.slug")
    external_id = serializers.CharField()
    name = serializers.CharField(source="display_name")


def _decision_field(**kwargs) -> serializers.ChoiceField:
    """A decision, or null before it is made."""
    return serializers.ChoiceField(choices=Dispute.Decision.choices, allow_null=True, **kwargs)


class DisputeSerializer(serializers.ModelSerializer):
    """A dispute as its parties and moderators see it; people by pseudonym only."""

    requester = RequesterRefSerializer(source="review.requester")
    review_author = serializers.CharField(source="review.author.profile.pseudonym")
    opened_by = serializers.CharField(source="opened_by.profile.pseudonym")
    author_answer = serializers.CharField(allow_null=True)
    decision = _decision_field()
    rationale = serializers.CharField(allow_null=True, help_text="Public.")
    decided_by = serializers.CharField(source="decided_by.profile.pseudonym", allow_null=True)
    appealed_by = serializers.SerializerMethodField(
        help_text="Which side appealed: `review_author` or `requester`; null if none."
    )
    appeal_statement = serializers.CharField(allow_null=True)
    appeal_decision = _decision_field()
    appeal_rationale = serializers.CharField(allow_null=True, help_text="Public.")
    appeal_decided_by = serializers.CharField(
        source="appeal_decided_by.profile.pseudonym", allow_null=True
    )
    actions = serializers.SerializerMethodField(
        help_text="What you may do now: any of answer, decide, appeal, decide_appeal."
    )
    web_url = serializers.SerializerMethodField()

    # Empty text fields of the model mean "not yet": null in the API.
    BLANK_AS_NULL = (
        "author_answer",
        "decision",
        "rationale",
        "appeal_statement",
        "appeal_decision",
        "appeal_rationale",
    )

    class Meta:
        model = Dispute
        fields = [
            "id",
            "review_id",
            "requester",
            "review_author",
            "opened_by",
            "ground",
            "statement",
            "status",
            "created_at",
            "author_answer",
            "author_answered_at",
            "decision",
            "rationale",
            "decided_by",
            "decided_at",
            "appealed_by",
            "appeal_statement",
            "appealed_at",
            "appeal_decision",
            "appeal_rationale",
            "appeal_decided_by",
            "appeal_decided_at",
            "actions",
            "web_url",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in self.BLANK_AS_NULL:
            if data[name] == "":
                data[name] = None
        return data

    def get_appealed_by(self, dispute: Dispute) -> str | None:
        if dispute.appealed_by_id is None:
            return None
        return (
            "review_author" if dispute.appealed_by_id == dispute.review.author_id else "requester"
        )

    def get_actions(self, dispute: Dispute) -> list[str]:
        return dispute_actions(dispute=dispute, user=self.context["request"].user)

    def get_web_url(self, dispute: Dispute) -> str:
        url = reverse("reviews:dispute_detail", args=[dispute.pk])
        return self.context["request"].build_absolute_uri(url)

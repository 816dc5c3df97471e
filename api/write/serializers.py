"""What the write endpoints accept and answer. Serializers only parse, check field types
and shape output; the services (reviews.services) apply the domain rules and save."""

from collections.abc import Mapping

from rest_framework import serializers

from reviews.models import Flag, Review


class _RejectUnknownFields:
    """Refuse fields the endpoint doesn't know, so a typo isn't silently ignored."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, Mapping) else []
        errors = {name: ["This field doesn't exist or can't be set here."] for name in unknown}
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if isinstance(exc.detail, dict):
                errors.update(exc.detail)
            raise serializers.ValidationError(errors or exc.detail) from None
        if errors:
            raise serializers.ValidationError(errors)
        return values


class ReviewFieldsSerializer(_RejectUnknownFields, serializers.ModelSerializer):
    """The facts of a review an author may set and later change (Review.EDITABLE_FIELDS)."""

    class Meta:
        model = Review
        fields = Review.EDITABLE_FIELDS
        extra_kwargs = {
            # The platform's currency when left out, as on the web form.
            "currency": {"required": False},
            "time_worked_seconds": {
                "help_text": "Seconds spent on the task; null with did_not_finish=true."
            },
            "approval_seconds": {
                "help_text": "Seconds from submission to approval or rejection; null while pending."
            },
            "recommend": {"help_text": "true, false, or null for no answer."},
        }


class ReviewCreateSerializer(ReviewFieldsSerializer):
    """A new review: who is reviewed, then the facts."""

    platform = serializers.CharField(max_length=32, help_text="A platform slug, e.g. `mturk`.")
    requester_id = serializers.CharField(
        max_length=64, help_text="The requester's id on that platform, e.g. A1B2C3D4E5F6G7."
    )
    requester_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The requester's name as the platform shows it now.",
    )

    class Meta(ReviewFieldsSerializer.Meta):
        fields = ("platform", "requester_id", "requester_name", *Review.EDITABLE_FIELDS)


class ReviewSerializer(serializers.ModelSerializer):
    """A review as the API shows it: the facts and the author's pseudonym, never an e-mail."""

    platform = serializers.CharField(source="requester.platform.slug", read_only=True)
    requester_id = serializers.CharField(source="requester.external_id", read_only=True)
    requester_name = serializers.CharField(source="requester.display_name", read_only=True)
    author = serializers.CharField(
        source="author.profile.pseudonym", read_only=True, help_text="The author's pseudonym."
    )

    class Meta:
        model = Review
        fields = (
            "id",
            "platform",
            "requester_id",
            "requester_name",
            *Review.EDITABLE_FIELDS,
            "hourly_wage",
            "status",
            "created_at",
            "updated_at",
            "author",
        )
        read_only_fields = fields


class FlagCreateSerializer(_RejectUnknownFields, serializers.ModelSerializer):
    class Meta:
        model = Flag
        fields = ("reason", "explanation")
        extra_kwargs = {
            "explanation": {"help_text": "What is wrong; required when the reason is `other`."}
        }


class FlagSerializer(serializers.ModelSerializer):
    """The flagger's own flag. Who else flagged the review is never said."""

    review_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Flag
        fields = ("id", "review_id", "reason", "explanation", "status", "created_at")
        read_only_fields = fields

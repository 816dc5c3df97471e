"""Output (and query) serializers of the read API.

The bulk lookup and the legacy shapes are assembled without serializers (their bodies are
joined from pre-serialised bytes, see api/read/lookup.py); the serializers named *Doc* below
only describe those answers for the OpenAPI schema.
"""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from reviews.models import Platform, Review

CONFIDENCE_HELP = (
    "How far to trust the numbers: none (no reviews), low (<5), medium (<20), high (20+)."
)


class WageSerializer(serializers.Serializer):
    median = serializers.FloatField(allow_null=True, help_text="Median hourly wage.")
    p25 = serializers.FloatField(allow_null=True, help_text="25th percentile of hourly wages.")
    p75 = serializers.FloatField(allow_null=True, help_text="75th percentile of hourly wages.")
    pooled = serializers.FloatField(
        allow_null=True, help_text="Total pay ÷ total hours of all timed reviews."
    )
    n = serializers.IntegerField(help_text="Reviews with a time worked (finished tasks).")
    pay_total = serializers.FloatField(
        required=False, help_text="Σ pay (reward + bonus) of those reviews."
    )
    seconds_total = serializers.IntegerField(
        required=False, help_text="Σ seconds worked of those reviews."
    )


class RateSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total = serializers.IntegerField()
    low = serializers.FloatField(help_text="Wilson 95% lower bound of count/total.")
    high = serializers.FloatField(help_text="Wilson 95% upper bound of count/total.")


class RatesSerializer(serializers.Serializer):
    rejected = RateSerializer(help_text="Rejected or partly rejected, of decided outcomes.")
    blocked = RateSerializer(help_text="Workers blocked, of all reviews.")
    recommend = RateSerializer(help_text="Recommend yes, of those who answered.")
    responsive = RateSerializer(help_text="Answered messages, of workers who wrote.")
    tos = RateSerializer(help_text="Terms-of-service violations, of all reviews.")
    broken = RateSerializer(help_text="Broken tasks, of all reviews.")
    unpaid_screener = RateSerializer(help_text="Unpaid screeners, of all reviews.")


class ApprovalSerializer(serializers.Serializer):
    median_seconds = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="Reviews whose work is still pending.")


class RatingSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True, help_text="Plain mean of the 1–5 ratings.")
    n = serializers.IntegerField()
    bayes = serializers.FloatField(
        allow_null=True,
        help_text="Bayesian average: shrunk toward the platform mean, recent reviews weigh more.",
    )
    confidence = serializers.CharField(help_text=CONFIDENCE_HELP)


class RatingsSerializer(serializers.Serializer):
    pay = RatingSerializer()
    fair = RatingSerializer()
    fast = RatingSerializer()
    comm = RatingSerializer()


class WindowSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Published reviews in the window.")
    last_review_at = serializers.FloatField(
        allow_null=True, help_text="POSIX time of the newest review."
    )
    confidence = serializers.CharField(help_text=CONFIDENCE_HELP)
    wage = WageSerializer()
    rates = RatesSerializer()
    approval = ApprovalSerializer()
    ratings = RatingsSerializer()


class ScoreSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="Goes up by one with every recompute.")
    computed_at = serializers.DateTimeField()
    all = WindowSerializer(help_text="All published reviews.")
    recent = WindowSerializer(help_text="Reviews of the last 90 days.")


# A lookup item's status, in both forms (named LookupStatusEnum in the schema).
LOOKUP_STATUSES = ["found", "not_found", "invalid_id"]


class LookupItemDocSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LOOKUP_STATUSES)
    id = serializers.CharField(help_text="The requester id, as asked.")
    n = serializers.IntegerField(required=False, help_text="found: all-time review count.")
    confidence = serializers.CharField(required=False, help_text=CONFIDENCE_HELP)
    platform = serializers.CharField(required=False)
    name = serializers.CharField(required=False, help_text="found: the requester's name.")
    version = serializers.IntegerField(required=False)
    computed_at = serializers.DateTimeField(required=False)
    all = WindowSerializer(required=False)
    recent = WindowSerializer(required=False)


DEGRADED_HELP = (
    "True while the score cache (Redis) is unreachable: each result is then the snapshot "
    "this server last read from it, or for an id it hadn't read, the snapshot stored in "
    "PostgreSQL (the same item). Either may miss the newest reviews, which are scored once "
    "Redis is back. Also true while Redis answers but lost its snapshots (restarted empty) "
    "and their republication hasn't finished: ids it lacks are then read from PostgreSQL "
    "too. Such an answer is sent with max-age 0."
)


class LookupAnswerDocSerializer(serializers.Serializer):
    platform = serializers.CharField()
    ready = serializers.BooleanField(
        help_text="False while the score cache is being rebuilt (after a restart of Redis): "
        "a not_found may then only mean the snapshot isn't republished yet."
    )
    degraded = serializers.BooleanField(help_text=DEGRADED_HELP)
    fields = serializers.ChoiceField(
        choices=["full"], required=False, help_text="Not sent: the full form is the default."
    )
    results = LookupItemDocSerializer(many=True, help_text="One per distinct id, in order.")


class CompactWindowDocSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Published reviews in the window.")
    wage = serializers.FloatField(
        allow_null=True, help_text="Median hourly wage (null: no timed review)."
    )
    wage_n = serializers.IntegerField(help_text="Reviews the median is taken over.")
    rejected = serializers.FloatField(allow_null=True, help_text="% of answers: rejected.")
    blocked = serializers.FloatField(allow_null=True, help_text="% of answers: blocked.")
    recommend = serializers.FloatField(allow_null=True, help_text="% of answers: recommend.")


class CompactItemDocSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LOOKUP_STATUSES)
    id = serializers.CharField(help_text="The requester id, as asked.")
    n = serializers.IntegerField(required=False, help_text="found: all-time review count.")
    confidence = serializers.CharField(required=False, help_text=CONFIDENCE_HELP)
    all = CompactWindowDocSerializer(required=False)
    recent = CompactWindowDocSerializer(required=False)


class CompactAnswerDocSerializer(serializers.Serializer):
    platform = serializers.CharField()
    ready = serializers.BooleanField(help_text="As in the full form.")
    degraded = serializers.BooleanField(help_text="As in the full form.")
    fields = serializers.ChoiceField(choices=["compact"], help_text="Says the form.")
    results = CompactItemDocSerializer(many=True, help_text="One per distinct id, in order.")


LOOKUP_ANSWER_DOC = PolymorphicProxySerializer(
    component_name="LookupAnswerEitherForm",
    serializers=[LookupAnswerDocSerializer, CompactAnswerDocSerializer],
    resource_type_field_name=None,
)


class LookupRequestSerializer(serializers.Serializer):
    platform = serializers.CharField(help_text="Platform slug, e.g. mturk (see /platforms).")
    ids = serializers.ListField(child=serializers.CharField(), help_text="Up to 100 requester ids.")
    fields = serializers.ChoiceField(
        choices=["full", "compact"],
        required=False,
        help_text="`compact` for the few numbers an extension shows (see the GET form).",
    )


class PlatformSerializer(serializers.ModelSerializer):
    class Meta:
        model = Platform
        fields = ("slug", "name", "url", "currency", "requester_id_pattern", "requester_id_hint")
        read_only_fields = fields


class RequesterDetailSerializer(serializers.Serializer):
    platform = serializers.CharField(source="platform.slug")
    id = serializers.CharField(source="external_id")
    name = serializers.CharField(source="display_name")
    aliases = serializers.SerializerMethodField(help_text="Names it was seen under before.")
    created_at = serializers.DateTimeField()
    score = serializers.SerializerMethodField(
        help_text="The published snapshot; null until the first is computed."
    )
    degraded = serializers.SerializerMethodField(
        help_text="True while the score cache (Redis) is unreachable: the snapshot (read "
        "from PostgreSQL) may miss the newest reviews, which are scored once Redis is back."
    )

    def get_degraded(self, requester) -> bool:
        return bool(self.context.get("degraded", False))

    def get_aliases(self, requester) -> list[str]:
        return [a.name for a in requester.aliases.all() if a.name != requester.display_name]

    @extend_schema_field(ScoreSerializer(allow_null=True))
    def get_score(self, requester) -> dict | None:
        score = self.context.get("score")
        if score is None:
            return None
        return {
            "version": score.version,
            "computed_at": score.computed_at.isoformat(),
            "all": score.data.get("all"),
            "recent": score.data.get("recent"),
        }


class GivenRatingsSerializer(serializers.Serializer):
    pay = serializers.IntegerField(source="rating_pay", allow_null=True)
    fair = serializers.IntegerField(source="rating_fair", allow_null=True)
    fast = serializers.IntegerField(source="rating_fast", allow_null=True)
    comm = serializers.IntegerField(source="rating_comm", allow_null=True)


class RequesterReviewSerializer(serializers.ModelSerializer):
    """A published review as anyone may see it: the author's pseudonym, never an e-mail or
    account id."""

    author = serializers.CharField(source="author.profile.pseudonym", read_only=True)
    ratings = GivenRatingsSerializer(source="*", read_only=True)

    class Meta:
        model = Review
        fields = (
            "id",
            "created_at",
            "author",
            "task_title",
            "task_id",
            "reward",
            "bonus",
            "currency",
            "time_worked_seconds",
            "did_not_finish",
            "hourly_wage",
            "outcome",
            "approval_seconds",
            "blocked",
            "communication",
            "recommend",
            "recommend_reason",
            "tos_violation",
            "tos_context",
            "broken_task",
            "broken_context",
            "unpaid_screener",
            "ratings",
            "text",
            "helpful_count",
        )
        read_only_fields = fields
        extra_kwargs = {"helpful_count": {"help_text": "Workers who marked it helpful."}}


class ReviewsQuerySerializer(serializers.Serializer):
    window = serializers.ChoiceField(
        choices=["all", "recent"],
        default="all",
        help_text="recent: only reviews of the last 90 days.",
    )
    outcome = serializers.ChoiceField(
        choices=Review.Outcome.choices, required=False, help_text="Only reviews with this outcome."
    )


class ScoresStatusSerializer(serializers.Serializer):
    ready = serializers.BooleanField(
        help_text="Every snapshot is published (a full publish finished since the cache "
        "was last emptied)."
    )
    published_at = serializers.DateTimeField(
        allow_null=True, help_text="When the last full publish finished."
    )
    newest_computed_at = serializers.DateTimeField(
        allow_null=True, help_text="The newest snapshot's computation time."
    )
    generation = serializers.IntegerField(
        allow_null=True, help_text="Goes up with every publish; null if the cache is down."
    )


class StatusSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="Lantern's version.")
    degraded = serializers.BooleanField(
        help_text="True when the score cache is unreachable or not fully published, or the "
        "database is unreachable: lookups may then be missing or stale."
    )
    cache_reachable = serializers.BooleanField()
    database_reachable = serializers.BooleanField()
    scores = ScoresStatusSerializer()


class To2WindowDocSerializer(serializers.Serializer):
    reward = serializers.ListField(
        child=serializers.FloatField(), help_text="[Σ pay, Σ seconds worked, timed reviews]"
    )
    pending = serializers.FloatField(
        allow_null=True,
        help_text="Seconds from submission to approval. Turkopticon 2 sent the mean; Lantern "
        "sends the median, which one slow outlier can't distort.",
    )
    comm = serializers.ListField(
        child=serializers.IntegerField(), help_text="[responsive, workers who wrote, reviews]"
    )
    recommend = serializers.ListField(
        child=serializers.IntegerField(), help_text="[yes, answered, reviews]"
    )
    rejected = serializers.ListField(
        child=serializers.IntegerField(), help_text="[rejected, decided, reviews]"
    )
    tos = serializers.ListField(child=serializers.IntegerField(), help_text="[count, reviews]")
    broken = serializers.ListField(child=serializers.IntegerField(), help_text="[count, reviews]")


class To2AggregatesDocSerializer(serializers.Serializer):
    all = To2WindowDocSerializer()
    recent = To2WindowDocSerializer()


class To2AttributesDocSerializer(serializers.Serializer):
    name = serializers.CharField(required=False)
    rid = serializers.CharField(required=False)
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    aggregates = To2AggregatesDocSerializer(required=False)


class To2ResourceDocSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "requesters".')
    id = serializers.CharField()
    attributes = To2AttributesDocSerializer()


class To2MetaDocSerializer(serializers.Serializer):
    degraded = serializers.BooleanField(help_text=DEGRADED_HELP)


TO2_META_HELP = 'Only while the score cache is unreachable: {"degraded": true}.'


class To2ListDocSerializer(serializers.Serializer):
    meta = To2MetaDocSerializer(required=False, help_text=TO2_META_HELP)
    data = To2ResourceDocSerializer(many=True, help_text="Known requesters only.")
    status = serializers.IntegerField()


class To2DetailDocSerializer(serializers.Serializer):
    meta = To2MetaDocSerializer(required=False, help_text=TO2_META_HELP)
    data = To2ResourceDocSerializer()
    status = serializers.IntegerField()


class To2ErrorItemDocSerializer(serializers.Serializer):
    status = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()


class To2ErrorDocSerializer(serializers.Serializer):
    errors = To2ErrorItemDocSerializer(many=True)
    status = serializers.IntegerField()

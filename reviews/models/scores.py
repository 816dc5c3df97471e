from django.db import models

from reviews.models.fields import JSONTextField
from reviews.models.platforms import Requester


class RequesterScore(models.Model):
    """The published reputation snapshot of one requester (PostgreSQL is its source of truth).

    `data` holds both windows ("all" and "recent") as computed by reviews/scoring/, as
    the compact JSON text that is also published (see JSONTextField); the few columns
    beside it exist so that search can sort without reading JSON.
    """

    requester = models.OneToOneField(
        Requester, on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    version = models.PositiveBigIntegerField(default=1)
    computed_at = models.DateTimeField()
    review_count = models.PositiveIntegerField(default=0)
    wage_median = models.FloatField(null=True, blank=True)
    data = JSONTextField()

    class Meta:
        indexes = [
            models.Index(fields=["-review_count"]),
            models.Index(fields=["-wage_median"]),
        ]

    def __str__(self) -> str:
        return f"Score v{self.version} of requester {self.requester_id}"


class PlatformRatingPrior(models.Model):
    """Platform-wide means of the four 1–5 ratings: what Bayesian averages shrink toward.

    Refreshed by the nightly recompute; the incremental path reads it, so both give the
    same snapshot for the same moment.
    """

    platform = models.OneToOneField(
        "reviews.Platform", on_delete=models.CASCADE, primary_key=True, related_name="prior"
    )
    means = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Rating prior of {self.platform_id}"

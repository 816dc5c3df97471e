from django.db import models

from reviews.models.fields import JSONTextField
from reviews.models.platforms import Requester


class RequesterScore(models.Model):
    """The published reputation snapshot of one requester (PostgreSQL is its source of truth).

    `data` holds both windows ("all" and "recent") as computed by reviews/scoring/, as
    the compact JSON text that is also published (see JSONTextField); the few columns
    beside it exist so that search can sort without reading JSON. `charts` holds the
    numbers behind the requester page's charts (reviews/scoring/charts.py), computed in
    the same pass; it is not published to the API.
    """

    requester = models.OneToOneField(
        Requester, on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    version = models.PositiveBigIntegerField(default=1)
    computed_at = models.DateTimeField()
    review_count = models.PositiveIntegerField(default=0)
    wage_median = models.FloatField(null=True, blank=True)
    data = JSONTextField()
    charts = JSONTextField(default=dict)

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


class PlatformWageChart(models.Model):
    """A platform's hourly-wage distribution: its published reviews counted in the bins of
    reviews/scoring/charts.py, which equals the sum of its requesters' histograms.

    Refreshed by the nightly recompute, in the same pass over the reviews as the rating
    prior, so that the page showing it reads one row.
    """

    platform = models.OneToOneField(
        "reviews.Platform", on_delete=models.CASCADE, primary_key=True, related_name="wage_chart"
    )
    wage_bins = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Wage distribution of {self.platform_id}"


class ScoreRecomputeDue(models.Model):
    """A requester whose snapshot is behind its reviews: the durable record of a recompute due.

    Written in the transaction that changes a review (reviews/services/score_due.py), so it
    exists whenever the change does, even if enqueueing the recompute failed (Redis down).
    `marks` grows with every change; a recompute deletes the row only if `marks` is what it
    read before computing (compare-and-clear), so a change it may not have seen keeps it.
    The beat task worker.sweep_due_scores recomputes every row older than a few seconds.
    """

    requester = models.OneToOneField(
        Requester, on_delete=models.CASCADE, primary_key=True, related_name="score_due"
    )
    since = models.DateTimeField()
    marks = models.PositiveBigIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["since"])]

    def __str__(self) -> str:
        return f"Score of requester {self.requester_id} due since {self.since:%H:%M:%S}"

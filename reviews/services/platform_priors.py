"""Each platform's prior: its mean rating per attribute over its published reviews, toward
which a requester with few reviews is pulled, and in the same pass the platform's wage
distribution (PlatformWageChart)."""

from datetime import datetime

from django.db.models import Avg, Count, F, FloatField, Q, Value
from django.db.models.functions import Cast, Floor, Greatest, Least, NullIf
from django.utils import timezone

from reviews.models import Platform, PlatformRatingPrior, PlatformWageChart, Review
from reviews.scoring import charts, formulas

NEUTRAL_PRIOR = 3.0


def _wage_bin_counts() -> tuple[dict, Least]:
    """Aggregates counting the reviews in each bin of charts.wage_bin, for the ORM."""
    wage = (
        Cast(F("reward") + F("bonus"), FloatField())
        * Value(3600.0)
        / Cast(NullIf(F("time_worked_seconds"), 0), FloatField())
    )
    wage_bin = Least(
        Greatest(Floor(wage / Value(charts.WAGE_BIN_WIDTH)), Value(0.0)),
        Value(float(charts.WAGE_BINS - 1)),
        output_field=FloatField(),
    )
    paid = Q(did_not_finish=False, time_worked_seconds__gt=0)
    return {
        f"bin_{k}": Count("pk", filter=paid & Q(wage_bin=k)) for k in range(charts.WAGE_BINS)
    }, wage_bin


def platform_priors_refresh(*, now: datetime | None = None) -> dict[int, dict[str, float]]:
    """Recompute each platform's mean rating per attribute from its published reviews, and
    in the same pass its wage distribution (PlatformWageChart)."""
    now = now or timezone.now()
    aggregates = {f"rating_{a}": Avg(f"rating_{a}") for a in formulas.RATING_ATTRIBUTES}
    bin_counts, wage_bin = _wage_bin_counts()
    priors = {}
    for platform in Platform.objects.all():
        means = (
            Review.objects.filter(status=Review.Status.PUBLISHED, requester__platform=platform)
            .annotate(wage_bin=wage_bin)
            .aggregate(**aggregates, **bin_counts)
        )
        priors[platform.pk] = {
            attr: round(float(means[f"rating_{attr}"] or NEUTRAL_PRIOR), 4)
            for attr in formulas.RATING_ATTRIBUTES
        }
        PlatformRatingPrior.objects.update_or_create(
            platform=platform, defaults={"means": priors[platform.pk], "computed_at": now}
        )
        PlatformWageChart.objects.update_or_create(
            platform=platform,
            defaults={
                "wage_bins": [means[f"bin_{k}"] for k in range(charts.WAGE_BINS)],
                "computed_at": now,
            },
        )
    return priors


def platform_priors() -> dict[int, dict[str, float]]:
    stored = dict(PlatformRatingPrior.objects.values_list("platform_id", "means"))
    if len(stored) < Platform.objects.count():
        return platform_priors_refresh()
    return stored

"""A requester's facts summarised on the fly from its published reviews.

A placeholder until the scoring engine (issue 3) publishes snapshots with confidence bounds;
every figure here carries its sample size so a handful of reviews can't pass for a verdict.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean, median

from reviews.models import Requester, Review

REJECTED_OUTCOMES = {Review.Outcome.REJECTED, Review.Outcome.PARTIALLY_REJECTED}
RATING_LABELS = {
    "rating_pay": "Pay",
    "rating_fair": "Fairness",
    "rating_fast": "Promptness",
    "rating_comm": "Communication",
}


@dataclass(frozen=True)
class Rate:
    """How many of `total` reviews said yes; `percent` is None without any sample."""

    count: int
    total: int

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return round(100 * self.count / self.total)


@dataclass(frozen=True)
class Rating:
    label: str
    mean: Decimal | None
    count: int


@dataclass(frozen=True)
class RequesterFacts:
    review_count: int
    currency: str
    wage_count: int = 0
    wage_median: Decimal | None = None
    wage_min: Decimal | None = None
    wage_max: Decimal | None = None
    rejection: Rate = Rate(0, 0)
    block: Rate = Rate(0, 0)
    recommend: Rate = Rate(0, 0)
    ratings: list[Rating] = field(default_factory=list)


def _two_places(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def requester_facts(*, requester: Requester) -> RequesterFacts:
    rows = list(
        requester.reviews.filter(status=Review.Status.PUBLISHED).values(
            "hourly_wage", "outcome", "blocked", "recommend", *RATING_LABELS
        )
    )
    wages = sorted(row["hourly_wage"] for row in rows if row["hourly_wage"] is not None)
    # A pending task says nothing yet about rejections, so it is left out of that sample.
    decided = [row for row in rows if row["outcome"] != Review.Outcome.PENDING]
    answered = [row for row in rows if row["recommend"] is not None]
    ratings = []
    for name, label in RATING_LABELS.items():
        values = [row[name] for row in rows if row[name] is not None]
        ratings.append(
            Rating(
                label=label, mean=_two_places(mean(values)) if values else None, count=len(values)
            )
        )
    return RequesterFacts(
        review_count=len(rows),
        currency=requester.platform.currency,
        wage_count=len(wages),
        wage_median=_two_places(median(wages)) if wages else None,
        wage_min=wages[0] if wages else None,
        wage_max=wages[-1] if wages else None,
        rejection=Rate(
            sum(1 for row in decided if row["outcome"] in REJECTED_OUTCOMES), len(decided)
        ),
        block=Rate(sum(1 for row in rows if row["blocked"]), len(rows)),
        recommend=Rate(sum(1 for row in answered if row["recommend"]), len(answered)),
        ratings=ratings,
    )

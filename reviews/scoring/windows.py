"""From published reviews to one window's snapshot: the facts scoring reads from a review,
a window's sufficient statistics, and the published snapshot built from them.

Pure, like reviews/scoring/formulas.py, whose functions it combines; SQLite computes the
snapshots here, PostgreSQL with the same steps in SQL (reviews/scoring/sql/statements.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reviews.scoring.formulas import (
    COMMUNICATIONS,
    MONEY_PLACES,
    NEUTRAL_RATING,
    OUTCOMES,
    PAY_INPUT_PLACES,
    RATING_ATTRIBUTES,
    RATING_PLACES,
    REJECTED_OUTCOMES,
    SECONDS_PLACES,
    bayesian_average,
    confidence,
    hourly_wage,
    median,
    pooled_wage,
    quartiles,
    rate,
    recency_weight,
    rounded,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewFacts:
    """What scoring needs from one published review, detached from the ORM.

    ``total_pay`` is reward plus bonus, in cents; a Decimal is accepted and kept as a float,
    the same conversion PostgreSQL's ``::float8`` makes. ``ratings`` maps "pay", "fair", "fast" and
    "comm" to 1-5 or None; a missing attribute is unrated.
    """

    created_at: float  # POSIX timestamp
    total_pay: float
    time_worked_seconds: int | None = None
    did_not_finish: bool = False
    outcome: str = "approved"
    approval_seconds: int | None = None
    blocked: bool = False
    communication: str = "not_contacted"
    recommend: bool | None = None
    tos_violation: bool = False
    broken_task: bool = False
    unpaid_screener: bool = False
    ratings: Mapping[str, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Money is stored in cents. Snapping to them makes a float that came out of
        # arithmetic (0.1 + 0.2) equal to the Decimal it stands for, as SQL sees it.
        object.__setattr__(self, "total_pay", round(float(self.total_pay), PAY_INPUT_PLACES))
        # Catch a mapping mistake (a display label instead of a value) before it silently
        # drops reviews out of a rate.
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        if self.communication not in COMMUNICATIONS:
            raise ValueError(f"unknown communication {self.communication!r}")

    def rating(self, attr: str) -> int | None:
        return self.ratings.get(attr)

    @property
    def wage(self) -> float | None:
        """Hourly wage, or None for an unfinished task or one without a time."""
        if self.did_not_finish:
            return None
        return hourly_wage(self.total_pay, self.time_worked_seconds)


@dataclass(frozen=True, slots=True)
class RatingStats:
    """One 1-5 attribute's sums; ``weighted_sum`` and ``weight_total`` use recency weights."""

    sum: float = 0.0
    n: int = 0
    weighted_sum: float = 0.0
    weight_total: float = 0.0


def _no_ratings() -> dict[str, RatingStats]:
    return {attr: RatingStats() for attr in RATING_ATTRIBUTES}


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowStats:
    """Sufficient statistics of one window: everything a snapshot needs, nothing per review.

    ``window_stats`` computes them from ``ReviewFacts`` and ``window_from_stats`` turns them
    into the published snapshot. reviews/scoring/sql/ is the same two steps written in SQL
    for PostgreSQL, checked against these (tests/reviews/scoring/test_sql.py).
    The rating weights depend on ``now`` and the half-life; the prior is applied later.
    """

    n: int = 0
    last_review_at: float | None = None
    wage_quartiles: tuple[float, float, float] | None = None
    wage_n: int = 0
    wage_pay: float = 0.0
    wage_seconds: float = 0.0
    rejected: int = 0
    outcome_known: int = 0
    blocked: int = 0
    recommend_yes: int = 0
    recommend_answered: int = 0
    responsive: int = 0
    contacted: int = 0
    tos: int = 0
    broken: int = 0
    unpaid_screener: int = 0
    approval_median: float | None = None
    approval_n: int = 0
    pending: int = 0
    ratings: dict[str, RatingStats] = field(default_factory=_no_ratings)

    @classmethod
    def empty(cls) -> WindowStats:
        """The statistics of no reviews (one shared instance: it is frozen)."""
        return _EMPTY_WINDOW


_EMPTY_WINDOW = WindowStats()


def window_stats(
    facts: Iterable[ReviewFacts], *, now: float, since: float | None, half_life_days: float
) -> WindowStats:
    """The sufficient statistics of the reviews created at or after ``since`` (all if None).

    ``now`` dates the recency weights, so recomputing later with no new reviews still moves
    the Bayesian averages toward the prior.
    """
    reviews = [f for f in facts if since is None or f.created_at >= since]
    paid = [(r.total_pay, r.time_worked_seconds, r.wage) for r in reviews if r.wage is not None]
    decided = [r for r in reviews if r.outcome != "pending"]
    approval_times = [r.approval_seconds for r in decided if r.approval_seconds is not None]
    weights = [recency_weight(now - r.created_at, half_life_days) for r in reviews]
    ratings = {}
    for attr in RATING_ATTRIBUTES:
        rated = [(r.rating(attr), w) for r, w in zip(reviews, weights, strict=True)]
        rated = [(value, w) for value, w in rated if value is not None]
        ratings[attr] = RatingStats(
            sum=math.fsum(value for value, _ in rated),
            n=len(rated),
            weighted_sum=math.fsum(value * w for value, w in rated),
            weight_total=math.fsum(w for _, w in rated),
        )
    return WindowStats(
        n=len(reviews),
        last_review_at=max((r.created_at for r in reviews), default=None),
        wage_quartiles=quartiles([wage for _, _, wage in paid]),
        wage_n=len(paid),
        wage_pay=math.fsum(pay for pay, _, _ in paid),
        wage_seconds=math.fsum(seconds for _, seconds, _ in paid),
        # Overturned rejections are among the decided outcomes but are not rejections.
        rejected=sum(r.outcome in REJECTED_OUTCOMES for r in decided),
        outcome_known=len(decided),
        blocked=sum(r.blocked for r in reviews),
        recommend_yes=sum(r.recommend is True for r in reviews),
        recommend_answered=sum(r.recommend is not None for r in reviews),
        responsive=sum(r.communication == "responsive" for r in reviews),
        contacted=sum(r.communication != "not_contacted" for r in reviews),
        tos=sum(r.tos_violation for r in reviews),
        broken=sum(r.broken_task for r in reviews),
        unpaid_screener=sum(r.unpaid_screener for r in reviews),
        approval_median=median(approval_times),
        approval_n=len(approval_times),
        pending=len(reviews) - len(decided),
        ratings=ratings,
    )


def window_from_stats(
    stats: WindowStats, *, prior_means: Mapping[str, float], prior_weight: float
) -> dict:
    """The published, JSON-serialisable snapshot of one window. See ``window_snapshot``."""
    if prior_weight < 0:
        raise ValueError(f"prior weight can't be negative, got {prior_weight}")
    p25, mid, p75 = stats.wage_quartiles or (None, None, None)
    # Pay is stored in cents, so the exact total is a whole number of cents. Snapping to it
    # makes a float sum (Python) and an exact Decimal sum (SQL) give the same pooled wage
    # even when it falls on a half cent.
    pooled = pooled_wage(rounded(stats.wage_pay, PAY_INPUT_PLACES), stats.wage_seconds)
    ratings = {}
    for attr in RATING_ATTRIBUTES:
        rated = stats.ratings.get(attr, RatingStats())
        bayes = bayesian_average(
            rated.weighted_sum,
            rated.weight_total,
            prior_means.get(attr, NEUTRAL_RATING),
            prior_weight,
        )
        ratings[attr] = {
            "mean": rounded(rated.sum / rated.n if rated.n else None, RATING_PLACES),
            "n": rated.n,
            "bayes": rounded(bayes, RATING_PLACES),
            "confidence": confidence(rated.n),
        }
    return {
        "n": stats.n,
        "last_review_at": stats.last_review_at,
        "confidence": confidence(stats.n),
        "wage": {
            "median": rounded(mid, MONEY_PLACES),
            "p25": rounded(p25, MONEY_PLACES),
            "p75": rounded(p75, MONEY_PLACES),
            "pooled": rounded(pooled, MONEY_PLACES),
            "n": stats.wage_n,
            # The sums behind "pooled", for clients that pool across requesters or windows
            # themselves (Turkopticon 2's reward: [Σpay, Σseconds, n]).
            "pay_total": rounded(stats.wage_pay, PAY_INPUT_PLACES),
            "seconds_total": round(stats.wage_seconds),
        },
        "rates": {
            "rejected": rate(stats.rejected, stats.outcome_known),
            "blocked": rate(stats.blocked, stats.n),
            "recommend": rate(stats.recommend_yes, stats.recommend_answered),
            "responsive": rate(stats.responsive, stats.contacted),
            "tos": rate(stats.tos, stats.n),
            "broken": rate(stats.broken, stats.n),
            "unpaid_screener": rate(stats.unpaid_screener, stats.n),
        },
        "approval": {
            "median_seconds": rounded(stats.approval_median, SECONDS_PLACES),
            "n": stats.approval_n,
            "pending": stats.pending,
        },
        "ratings": ratings,
    }


def window_snapshot(
    facts: Iterable[ReviewFacts],
    *,
    now: float,
    since: float | None,
    prior_means: Mapping[str, float],
    prior_weight: float,
    half_life_days: float,
) -> dict:
    """The JSON-serialisable aggregate of one window of a requester's published reviews.

    ``since=None`` is all time; otherwise only reviews created at or after ``since`` count.
    Which reviews are published is the caller's business: pass only those.

    Keys: n, last_review_at, confidence;
    wage {median, p25, p75, pooled, n, pay_total, seconds_total} (finished reviews with a
    time worked; the totals are the sums behind the pooled wage);
    rates {rejected, blocked, recommend, responsive, tos, broken, unpaid_screener}, each
    {count, total, low, high}; approval {median_seconds, n, pending};
    ratings {pay, fair, fast, comm}, each {mean, n, bayes, confidence}.
    """
    stats = window_stats(facts, now=now, since=since, half_life_days=half_life_days)
    return window_from_stats(stats, prior_means=prior_means, prior_weight=prior_weight)

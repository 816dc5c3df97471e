"""The scoring formulas: rounding, Wilson bounds, quartiles, wages, recency weights, Bayesian
averages, confidence.

Nothing here touches Django or the database. With reviews/scoring/windows.py this is the
definition of every number in a snapshot, with its unit and property tests; SQLite (the
embedded default) computes the snapshots with it, and PostgreSQL runs the same formulas as
one SQL statement (reviews/scoring/sql/statements.py), which a property test holds to the numbers
computed here. Two rules make that agreement possible:

* Every float in a snapshot is rounded to a fixed number of places (see ``*_PLACES``), by
  ``rounded``, which PostgreSQL can compute exactly alike. Sums of floats that come in a
  different order (``math.fsum`` here, SQL's sum there) can differ in the last binary
  digits; rounding to far fewer digits than a float carries, and far more than anyone
  reads, makes them compare equal.
* Money is stored in cents, and pay totals are snapped to whole cents before they are
  divided, so a float sum and an exact decimal sum give the same wage.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

# z for a two-sided 95% interval: the 0.975 quantile of the standard normal.
Z_95 = 1.959963984540054

SECONDS_PER_DAY = 86_400
SECONDS_PER_HOUR = 3_600

MONEY_PLACES = 2  # wages: cents
RATE_PLACES = 4  # Wilson bounds: a hundredth of a percent
RATING_PLACES = 4  # 1-5 means and Bayesian averages
SECONDS_PLACES = 1  # median time to approval (a median of two integers can end in .5)
PAY_INPUT_PLACES = 2  # Review.reward and .bonus are stored with two decimals

RATING_ATTRIBUTES = ("pay", "fair", "fast", "comm")
# A platform with no ratings yet has no mean to shrink toward; the middle of the 1-5 scale
# is the prior that favours neither good nor bad.
NEUTRAL_RATING = 3.0
MAX_HALF_LIVES = 1000.0

OUTCOMES = frozenset({"approved", "rejected", "partially_rejected", "pending", "overturned"})
# An overturned rejection ends as paid work, so it doesn't count against the requester.
REJECTED_OUTCOMES = frozenset({"rejected", "partially_rejected"})
COMMUNICATIONS = frozenset({"responsive", "unresponsive", "not_contacted"})

# Confidence cue thresholds, in reviews. Below CONFIDENCE_MEDIUM the data weigh less than
# the default prior (m = 5 pseudo-reviews), so the Bayesian average is mostly the platform
# mean. Below CONFIDENCE_HIGH a Wilson 95% interval for a middling rate is still wider than
# ±0.2, too wide to tell an average requester from a bad one. From 20 on the numbers settle.
CONFIDENCE_MEDIUM = 5
CONFIDENCE_HIGH = 20


def rounded(value: float | None, places: int) -> float | None:
    """Round to ``places`` decimals; None stays None and -0.0 becomes 0.0.

    Scaled, rounded half-even to a whole number, scaled back: exactly what PostgreSQL's
    ``round(double precision)`` computes from the same float operations, so the SQL path
    (reviews/scoring/sql/) rounds to the same floats. ``round(value, places)`` rounds the
    exact binary value instead, which SQL has no function for; the two differ only when
    ``value * 10**places`` lands within a rounding error of a half.
    """
    if value is None:
        return None
    scale = 10**places
    return round(value * scale) / scale + 0.0


def _round_down(value: float, places: int) -> float:
    scale = 10**places
    return math.floor(value * scale) / scale + 0.0


def _round_up(value: float, places: int) -> float:
    scale = 10**places
    return math.ceil(value * scale) / scale + 0.0


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion, clamped to [0, 1].

    With no trials nothing is known, so the interval is all of [0, 1].
    """
    if total < 0 or not 0 <= successes <= total:
        raise ValueError(f"need 0 <= successes <= total, got {successes}/{total}")
    if total == 0:
        return (0.0, 1.0)
    p = successes / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    # At p = 0 and p = 1 the exact bound is the end of the interval; floating point would
    # leave it a hair inside, which would put the observed share outside its own interval.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == total else min(1.0, centre + half_width)
    return (low, high)


def rate(successes: int, total: int) -> dict:
    """A count, its total and the Wilson 95% bounds, ready to publish.

    The bounds are rounded outward (low down, high up) rather than to nearest, so the
    published interval always contains the exact one and the observed share count/total,
    however many reviews there are.
    """
    low, high = _published_bounds(successes, total)
    return {"count": successes, "total": total, "low": low, "high": high}


@functools.lru_cache(maxsize=65_536)
def _published_bounds(successes: int, total: int) -> tuple[float, float]:
    # Most requesters have few reviews, so the same small (count, total) pairs come up
    # again and again in a full recompute: 14 rates per requester.
    low, high = wilson_interval(successes, total)
    return _round_down(low, RATE_PLACES), _round_up(high, RATE_PLACES)


def _interpolate(ordered: Sequence[float], fraction: float) -> float:
    position = fraction * (len(ordered) - 1)
    first = math.floor(position)
    second = math.ceil(position)
    low = ordered[first]
    if first == second:
        return float(low)
    return float(low + (position - first) * (ordered[second] - low))


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Continuous percentile with linear interpolation between the closest ranks.

    This is PostgreSQL's ``percentile_cont`` (and numpy's default "linear" method, and
    ``statistics.quantiles(method="inclusive")``), written the way PostgreSQL computes it
    for double precision (lo + fraction * (hi - lo)), so a SQL path yields the same floats.
    Empty input has none.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be within [0, 1], got {fraction}")
    if not values:
        return None
    return _interpolate(sorted(values), fraction)


def quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """The 25th, 50th and 75th percentiles (see ``percentile``); None for empty input."""
    if not values:
        return None
    ordered = sorted(values)
    return (
        _interpolate(ordered, 0.25),
        _interpolate(ordered, 0.5),
        _interpolate(ordered, 0.75),
    )


def median(values: Sequence[float]) -> float | None:
    """``percentile_cont(0.5)``. Not ``statistics.median``: it averages the middle pair as
    (a + b) / 2, which can differ from PostgreSQL's a + 0.5 * (b - a) in the last bit."""
    return percentile(values, 0.5)


def mean(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return math.fsum(values) / len(values)


def hourly_wage(total_pay: float, seconds: float | None) -> float | None:
    """Pay per hour for one task; None when there is no positive time to divide by."""
    if seconds is None or seconds <= 0:
        return None
    return total_pay * SECONDS_PER_HOUR / seconds


def pooled_wage(total_pay: float, total_seconds: float) -> float | None:
    """Σpay ÷ Σtime per hour: what the requester paid for all the hours worked together.

    Unlike the median it weights long tasks by their length. None with no time worked.
    """
    return hourly_wage(total_pay, total_seconds)


def recency_weight(age_seconds: float, half_life_days: float) -> float:
    """0.5 ** (age in days / half-life): a review loses half its weight every half-life.

    A review dated in the future (clock skew) counts as brand new, never as more than 1.
    """
    if half_life_days <= 0:
        raise ValueError(f"half-life must be positive, got {half_life_days}")
    age_days = max(0.0, age_seconds) / SECONDS_PER_DAY
    # Capped so that PostgreSQL's power() (which raises on underflow where Python returns
    # 0.0) computes the same weight; 2**-1000 is nothing next to any real weight.
    return 0.5 ** min(age_days / half_life_days, MAX_HALF_LIVES)


def bayesian_average(
    weighted_sum: float, weight_total: float, prior_mean: float, prior_weight: float
) -> float | None:
    """The data's mean shrunk toward ``prior_mean`` as if ``prior_weight`` extra reviews
    had given exactly the prior mean. None when there is neither data nor prior."""
    denominator = prior_weight + weight_total
    if denominator == 0:
        return None
    if weight_total == 0:
        # Exactly the prior: (m * mean) / m can be off in the last bit, and a requester
        # without ratings should show the platform mean itself.
        return prior_mean
    return (prior_weight * prior_mean + weighted_sum) / denominator


def confidence(n: int) -> str:
    """How far to trust a number built from ``n`` reviews, for the UI and the API.

    "none" with no reviews, "low" below CONFIDENCE_MEDIUM, "medium" below CONFIDENCE_HIGH,
    else "high"; the thresholds are explained where they are defined.
    """
    if n <= 0:
        return "none"
    if n < CONFIDENCE_MEDIUM:
        return "low"
    if n < CONFIDENCE_HIGH:
        return "medium"
    return "high"

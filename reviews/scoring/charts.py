"""The numbers behind a requester's charts, computed with the snapshot.

Pure, like reviews/scoring/windows.py: SQLite computes the chart data here, PostgreSQL in
the same statement as the snapshot (reviews/scoring/sql/statements.py), and
tests/reviews/scoring/test_sql.py holds the two to the same numbers.

* ``wage_bins``: how many of the requester's reviews (all time, finished, with a time
  worked: the reviews behind the median wage) fall in each hourly-wage bin.
  Bin k holds wages in [k × WAGE_BIN_WIDTH, (k + 1) × WAGE_BIN_WIDTH); the last bin holds
  everything from its lower edge up. Fixed edges, so that requesters and a platform compare
  bin for bin, and the platform's distribution is the sum of its requesters'.
* ``months``: per calendar month (UTC) of the last ``SERIES_MONTHS`` months up to ``now``
  that has reviews, oldest first: the review count, the median hourly wage (rounded like
  the snapshot's, with its count) and the rejections among decided reviews (as in the
  snapshot's rejected rate: overturned rejections don't count, pending ones aren't decided).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from reviews.scoring.formulas import MONEY_PLACES, REJECTED_OUTCOMES, median, rounded
from reviews.scoring.windows import ReviewFacts

WAGE_BIN_WIDTH = 2.0  # currency units per hour
WAGE_BINS = 16  # [0, 2), [2, 4), … [28, 30), 30 and more
SERIES_MONTHS = 24


def wage_bin(wage: float) -> int:
    """The bin of one hourly wage (a wage below zero, which pay can't give, counts as 0)."""
    return min(max(math.floor(wage / WAGE_BIN_WIDTH), 0), WAGE_BINS - 1)


def wage_histogram(wages: Iterable[float]) -> list[int]:
    counts = [0] * WAGE_BINS
    for wage in wages:
        counts[wage_bin(wage)] += 1
    return counts


def month_of(timestamp: float) -> str:
    """ "YYYY-MM" of a POSIX time, in UTC."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m")


def series_start(now: float) -> float:
    """The POSIX time at which the series begins: 00:00 UTC on the first day of the month
    ``SERIES_MONTHS - 1`` months before the month of ``now``."""
    moment = datetime.fromtimestamp(now, UTC)
    months = moment.year * 12 + moment.month - 1 - (SERIES_MONTHS - 1)
    return datetime(months // 12, months % 12 + 1, 1, tzinfo=UTC).timestamp()


def _month(reviews: Sequence[ReviewFacts]) -> dict:
    wages = [r.wage for r in reviews if r.wage is not None]
    decided = [r for r in reviews if r.outcome != "pending"]
    return {
        "n": len(reviews),
        "wage_median": rounded(median(wages), MONEY_PLACES),
        "wage_n": len(wages),
        "rejected": sum(r.outcome in REJECTED_OUTCOMES for r in decided),
        "decided": len(decided),
    }


def monthly_series(facts: Iterable[ReviewFacts], *, now: float) -> list[dict]:
    start = series_start(now)
    by_month: dict[str, list[ReviewFacts]] = defaultdict(list)
    for review in facts:
        if review.created_at >= start:
            by_month[month_of(review.created_at)].append(review)
    return [{"month": month, **_month(by_month[month])} for month in sorted(by_month)]


def chart_data(facts: Iterable[ReviewFacts], *, now: float) -> dict:
    """The chart data of one requester from its published reviews (all of them)."""
    facts = list(facts)
    return {
        "wage_bins": wage_histogram(r.wage for r in facts if r.wage is not None),
        "months": monthly_series(facts, now=now),
    }


def bins_added(histograms: Iterable[Sequence[int]]) -> list[int]:
    """Several histograms with the same bins as one (a platform's from its requesters')."""
    total = [0] * WAGE_BINS
    for counts in histograms:
        for index, count in enumerate(counts):
            total[index] += count
    return total

"""Accounts whose ratings repeatedly sit far from what other reviewers say.

A review's rating (its 1–5 ratings' mean, or 5/1 from recommend) is compared with the median
of other accounts' ratings of the same requester, when there are at least
``consensus_min_others`` of them. An account is an outlier when at least
``consensus_min_support`` of its reviews are ``consensus_min_gap`` points or more away, and
they are at least ``consensus_min_share`` of its comparable reviews: one bad experience, or a
prolific worker's occasional disagreement, is not a pattern.

Two refinements keep honest raters out:

- **A review is judged on what its author gave.** A recommend-only review is a yes/no, not a
  star count: "yes" says the work was worth it, not that it was 5 stars. Mapped to 5/1 it would
  sit two points from every median of 3 and make every recommend-only worker an outlier. So a
  recommend-only review counts as far only when it contradicts the consensus outright: a yes
  where others' median is at most 2, a no where it is at least 4 (``far_direction``).
- **Abuse deviates one way.** Paid praise sits above the consensus, a brigade below. An account
  far above on some requesters and far below on others uses the ends of the scale (1, 3, 5),
  which is a habit, not a campaign. Only the far reviews in the account's dominant direction
  count towards support and share.
- **Only praise holds on its own.** An established account far *below* the consensus is a harsh
  rater: honest workers mostly write when something went wrong, and a bad experience with a
  requester others like is real. Dragging a requester down is what a brigade does, and a
  brigade is caught by its timing (``bursts.py``). Paid praise of poor requesters has no such
  timing, so an account far *above* holds from ``consensus_min_support`` reviews; far below is
  a hint (strength at most ``BELOW_MAX_STRENGTH``, under the hold threshold).
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Sequence

from reviews.abuse.detection import CONSENSUS_OUTLIER, Detection, plural
from reviews.abuse.rows import Id, RequesterKey, ReviewRow, id_key
from reviews.abuse.thresholds import Thresholds

BELOW_MAX_STRENGTH = 0.6


def _median_without(values: list[float], removed: list[float]) -> float:
    if len(removed) == 1:
        # The common case, one review per account and requester: skip the removed value by index.
        pos = bisect_left(values, removed[0])
        n = len(values) - 1

        def at(k: int) -> float:
            return values[k] if k < pos else values[k + 1]

        mid = n // 2
        return at(mid) if n % 2 else (at(mid - 1) + at(mid)) / 2
    rest = list(values)
    for value in removed:
        rest.pop(bisect_left(rest, value))
    return statistics.median(rest)


def far_direction(row: ReviewRow, rating: float, median: float, min_gap: float) -> int:
    """+1 if the review sits far above the consensus median, -1 far below, 0 otherwise.

    Star ratings are far at ``min_gap`` points or more; a recommend-only review (yes/no) only
    when it contradicts the consensus outright (yes against a median ≤ 2, no against ≥ 4)."""
    if not row.ratings and row.recommend is not None:
        if row.recommend and median <= 2:
            return 1
        if not row.recommend and median >= 4:
            return -1
        return 0
    if rating - median >= min_gap:
        return 1
    if median - rating >= min_gap:
        return -1
    return 0


def detect_consensus_outliers(rows: Sequence[ReviewRow], thresholds: Thresholds) -> list[Detection]:
    rated: dict[RequesterKey, list[tuple[ReviewRow, float]]] = defaultdict(list)
    for row in rows:
        rating = row.mean_rating()
        if rating is not None:
            rated[row.requester].append((row, rating))
    # Per account: (review, its rating, the others' median) for every comparable review.
    compared: dict[Id, list[tuple[ReviewRow, float, float]]] = defaultdict(list)
    for group in rated.values():
        values: list[float] = []
        own: dict[Id, list[float]] = defaultdict(list)
        for row, rating in group:
            insort(values, rating)
            own[row.author].append(rating)
        for row, rating in group:
            removed = own[row.author]
            if len(values) - len(removed) < thresholds.consensus_min_others:
                continue
            compared[row.author].append((row, rating, _median_without(values, removed)))
    detections = []
    for author in sorted(compared, key=id_key):
        reviews = compared[author]
        directions = [far_direction(r, v, m, thresholds.consensus_min_gap) for r, v, m in reviews]
        dominant = 1 if directions.count(1) >= directions.count(-1) else -1
        far = [rvm for rvm, d in zip(reviews, directions, strict=True) if d == dominant]
        if len(far) < thresholds.consensus_min_support:
            continue
        share = len(far) / len(reviews)
        if share < thresholds.consensus_min_share:
            continue
        mean_gap = sum(abs(v - m) for _, v, m in far) / len(far)
        above = sum(1 for _, v, m in far if v > m)
        direction = "above" if dominant == 1 else "below"
        strength = min(0.9, 0.4 + 0.1 * len(far)) * min(1.0, share / 0.8)
        if dominant < 0:
            strength = min(strength, BELOW_MAX_STRENGTH)
        evidence = (
            f"{len(far)} of the {plural(len(reviews), 'review')} by account {author} that can "
            f"be compared rate the requester at least {thresholds.consensus_min_gap:g} points "
            f"{direction} what other reviewers say (on average {mean_gap:.1f} points away)."
        )
        detections.append(
            Detection(
                kind=CONSENSUS_OUTLIER,
                strength=strength,
                review_ids=tuple(r.review_id for r, _, _ in far),
                accounts=(author,),
                evidence=evidence,
                details={
                    "comparable_reviews": len(reviews),
                    "far_reviews": len(far),
                    "mean_gap": round(mean_gap, 2),
                    "above": above,
                },
            )
        )
    return detections

"""Bursts of reviews on one requester, and bursts written mostly by new accounts.

A burst is a set of reviews on one requester within ``burst_window_hours`` far above the
requester's trailing rate (the ``burst_baseline_days`` before): at least ``burst_min_reviews``,
at least ``burst_min_ratio`` times the expected count, and a Poisson tail probability of at most
``burst_max_p_value``. Overlapping burst windows merge into one episode.

A burst alone never holds reviews: a requester posting a big batch gets an honest burst. A
burst in which accounts younger than ``new_account_days`` wrote far more of the reviews than
they usually do (binomial tail against their share of all rows) is another matter.

Who such a burst names. When its new accounts pull the rating far (``…_min_shift``) from the
requester's usual one, that pull is the campaign's purpose, and a busy requester's burst has
honest reviewers in it too (measured at full size on the everyday model: a new worker rating
a mediocre requester 1 amid puppets giving it 5, established workers giving it 5 as a third
of its reviewers do). So:

- a new account rating it at its usual rating or on the other side adds nothing to the pull
  and is not named (the new accounts are still counted: they are part of what made the burst
  odd);
- older accounts rating it like the new ones are named as companions only when that many of
  the burst's older reviewers doing so is itself improbable (binomial tail ≤
  ``new_account_burst_companion_max_p_value``) at the share of the requester's earlier
  reviews that rated it that way (shrunk as (k + 1) / (n + 2), so a short history is no
  certainty). A brigade's aged members burying a requester nobody rated below 3 are
  improbable; four established workers who liked a requester that a third of its reviewers
  rate 5 are not.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from reviews.abuse.detection import BURST, NEW_ACCOUNT_BURST, Detection, plural, span_phrase
from reviews.abuse.rows import RequesterKey, ReviewRow, id_key, requester_key, requester_label
from reviews.abuse.stats import binomial_tail, poisson_tail
from reviews.abuse.thresholds import Thresholds

DAY = timedelta(days=1)
# Windows starting this soon after the data begins have too little history to judge.
MIN_HISTORY_DAYS = 3.0


@dataclass(frozen=True)
class BurstEpisode:
    requester: RequesterKey
    reviews: tuple[ReviewRow, ...]
    # The strongest window of the episode: its count, expected count and tail probability.
    peak_count: int
    expected: float
    p_value: float
    baseline_days: float
    # The requester's reviews before the episode, for its usual rating.
    earlier: tuple[ReviewRow, ...]

    @property
    def start(self) -> datetime:
        return self.reviews[0].created_at

    @property
    def end(self) -> datetime:
        return self.reviews[-1].created_at

    @property
    def ratio(self) -> float:
        return self.peak_count / self.expected


def by_requester(rows: Iterable[ReviewRow]) -> dict[RequesterKey, list[ReviewRow]]:
    groups: dict[RequesterKey, list[ReviewRow]] = defaultdict(list)
    for row in rows:
        groups[row.requester].append(row)
    for group in groups.values():
        group.sort(key=lambda r: (r.created_at, id_key(r.review_id)))
    return groups


def find_burst_episodes(
    rows: Sequence[ReviewRow], thresholds: Thresholds, history_start: datetime | None = None
) -> list[BurstEpisode]:
    """Every burst episode in ``rows``; ``history_start`` is when complete data begins
    (by default the first row), which limits how far back a baseline can look."""
    if not rows:
        return []
    if history_start is None:
        history_start = min(r.created_at for r in rows)
    window = timedelta(hours=thresholds.burst_window_hours)
    baseline_span = timedelta(days=thresholds.burst_baseline_days)
    window_days = window / DAY
    episodes = []
    for requester, group in sorted(by_requester(rows).items(), key=lambda kv: requester_key(kv[0])):
        if len(group) < thresholds.burst_min_reviews:
            continue
        times = [r.created_at for r in group]
        lo = hi = 0
        current: list[int] | None = None  # [first index, last index, best window index]
        best: dict[int, tuple[int, float, float, float]] = {}
        spans: list[list[int]] = []
        for j, t in enumerate(times):
            while hi < len(times) and times[hi] < t + window:
                hi += 1
            while times[lo] < t - baseline_span:
                lo += 1
            count = hi - j
            observed_days = min(thresholds.burst_baseline_days, (t - history_start) / DAY)
            if count < thresholds.burst_min_reviews or observed_days < MIN_HISTORY_DAYS:
                continue
            daily = max((j - lo) / observed_days, thresholds.burst_min_daily_rate)
            expected = daily * window_days
            if count < thresholds.burst_min_ratio * expected:
                continue
            p_value = poisson_tail(count, round(expected, 6))
            if p_value > thresholds.burst_max_p_value:
                continue
            best[j] = (count, expected, p_value, observed_days)
            if current is not None and j <= current[1]:
                current[1] = max(current[1], hi - 1)
                if p_value < best[current[2]][2]:
                    current[2] = j
            else:
                current = [j, hi - 1, j]
                spans.append(current)
        for first, last, peak in spans:
            count, expected, p_value, observed_days = best[peak]
            episodes.append(
                BurstEpisode(
                    requester=requester,
                    reviews=tuple(group[first : last + 1]),
                    peak_count=count,
                    expected=expected,
                    p_value=p_value,
                    baseline_days=observed_days,
                    earlier=tuple(group[:first]),
                )
            )
    return episodes


def detect_bursts(
    rows: Sequence[ReviewRow],
    thresholds: Thresholds,
    *,
    episodes: list[BurstEpisode] | None = None,
) -> list[Detection]:
    if episodes is None:
        episodes = find_burst_episodes(rows, thresholds)
    detections = []
    for episode in episodes:
        # A burst is a reason to look, never to hold by itself: at most 0.6.
        strength = 0.3 + 0.3 * min(1.0, math.log10(max(episode.ratio, 1.0)) / 2)
        daily = episode.expected / (thresholds.burst_window_hours / 24)
        evidence = (
            f"{plural(len(episode.reviews), 'review')} of {requester_label(episode.requester)} "
            f"in {span_phrase(episode.start, episode.end)}, against about {daily:.1f} a day "
            f"over the previous {episode.baseline_days:.0f} days "
            f"({episode.ratio:.0f}× the usual rate in its busiest "
            f"{thresholds.burst_window_hours:.0f} hours)."
        )
        detections.append(
            Detection(
                kind=BURST,
                strength=strength,
                review_ids=tuple(r.review_id for r in episode.reviews),
                accounts=tuple(r.author for r in episode.reviews),
                evidence=evidence,
                details={
                    "requester": list(episode.requester),
                    "start": episode.start.isoformat(),
                    "end": episode.end.isoformat(),
                    "reviews": len(episode.reviews),
                    "peak_count": episode.peak_count,
                    "expected": round(episode.expected, 3),
                    "p_value": float(f"{episode.p_value:.3g}"),
                },
            )
        )
    return detections


def _median_rating(rows: Iterable[ReviewRow]) -> tuple[float | None, int]:
    ratings = [m for m in (r.mean_rating() for r in rows) if m is not None]
    return (statistics.median(ratings) if ratings else None), len(ratings)


def _against(row: ReviewRow, new_rating: float, usual: float) -> bool:
    """Whether ``row`` rates at ``usual`` or on its other side from ``new_rating``: no part
    of the pull of the burst's new accounts."""
    rating = row.mean_rating()
    return rating is not None and (rating - usual) * (new_rating - usual) <= 0


def _companions(
    episode: BurstEpisode,
    new_accounts: set,
    new_rating: float,
    usual: float,
    thresholds: Thresholds,
) -> list[ReviewRow]:
    """The burst's older reviewers rating it like its new accounts, far from its usual rating,
    when that many of them would be improbable at the share of its earlier reviews that rated
    it so (module docstring); else none."""

    def like_new(row: ReviewRow) -> bool:
        rating = row.mean_rating()
        return (
            rating is not None
            and abs(rating - new_rating) <= thresholds.new_account_burst_companion_gap
            and abs(rating - usual) >= thresholds.new_account_burst_min_shift
        )

    older = [
        r
        for r in episode.reviews
        if r.author not in new_accounts and r.account_age_days() >= thresholds.new_account_days
    ]
    companions = [r for r in older if like_new(r)]
    earlier_rated = [r for r in episode.earlier if r.mean_rating() is not None]
    earlier_share = (sum(1 for r in earlier_rated if like_new(r)) + 1) / (len(earlier_rated) + 2)
    if (
        binomial_tail(len(companions), len(older), earlier_share)
        > thresholds.new_account_burst_companion_max_p_value
    ):
        return []
    return companions


def detect_new_account_bursts(
    rows: Sequence[ReviewRow],
    thresholds: Thresholds,
    *,
    episodes: list[BurstEpisode] | None = None,
) -> list[Detection]:
    if episodes is None:
        episodes = find_burst_episodes(rows, thresholds)
    if not episodes:
        return []
    new_in_rows = sum(1 for r in rows if r.account_age_days() < thresholds.new_account_days)
    detections = []
    for episode in episodes:
        new = [r for r in episode.reviews if r.account_age_days() < thresholds.new_account_days]
        new_accounts = {r.author for r in new}
        share = len(new) / len(episode.reviews)
        if (
            len(new_accounts) < thresholds.new_account_burst_min_accounts
            or share < thresholds.new_account_burst_min_share
        ):
            continue
        # How often new accounts write a review outside this burst: new workers join every day.
        outside = len(rows) - len(episode.reviews)
        usual_share = max(
            thresholds.new_account_burst_min_usual_share,
            (new_in_rows - len(new)) / outside if outside else 0.0,
        )
        p_value = binomial_tail(len(new), len(episode.reviews), usual_share)
        if p_value > thresholds.new_account_burst_max_p_value:
            continue
        named = list(new)
        new_rating, _ = _median_rating(new)
        usual, usual_count = _median_rating(episode.earlier)
        companions = []
        # Older accounts joining in are named only when the new accounts pull the rating far
        # from what the requester usually gets, they pull the same way, and that many of them
        # would be improbable from the requester's earlier reviewers (module docstring).
        if (
            new_rating is not None
            and usual is not None
            and usual_count >= 2
            and abs(new_rating - usual) >= thresholds.new_account_burst_min_shift
        ):
            named = [r for r in new if not _against(r, new_rating, usual)]
            companions = _companions(episode, new_accounts, new_rating, usual, thresholds)
        named.extend(companions)
        strength = 0.7 + 0.25 * share
        evidence = (
            f"{len(new)} of {plural(len(episode.reviews), 'review')} of "
            f"{requester_label(episode.requester)} in "
            f"{span_phrase(episode.start, episode.end)} came from accounts less than "
            f"{thresholds.new_account_days:.0f} days old "
            f"({plural(len(new_accounts), 'account')}); usually {usual_share:.0%} of reviews do."
        )
        against = len(new) - (len(named) - len(companions))
        if against:
            evidence += (
                f" {plural(against, 'review')} by new accounts did not rate it their way "
                f"and {'is' if against == 1 else 'are'} not named."
            )
        if companions:
            evidence += (
                f" {len(companions)} more from older accounts rated it "
                f"{new_rating:.1f} like them, against its usual {usual:.1f}."
            )
        detections.append(
            Detection(
                kind=NEW_ACCOUNT_BURST,
                strength=strength,
                review_ids=tuple(r.review_id for r in named),
                accounts=tuple(r.author for r in named),
                evidence=evidence,
                details={
                    "requester": list(episode.requester),
                    "start": episode.start.isoformat(),
                    "end": episode.end.isoformat(),
                    "burst_reviews": len(episode.reviews),
                    "new_account_reviews": len(new),
                    "new_accounts": len(new_accounts),
                    "usual_new_share": round(usual_share, 4),
                    "p_value": float(f"{p_value:.3g}"),
                    "companions": len(companions),
                    "against_the_pull": against,
                    "new_rating": new_rating,
                    "usual_rating": usual,
                },
            )
        )
    return detections

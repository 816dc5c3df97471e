"""One-sided rating swings: several accounts with thin histories praising (or damning) one
requester far from what its established reviewers say, within a few weeks.

What a bought or recruited review campaign cannot avoid is its purpose: to move one
requester's rating. Whatever the accounts look like (aged, on distinct residential networks,
spread over weeks, wording their praise differently, with a few ordinary reviews elsewhere as
cover), their reviews of the target sit on one side of its consensus, and the accounts have
written little else, because every review costs the campaign effort. Honest traffic has each
of these alone: casual workers with one or two reviews, easy-to-please raters, a bad
experience. What it rarely has is *many* of them on one requester at once. The test:

- **Established consensus.** A requester's consensus is the median rating of its reviews by
  *established* accounts (more than ``swing_thin_max_reviews`` reviews in the rows), so the
  campaign cannot move the yardstick it is measured against; at least
  ``consensus_min_others`` such ratings are needed.
- **Far, one way.** A review is far above (below) when it sits ``swing_min_gap`` (1.5)
  points or more above (below) that median (a recommend-only review is far only when it
  contradicts the consensus outright, as in ``consensus_outlier``). Looser than the 2 points
  of ``consensus_outlier``, which judges one account alone: bought praise of a middling
  requester (3) is 4.5 or 5 stars, and here the group and the surprise test carry the
  weight, with the base rate measured at the same gap.
- **Thin history.** An account with at most ``swing_thin_max_reviews`` reviews in the rows.
- **Surprise.** Platform-wide, a share ``q`` of the reviews that *could* be far above (their
  requester's median leaves room) are far above and by thin accounts (likewise below; ``q``
  never taken under ``swing_min_base_rate``). On one requester, over any span of at most
  ``swing_window_days`` between two such reviews, ``k`` of the ``n`` accounts reviewing it in
  that span are thin and far the same way. The rate they are judged against is the largest
  of ``q``, the requester's own rate outside the span and the rate among its *established*
  reviewers inside the span (both shrunk towards ``q`` with the weight of
  ``PRIOR_ACCOUNTS`` accounts): some requesters draw more bad experiences or casual fans than
  others all the time, and when a batch really went wrong the established workers in it say
  so too. For praise the established reviewers' share is read as a pull relative to the
  platform's established share and multiplies ``q`` (``established_pull.py``: a share of
  established accounts is not a share of all accounts that are thin and far). The span
  with the smallest binomial tail P(X ≥ k; n, rate) is a swing when ``k`` ≥
  ``swing_min_accounts`` and that tail is ≤ ``swing_max_p_value``.

A requester rejecting a batch gets a wave of honest one-star reviews: far below, in a tight
window, but the established workers who did the batch are far below too, so the rate is high
and the tail ordinary. A popular requester's many one-time reviewers are counted in ``n``. A
campus lab's study brings many new students, who rate it like everyone else (not far).

What the swing names: the far reviews in the span that sit at the end of the scale (4.5 or
more above, 1.5 or less below; a campaign gives the most it can, a 3 where others say 5 is
what honest workers write, and it moves the score little), from at least
``swing_min_accounts`` accounts (``at_the_end`` in ``swing_naming.py``), and those accounts'
other reviews in the rows. A thin
account's whole short history is the evidence that it was opened, or bought, for this: if it
is a puppet, its ordinary-looking reviews elsewhere are its cover and fabricated too; a
moderator clearing the signal returns them all. A swing is the coarsest evidence there is (any
thin account far the same way in the span is named, campaign member or not), so when other
detections already hold at least half of its far reviews it is folded into a hint
(``swing_folding.py``): the campaign is caught by more specific evidence, and what the swing
would add is mostly honest accounts who happened to agree, unless the accounts left are still
improbable by themselves.

**Damning holds only when it comes together.** A swing far *below* whose far reviews span
more than ``burst_window_hours`` is a hint (strength ``BELOW_MAX_STRENGTH``, as for
``consensus_outlier``): honest workers mostly write when something went wrong, so a requester
whose survey crashed or who underpaid for a month gets a run of one-star reviews from casual
accounts over weeks, and a divisive one gets them all the time (measured at full size on the
everyday model, seed 1: a requester whose regulars split between 5 and 1–3 stars drew seven
thin accounts' complaints over 36 quiet days, 7 of the 8 accounts reviewing it, p = 2.9e-6).
A brigade comes together, a crowd told to bury a requester in one evening; within a day the
swing still holds. So does a wider swing when most of its accounts (more than half, at least
``swing_min_accounts``) came within the busiest ``burst_window_hours`` (``came_together``
in ``swing_naming.py``),
and then only those are named: the swing's span is the one least probable by chance, so it
takes in whatever thin complaints came in the days around a brigade (everyday brigade seed 5,
small: 22 of 24 accounts within 6 hours, two casual complaints five days earlier), and those
are not part of the crowd. A bad month never has most of its complaints on one day.
An honest batch rejection comes together too, but its established workers
are far below with the thin ones, which the rate already allows for. Bought praise has no
such tell and holds over the whole window: a campaign that pads a rating can take its time.

Needs every review of the period (all requesters): histories and the base rate mean nothing
over one requester's rows, so the per-review check leaves it to the periodic sweep.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from reviews.abuse.consensus import BELOW_MAX_STRENGTH, far_direction
from reviews.abuse.detection import RATING_SWING, Detection, plural, span_phrase
from reviews.abuse.established_pull import platform_share, relative_pull
from reviews.abuse.history_depth import accounts_within, depths, least_probable
from reviews.abuse.rows import Id, RequesterKey, ReviewRow, id_key, requester_key, requester_label
from reviews.abuse.stats import binomial_tail, shrunk_share
from reviews.abuse.swing_naming import (
    ABOVE,
    BELOW,
    at_the_end,
    came_together,
)
from reviews.abuse.thresholds import Thresholds

# How much the platform-wide rate weighs against a requester's own (in accounts).
PRIOR_ACCOUNTS = 20


@dataclass(frozen=True)
class Swing:
    requester: RequesterKey
    direction: int
    far: tuple[ReviewRow, ...]
    accounts_in_span: int
    base_rate: float
    p_value: float
    median: float
    # The history depth the swing was found at (history_depth.py), and its tail corrected
    # for the number of depths tested: what is compared with ``swing_max_p_value``.
    depth: int = 0
    corrected_p_value: float = 1.0


def could_be_far(row: ReviewRow, median: float, direction: int, min_gap: float) -> bool:
    """Whether the most extreme rating this review could give, in ``direction``, would be far
    from ``median`` (a requester rated 4.5 leaves no room to be far above)."""
    if not row.ratings and row.recommend is not None:
        return median <= 2 if direction == ABOVE else median >= 4
    extreme = 5.0 if direction == ABOVE else 1.0
    return abs(extreme - median) >= min_gap


def established_medians(
    rows: Sequence[ReviewRow], thin: set[Id], thresholds: Thresholds
) -> dict[RequesterKey, float]:
    """Each requester's median rating by established (not thin) accounts, where it has at
    least ``consensus_min_others`` of them."""
    ratings: dict[RequesterKey, list[float]] = defaultdict(list)
    for row in rows:
        if row.author in thin:
            continue
        rating = row.mean_rating()
        if rating is not None:
            ratings[row.requester].append(rating)
    return {
        requester: statistics.median(values)
        for requester, values in ratings.items()
        if len(values) >= thresholds.consensus_min_others
    }


def find_swings(rows: Sequence[ReviewRow], thresholds: Thresholds) -> list[Swing]:
    rows = sorted(rows, key=lambda r: (r.created_at, id_key(r.review_id)))
    per_author = Counter(r.author for r in rows)
    thin = accounts_within(per_author, thresholds.swing_thin_max_reviews)
    medians = established_medians(rows, thin, thresholds)
    gap = thresholds.swing_min_gap
    # Per requester and direction: the eligible reviews (could be far) and the far-and-thin.
    eligible: dict[tuple[RequesterKey, int], list[ReviewRow]] = defaultdict(list)
    far: dict[tuple[RequesterKey, int], list[ReviewRow]] = defaultdict(list)
    far_established: dict[tuple[RequesterKey, int], set[Id]] = defaultdict(set)
    for row in rows:
        median = medians.get(row.requester)
        rating = row.mean_rating()
        if median is None or rating is None:
            continue
        direction = far_direction(row, rating, median, gap)
        for d in (ABOVE, BELOW):
            if could_be_far(row, median, d, gap):
                eligible[(row.requester, d)].append(row)
        if direction and row.author in thin:
            far[(row.requester, direction)].append(row)
        elif direction:
            far_established[(row.requester, direction)].add(row.author)
    eligible_count = {
        d: sum(len(v) for (_, dd), v in eligible.items() if dd == d) for d in (ABOVE, BELOW)
    }
    # Praise is judged against the requester's established reviewers as a relative pull
    # (established_pull.py): the platform's established share far above, per account.
    established_share = platform_share(
        sum(len(v) for (_, d), v in far_established.items() if d == ABOVE),
        sum(
            len({r.author for r in v if r.author not in thin})
            for (_, d), v in eligible.items()
            if d == ABOVE
        ),
        thresholds.swing_min_base_rate,
    )
    tested = depths(thresholds)
    # Far reviews by accounts of each history depth, and the platform's rate of them
    # (history_depth.py): the thinner the history, the rarer honest far reviews are.
    far_at = {
        depth: {key: [r for r in v if per_author[r.author] <= depth] for key, v in far.items()}
        for depth in tested
    }
    base = {
        (depth, d): max(
            thresholds.swing_min_base_rate,
            sum(len(v) for (_, dd), v in far_at[depth].items() if dd == d)
            / max(1, eligible_count[d]),
        )
        for depth in tested
        for d in (ABOVE, BELOW)
    }
    window = timedelta(days=thresholds.swing_window_days)
    swings = []
    for key in sorted(far, key=lambda k: (requester_key(k[0]), k[1])):

        def search(depth: int, key=key):
            candidates = far_at[depth][key]
            if len({r.author for r in candidates}) < thresholds.swing_min_accounts:
                return None
            span = _best_span(
                candidates,
                eligible[key],
                far_established.get(key, set()),
                thin,
                base[(depth, key[1])],
                window,
                replace(thresholds, swing_max_p_value=1.0),
                # Not at the thin limit: see established_pull.py (measured).
                established_share
                if key[1] == ABOVE and depth < thresholds.swing_thin_max_reviews
                else None,
            )
            return None if span is None else (span[0], (candidates, span))

        best = least_probable(search, depths(thresholds, key[1] == ABOVE))
        if best is None or best[0] > thresholds.swing_max_p_value:
            continue
        corrected, depth, (candidates, (p_value, i, j, n, rate)) = best
        swings.append(
            Swing(
                requester=key[0],
                direction=key[1],
                far=tuple(candidates[i : j + 1]),
                accounts_in_span=n,
                base_rate=rate,
                p_value=p_value,
                median=medians[key[0]],
                depth=depth,
                corrected_p_value=corrected,
            )
        )
    return swings


def _best_span(
    candidates,
    eligible,
    far_established,
    thin,
    q: float,
    window: timedelta,
    thresholds,
    established_share: float | None = None,
):
    """The span between two far-and-thin reviews (at most ``window`` long) whose count of
    far-and-thin accounts is least probable among the accounts reviewing in it, if that
    clears the thresholds: (p, first index, last index, accounts in span, rate used).

    The rate is the largest of ``q``, the requester's own rate outside the span and its
    established reviewers' inside it (both shrunk towards ``q`` with the weight of
    ``PRIOR_ACCOUNTS`` accounts); see the module docstring. For each first review the span
    grows review by review, so a requester costs O(candidates × eligible reviews)."""
    times = [r.created_at for r in eligible]
    accounts_total = len({r.author for r in eligible})
    far_accounts = {r.author for r in candidates}
    best = None
    for i, first in enumerate(candidates):
        seen: set[Id] = set()
        inside: set[Id] = set()
        far_inside = established_inside = established_far_inside = 0
        cursor = bisect_left(times, first.created_at)
        for j in range(i, len(candidates)):
            last = candidates[j]
            if last.created_at - first.created_at > window:
                break
            while cursor < len(eligible) and times[cursor] <= last.created_at:
                author = eligible[cursor].author
                cursor += 1
                if author in inside:
                    continue
                inside.add(author)
                far_inside += author in far_accounts
                if author not in thin:
                    established_inside += 1
                    established_far_inside += author in far_established
            seen.add(last.author)
            k = len(seen)
            if k < thresholds.swing_min_accounts:
                continue
            outside = accounts_total - len(inside)
            far_outside = len(far_accounts) - far_inside
            if established_share is None:
                established = shrunk_share(
                    established_far_inside, established_inside, q, PRIOR_ACCOUNTS
                )
            else:
                established = q * relative_pull(
                    established_far_inside, established_inside, established_share, PRIOR_ACCOUNTS
                )
            rate = max(q, shrunk_share(far_outside, outside, q, PRIOR_ACCOUNTS), established)
            n = len(inside)
            if k <= n * rate:
                continue
            p_value = binomial_tail(k, n, rate)
            if p_value <= thresholds.swing_max_p_value and (best is None or p_value < best[0]):
                best = (p_value, i, j, n, rate)
    return best


def detect_rating_swings(rows: Sequence[ReviewRow], thresholds: Thresholds) -> list[Detection]:
    by_author: dict[Id, list[ReviewRow]] = defaultdict(list)
    for row in rows:
        by_author[row.author].append(row)
    detections = []
    for swing in find_swings(rows, thresholds):
        counted = {r.author for r in swing.far}
        named = [r for r in swing.far if at_the_end(r, swing.direction)]
        accounts = {r.author for r in named}
        far_ids = {r.review_id for r in named}
        cover = [r for a in accounts for r in by_author[a] if r.review_id not in far_ids]
        direction = "above" if swing.direction == ABOVE else "below"
        first, last = swing.far[0].created_at, swing.far[-1].created_at
        evidence = (
            f"{plural(len(counted), 'account')} with thin histories (at most "
            f"{plural(swing.depth, 'review')} each) rated "
            f"{requester_label(swing.requester)} at least {thresholds.swing_min_gap:g} "
            f"points {direction} what its established reviewers say (median "
            f"{swing.median:.1f}) within {span_phrase(first, last)}: {len(counted)} of the "
            f"{swing.accounts_in_span} accounts reviewing it then, where {swing.base_rate:.1%} "
            f"would be usual for accounts with so few reviews (p = {swing.p_value:.1e}; "
            f"{swing.corrected_p_value:.1e} over the "
            f"{plural(len(depths(thresholds, swing.direction == ABOVE)), 'depth')} of "
            "history tested)."
            f" Named: the {plural(len(named), 'review')} at the end of the scale"
            f" ({'4.5 or more' if swing.direction == ABOVE else '1.5 or less'})"
            + (f" and their authors' {plural(len(cover), 'other review')}." if cover else ".")
        )
        if len(accounts) < thresholds.swing_min_accounts:
            continue
        strength = min(0.9, 0.75 + 0.02 * (len(accounts) - 4))
        if swing.direction == BELOW and last - first > timedelta(
            hours=thresholds.burst_window_hours
        ):
            # Damning spread over more than a day holds only what came together, when most of
            # it did (module docstring); else it is a hint: thin accounts complaining over
            # weeks are honest workers with a bad month as often as not.
            together = came_together(named, thresholds)
            if together is None:
                strength = BELOW_MAX_STRENGTH
                evidence += (
                    " Spread over more than a day, far below: a hint (a brigade comes together)."
                )
            else:
                left_out = len(accounts) - len({r.author for r in together})
                named, accounts = together, {r.author for r in together}
                far_ids = {r.review_id for r in named}
                cover = [r for a in accounts for r in by_author[a] if r.review_id not in far_ids]
                evidence += (
                    (
                        f" Of these, only the {plural(len(accounts), 'account')} that came "
                        f"within {thresholds.burst_window_hours:g} hours are named, not the "
                        f"{plural(left_out, 'other account')} far below on other days"
                    )
                    if left_out
                    else (f" All of them came within {thresholds.burst_window_hours:g} hours")
                ) + " (a brigade comes together, a bad month does not)."
        detections.append(
            Detection(
                kind=RATING_SWING,
                strength=strength,
                review_ids=tuple(far_ids | {r.review_id for r in cover}),
                accounts=tuple(accounts),
                evidence=evidence,
                details={
                    "direction": direction,
                    "median": round(swing.median, 2),
                    "far_review_ids": sorted(far_ids, key=id_key),
                    "far_reviews": len(swing.far),
                    "cover_reviews": len(cover),
                    "accounts_in_span": swing.accounts_in_span,
                    "base_rate": round(swing.base_rate, 4),
                    # What swing_folding.py re-tests: the rate unrounded, and every far thin
                    # account's far reviews in the span (counted, named or not).
                    "rate": swing.base_rate,
                    "span_far": [[r.author, r.review_id] for r in swing.far],
                    "p_value": float(f"{swing.p_value:.3g}"),
                    "corrected_p_value": float(f"{swing.corrected_p_value:.3g}"),
                    "history_depth": swing.depth,
                    "start": first.isoformat(),
                    "end": last.isoformat(),
                },
            )
        )
    return detections

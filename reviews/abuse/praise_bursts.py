"""Praise bursts: a burst of reviews on one requester that thin accounts wrote, lifting it.

A bought push often arrives all at once: the operator has the accounts ready (aged, each on
its own network, with a few ordinary reviews elsewhere as cover) and posts the praise within
a day or two. Its members are not new, so ``new_account_burst`` does not see them, and when
the requester is already rated 3.9 or 4.3 its 5 stars are not far enough from the consensus
for a rating swing (``swings.py`` asks 1.5 points), yet the push is the whole burst. Honest
bursts are batch waves: the workers who did the batch review it, thin and established ones
in their usual proportions (a third of all reviews are by accounts with at most five in the
rows, on the everyday honest model), rating it like each other. So the test is the
*composition* of a burst, as for new accounts, with the swing's yardsticks:

- **Burst.** An episode from ``bursts.find_burst_episodes`` (Poisson-improbable volume
  against the requester's trailing rate).
- **Lifting.** A rated review (a recommend-only yes is not five stars) at the end of the
  scale (mean ≥ ``swing_naming.END_ABOVE``, 4.5) and at least ``praise_burst_min_lift`` (0.5)
  above the requester's established median (``swings.established_medians``): the campaign
  gives the most it can, and a 5 where everyone says 5 lifts nothing.
- **Thin.** At most ``swing_thin_max_reviews`` reviews in the rows, as for the swing.
- **Surprise.** ``k`` of the episode's ``n`` accounts are thin and lifting. Their rate is the
  largest of the platform's share ``s`` of such reviews (among rated reviews of requesters
  whose median leaves room: at most 4.5), the requester's own share outside the episode
  (thin lifting accounts among its other reviewers, shrunk towards ``s`` with
  ``swings.PRIOR_ACCOUNTS``) and ``s`` times the relative pull of the episode's established
  reviewers (``established_pull.py``: when a batch really paid a bonus, the established
  workers in the wave lift it too, and thin ones beside them are no campaign). A burst holds
  when ``k`` ≥ ``swing_min_accounts`` and the binomial tail P(X ≥ k; n, rate) ≤
  ``praise_burst_max_p_value`` (1e-5, the level of the other crowd tests).

Measured before the rule was kept (small, seeds 1–13, both honest models, honest traffic of
every attack scenario; full everyday seeds 1–3): the least probable honest burst was 4.0e-3
(a 48× batch wave on a requester rated 3 in which 9 of 22 accounts were thin fans, against
an own rate of 0.2); filler puppets' pushes came at 5e-5 to 1e-11, aged rings' at 1e-4 to
1e-11.

What it names: the lifting reviews of the thin accounts in the burst and those accounts'
other reviews in the rows (their cover, as the swing names it: a thin account's whole short
history is the evidence that it was opened or bought for this). Like the swing, it needs
every review of the period (histories, medians and the platform share), so the per-review
check leaves it to the periodic sweep.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from reviews.abuse.bursts import BurstEpisode
from reviews.abuse.detection import PRAISE_BURST, Detection, plural, span_phrase
from reviews.abuse.established_pull import platform_share, relative_pull
from reviews.abuse.history_depth import accounts_within
from reviews.abuse.rows import Id, RequesterKey, ReviewRow, id_key, requester_label
from reviews.abuse.stats import binomial_tail, shrunk_share
from reviews.abuse.swing_naming import END_ABOVE
from reviews.abuse.swings import PRIOR_ACCOUNTS, established_medians
from reviews.abuse.thresholds import Thresholds


def lifts(row: ReviewRow, median: float, min_lift: float) -> bool:
    """Whether a review lifts its requester: rated (not recommend-only), at the end of the
    scale and at least ``min_lift`` above the established ``median``."""
    rating = row.mean_rating() if row.ratings else None
    return rating is not None and rating >= END_ABOVE and rating - median >= min_lift


def burst_rate(
    platform: float,
    own_far: int,
    own_accounts: int,
    established_far: int,
    established: int,
    established_share: float,
) -> float:
    """The rate a burst's thin lifting accounts are judged against: the largest of the
    platform's share, the requester's own share outside the burst (shrunk towards it) and
    the platform's share times the pull of the burst's established reviewers."""
    own = shrunk_share(own_far, own_accounts, platform, PRIOR_ACCOUNTS)
    pull = platform * relative_pull(established_far, established, established_share, PRIOR_ACCOUNTS)
    return max(platform, own, pull)


def detect_praise_bursts(
    rows: Sequence[ReviewRow], episodes: Sequence[BurstEpisode], thresholds: Thresholds
) -> list[Detection]:
    per_author = Counter(r.author for r in rows)
    thin = accounts_within(per_author, thresholds.swing_thin_max_reviews)
    medians = established_medians(rows, thin, thresholds)
    min_lift = thresholds.praise_burst_min_lift
    roomy = {key for key, median in medians.items() if median <= 5 - min_lift}
    # Rated reviews of requesters whose median leaves room to lift, per requester.
    eligible: dict[RequesterKey, list[ReviewRow]] = defaultdict(list)
    for row in rows:
        if row.requester in roomy and row.ratings:
            eligible[row.requester].append(row)

    def lifting(row: ReviewRow) -> bool:
        return lifts(row, medians[row.requester], min_lift)

    everyone = [r for group in eligible.values() for r in group]
    platform = platform_share(
        sum(1 for r in everyone if r.author in thin and lifting(r)),
        len(everyone),
        thresholds.swing_min_base_rate,
    )
    established_pairs = {(r.author, r.requester) for r in everyone if r.author not in thin}
    established_share = platform_share(
        len({(r.author, r.requester) for r in everyone if r.author not in thin and lifting(r)}),
        len(established_pairs),
        thresholds.swing_min_base_rate,
    )
    by_author: dict[Id, list[ReviewRow]] = defaultdict(list)
    for row in rows:
        by_author[row.author].append(row)
    detections = []
    for episode in episodes:
        if episode.requester not in roomy:
            continue
        inside_ids = {r.review_id for r in episode.reviews}
        accounts = {r.author for r in episode.reviews}
        named = [r for r in episode.reviews if r.author in thin and lifting(r)]
        puppets = {r.author for r in named}
        if len(puppets) < thresholds.swing_min_accounts:
            continue
        established = {r.author for r in episode.reviews if r.author not in thin}
        established_far = {
            r.author for r in episode.reviews if r.author in established and lifting(r)
        }
        outside = [r for r in eligible[episode.requester] if r.review_id not in inside_ids]
        outside_accounts = {r.author for r in outside} - accounts
        outside_far = {r.author for r in outside if r.author in thin and lifting(r)} - accounts
        rate = burst_rate(
            platform,
            len(outside_far),
            len(outside_accounts),
            len(established_far),
            len(established),
            established_share,
        )
        p_value = binomial_tail(len(puppets), len(accounts), rate)
        if p_value > thresholds.praise_burst_max_p_value:
            continue
        far_ids = {r.review_id for r in named}
        cover = [r for a in puppets for r in by_author[a] if r.review_id not in far_ids]
        median = medians[episode.requester]
        evidence = (
            f"{len(puppets)} of the {plural(len(accounts), 'account')} reviewing "
            f"{requester_label(episode.requester)} in a burst of "
            f"{span_phrase(episode.start, episode.end)} had thin histories (at most "
            f"{plural(thresholds.swing_thin_max_reviews, 'review')} each) and rated it "
            f"{END_ABOVE:g} or more, at least {min_lift:g} above what its established "
            f"reviewers say (median {median:.1f}), where {rate:.1%} would be usual "
            f"(p = {p_value:.1e}). Named: those {plural(len(named), 'review')}"
            + (f" and their authors' {plural(len(cover), 'other review')}." if cover else ".")
        )
        detections.append(
            Detection(
                kind=PRAISE_BURST,
                strength=min(0.9, 0.75 + 0.02 * (len(puppets) - thresholds.swing_min_accounts)),
                review_ids=tuple(far_ids | {r.review_id for r in cover}),
                accounts=tuple(puppets),
                evidence=evidence,
                details={
                    "requester": list(episode.requester),
                    "start": episode.start.isoformat(),
                    "end": episode.end.isoformat(),
                    "median": round(median, 2),
                    "accounts_in_burst": len(accounts),
                    # What swing_folding.py re-tests, under the names a swing gives them.
                    "direction": "above",
                    "far_review_ids": sorted(far_ids, key=id_key),
                    "accounts_in_span": len(accounts),
                    "rate": rate,
                    "span_far": [[r.author, r.review_id] for r in named],
                    "thin_lifting_accounts": len(puppets),
                    "established_in_burst": len(established),
                    "p_value": float(f"{p_value:.3g}"),
                    "cover_reviews": len(cover),
                },
            )
        )
    return detections

"""Folding a rating swing, or a praise burst, into the more specific detections that hold
the same campaign.

A swing (``swings.py``) is the coarsest evidence there is: it names every thin account far the
same way in the span, campaign member or not. When more specific evidence (new accounts, a
shared network, copied text) already holds at least half of its far reviews, what the swing
would add is mostly honest accounts who happened to agree, so it becomes a hint
(``FOLDED_STRENGTH``), listed under the entry of the held reviews.

Unless what is left is still improbable (``still_improbable``). A large campaign is often
caught only in part by the specific signals: ten of a brigade's seventeen accounts are new or
share a network, the other seven are aged and on their own networks. Folding the swing then
lets those seven go, although they alone would be a swing. So a folded swing re-tests what it
would add: its ``k`` far thin accounts of the ``n`` reviewing the requester in the span, less
the ``e`` accounts other signals already hold, that is ``k − e`` of ``n − e``, at the rate the
swing was tested with and with the swing's correction for the history depths it tried
(``history_depth.corrected_tail``). When that tail is still at most ``swing_max_p_value`` from
at least ``swing_min_accounts`` accounts left, the rest is a swing by itself and it keeps
holding; else it is folded. Removing the held accounts from both counts takes away exactly
the evidence already used, and the tail of what is left is never smaller than the swing's own
(k of n far implies at least k − e of the other n − e far), so the re-test is stricter than
the swing was: a few honest accounts who happened to agree with a held campaign, among the
ordinary reviewers of the span, are folded as before.

A praise burst (``praise_bursts.py``) is crowd evidence of the same coarse kind: it names
every thin account lifting the requester in the burst, and a burst of new puppets, held by
``new_account_burst``, has honest new workers in it who liked the requester too (the
new-account burst leaves them out on purpose: see "Who a new-account burst names"). So it is
folded and re-tested the same way, at its own rate and level and with no depth correction
(it tests one depth). Neither coarse kind folds the other: each is folded only against the
specific signals, so a praise burst never takes a swing's further accounts away.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reviews.abuse.detection import PRAISE_BURST, RATING_SWING, Detection
from reviews.abuse.history_depth import corrected_tail, depths
from reviews.abuse.rows import Id
from reviews.abuse.stats import binomial_tail
from reviews.abuse.thresholds import Thresholds

# A swing mostly held by more specific detectors already: a hint, below the hold threshold.
FOLDED_STRENGTH = 0.6
# The coarse crowd detections that are folded into the specific ones.
FOLDED_KINDS = (RATING_SWING, PRAISE_BURST)


@dataclass(frozen=True)
class Retest:
    """A folded swing's test over the accounts other signals do not hold yet."""

    accounts_left: int
    accounts_in_span_left: int
    held_accounts: int
    corrected_p_value: float
    tests: int  # the tail is multiplied by it: a swing's depths tested, 1 for a burst
    holds: bool


def still_improbable(swing: Detection, held: set[Id], thresholds: Thresholds) -> Retest:
    """The swing's (or praise burst's) test on its far thin accounts that no other detection
    holds (``k − e`` of ``n − e`` at its rate, corrected for the depths a swing tested;
    module docstring)."""
    far_by_account: dict[Id, set[Id]] = {}
    for account, review_id in swing.details["span_far"]:
        far_by_account.setdefault(account, set()).add(review_id)
    held_accounts = sum(1 for ids in far_by_account.values() if ids & held)
    left = len(far_by_account) - held_accounts
    in_span_left = swing.details["accounts_in_span"] - held_accounts
    if swing.kind == PRAISE_BURST:
        tests, level = 1, thresholds.praise_burst_max_p_value
    else:
        tests = len(depths(thresholds, swing.details["direction"] == "above"))
        level = thresholds.swing_max_p_value
    p_value = corrected_tail(binomial_tail(left, in_span_left, swing.details["rate"]), tests)
    return Retest(
        accounts_left=left,
        accounts_in_span_left=in_span_left,
        held_accounts=held_accounts,
        corrected_p_value=p_value,
        tests=tests,
        holds=left >= thresholds.swing_min_accounts and p_value <= level,
    )


def fold_swings(detections: list[Detection], thresholds: Thresholds) -> list[Detection]:
    """Swings and praise bursts whose far reviews are mostly (at least half) held by the
    specific detections become hints, unless the accounts left are still improbable by
    themselves (module docstring); the moderator still sees a folded one, under the entry
    of the held reviews."""
    held = {
        review_id
        for d in detections
        if d.kind not in FOLDED_KINDS and d.holds(thresholds)
        for review_id in d.review_ids
    }
    folded = []
    for d in detections:
        if d.kind in FOLDED_KINDS and d.holds(thresholds):
            far_ids = d.details["far_review_ids"]
            if 2 * sum(1 for i in far_ids if i in held) >= len(far_ids):
                d = _folded_or_kept(d, still_improbable(d, held, thresholds))
        folded.append(d)
    return folded


def _folded_or_kept(swing: Detection, retest: Retest) -> Detection:
    details = {**swing.details, "retest_p_value": float(f"{retest.corrected_p_value:.3g}")}
    if not retest.holds:
        return replace(
            swing,
            strength=FOLDED_STRENGTH,
            evidence=swing.evidence + " Most of them are held by other signals already.",
            details=details,
        )
    return replace(
        swing,
        evidence=swing.evidence
        + f" Other signals hold {retest.held_accounts} of its accounts already;"
        f" the other {retest.accounts_left} of the {retest.accounts_in_span_left} accounts"
        f" reviewing it then are still improbable by themselves (p = "
        f"{retest.corrected_p_value:.1e}{' over the depths tested' if retest.tests > 1 else ''}"
        "), so it keeps holding.",
        details=details,
    )

"""What, besides alike texts, says a group of accounts acts together: the combination rule.

Similar text is a weak signal on its own. Honest workers write short, formulaic reviews, copy
a phrase they liked, and a household or a forum thread passes wording around; rarity weighting
(``rare_text.py``) removes most of that, not all. So a near-duplicate group holds its reviews
only when its accounts also look coordinated in ways honest look-alikes rarely do. Each
factor below is common enough among honest accounts by itself (new workers join every day,
households share a network, a batch brings many reviews in a day); what is rare is a
high-information text match *and* one of them, more so two. The rule:

- a **pair** of accounts holds only with **three or more factors**: two friends, one of whom
  joined on the other's advice, reviewing the same requester in shared words are new and
  concentrated without being a ring; a third oddity (a shared small network, a one-sided
  rating against the consensus, two single-purpose histories) is what a pair of puppets adds;
- otherwise **two or more factors** hold (each factor alone is plausible for honest writers;
  together with a rare shared text, an innocent explanation needs three coincidences);
- **one factor** holds only when at least ``near_duplicate_hold_accounts`` accounts share the
  text (a pair or trio copying one text can be friends; four or more accounts pasting the
  same rare text and also alike in another way is a campaign);
- **no factor**: a hint for moderators, collapsed, never a hold.

Texts that are alike only at the looser same-target thresholds (``near_duplicates.py``: on
one requester within a week, half the similarity and information of a copy; a reworded
message) are weaker text evidence than a copy, so such a group of three or more accounts
holds like a pair: with **three or more factors** (``holds_on_one_target``), one of them the
concentration it has by construction. Puppets reworded from one brief are new or single
purpose and rate against the consensus; honest reviewers of one requester who happen to
write the same everyday sentences in one week rarely are both.

The factors, each judged over the group's accounts and reviews:

- ``new_accounts``: at least half the accounts were under ``new_account_days`` old when they
  wrote their copy, *and* that many new accounts among the group's would be improbable
  (binomial tail ≤ ``corroboration_max_p_value``) at the share of the other rows that new
  accounts write (never assumed under ``new_account_burst_min_usual_share``). New workers
  join every day: where one review in eleven is a new account's (the everyday model at full
  size), two of four strangers who happen to write the same long everyday sentence over six
  weeks are new in one group in 23 (p ≈ 0.044); that is no oddity. All of a pair new
  (p ≈ 0.008) or three of four (p ≈ 0.003) is. Between the two (tail ≤
  ``corroboration_weak_max_p_value``) it is ``new_accounts_weak``: a weak factor that counts
  beside another factor and never alone. Each factor is judged as if it were the only
  evidence, but a group showing two is judged on both: honest look-alikes that happen to be
  one in 20 groups on new accounts *and* also single purpose (every review a copy) or
  concentrated need two independent coincidences, an abuser who opened some of the accounts
  for the job and used them for nothing else shows both by design. Three accounts, two of
  them a few days old, pasting one text on twelve requesters as all they wrote is a
  campaign although two new of three is only p ≈ 0.02 where one review in nine is a new
  account's; four strangers, two new, each writing one everyday sentence once over six weeks
  show nothing else and stay a hint;
- ``single_purpose``: at least half the accounts wrote two or more copies, and most (≥ 75%)
  of their reviews in the rows are in the group (one review says nothing about a purpose:
  every new worker's first review would look single-purpose);
- ``shared_network``: two or more accounts share a network fingerprint that few accounts
  use (at most ``self_review_max_network_accounts``: not a carrier or a campus);
- ``concentrated``: all copies on one requester, or all within ``burst_window_hours``;
- ``consensus``: at least two thirds of the rated copies sit ``consensus_min_gap`` points or
  more from the median of other accounts' ratings of the same requester, all of them on one
  side. A campaign pushes one way; strangers who happen to reuse one everyday sentence rate
  as they found the work (full everyday ``none`` seed 10: four of them rated 5, 5, 2 and 1,
  three far from the median but on both sides, and held four honest reviews).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reviews.abuse.consensus import far_direction
from reviews.abuse.rows import AccountNetworks, Id, RequesterKey, ReviewRow
from reviews.abuse.stats import binomial_tail
from reviews.abuse.thresholds import Thresholds

SINGLE_PURPOSE_SHARE = 0.75
# A pair of accounts sharing a text needs this many factors (see the module docstring).
PAIR_FACTORS = 3
CONSENSUS_SHARE = 2 / 3
# New accounts among the group only somewhat improbable: a factor beside another, never alone.
WEAK_NEW_ACCOUNTS = "new_accounts_weak"


@dataclass(frozen=True)
class Context:
    """What the factors read from all the rows, built once per detection run."""

    reviews_per_author: Counter
    network_accounts: dict[str, set[Id]]
    ratings: dict[RequesterKey, list[tuple[Id, float]]]
    account_networks: AccountNetworks
    # How many rows there are, and how many of them new accounts wrote.
    rows: int = 0
    new_rows: int = 0

    @classmethod
    def of(
        cls,
        rows: Sequence[ReviewRow],
        account_networks: AccountNetworks | None = None,
        thresholds: Thresholds | None = None,
    ) -> Context:
        new_days = (thresholds or Thresholds()).new_account_days
        networks: dict[str, set[Id]] = defaultdict(set)
        ratings: dict[RequesterKey, list[tuple[Id, float]]] = defaultdict(list)
        new_rows = 0
        for row in rows:
            new_rows += row.account_age_days() < new_days
            if row.network:
                networks[row.network].add(row.author)
            rating = row.mean_rating()
            if rating is not None:
                ratings[row.requester].append((row.author, rating))
        for account, nets in (account_networks or {}).items():
            for network in nets:
                networks[network].add(account)
        return cls(
            Counter(r.author for r in rows),
            dict(networks),
            dict(ratings),
            account_networks or {},
            rows=len(rows),
            new_rows=new_rows,
        )

    def usual_new_share(self, group: Sequence[ReviewRow], thresholds: Thresholds) -> float:
        """The share of the rows outside ``group`` that new accounts wrote (never below the
        floor: a handful of rows says nothing about how often new accounts review)."""
        outside = self.rows - len(group)
        new_outside = self.new_rows - sum(
            1 for r in group if r.account_age_days() < thresholds.new_account_days
        )
        share = new_outside / outside if outside > 0 else 0.0
        return max(thresholds.new_account_burst_min_usual_share, share)


def factors(group: Sequence[ReviewRow], context: Context, thresholds: Thresholds) -> list[str]:
    """The corroborating factors a near-duplicate group shows, in a fixed order."""
    accounts = {r.author for r in group}
    found = []
    first_copy: dict[Id, ReviewRow] = {}
    for row in group:
        first_copy.setdefault(row.author, row)
    new = sum(1 for r in first_copy.values() if r.account_age_days() < thresholds.new_account_days)
    new_p = (
        binomial_tail(new, len(accounts), context.usual_new_share(group, thresholds))
        if 2 * new >= len(accounts)
        else 1.0
    )
    if new_p <= thresholds.corroboration_max_p_value:
        found.append("new_accounts")
    in_group = Counter(r.author for r in group)
    single = sum(
        1
        for a in accounts
        if in_group[a] >= 2 and in_group[a] >= SINGLE_PURPOSE_SHARE * context.reviews_per_author[a]
    )
    if 2 * single >= len(accounts):
        found.append("single_purpose")
    if _share_a_small_network(accounts, group, context, thresholds):
        found.append("shared_network")
    span = (group[-1].created_at - group[0].created_at).total_seconds() / 3600
    if len({r.requester for r in group}) == 1 or span <= thresholds.burst_window_hours:
        found.append("concentrated")
    if _deviate_from_consensus(group, context, thresholds):
        found.append("consensus")
    if found and thresholds.corroboration_max_p_value < new_p <= (
        thresholds.corroboration_weak_max_p_value
    ):
        # A weak factor: it adds to another factor, it never stands alone (module docstring).
        found.insert(0, WEAK_NEW_ACCOUNTS)
    return found


def holds(factor_count: int, account_count: int, thresholds: Thresholds) -> bool:
    """The combination rule (see the module docstring)."""
    if account_count <= 2:
        return factor_count >= PAIR_FACTORS
    if factor_count >= 2:
        return True
    return factor_count == 1 and account_count >= thresholds.near_duplicate_hold_accounts


def holds_on_one_target(factor_count: int) -> bool:
    """The rule for a same-target group of looser look-alikes: as many factors as a pair of
    copying accounts needs (see the module docstring)."""
    return factor_count >= PAIR_FACTORS


def _share_a_small_network(accounts, group, context: Context, thresholds: Thresholds) -> bool:
    on: dict[str, set[Id]] = defaultdict(set)
    for row in group:
        if row.network:
            on[row.network].add(row.author)
    for account in accounts:
        for network in context.account_networks.get(account, ()):
            on[network].add(account)
    return any(
        len(members) >= 2
        and len(context.network_accounts.get(network, members))
        <= thresholds.self_review_max_network_accounts
        for network, members in on.items()
    )


def _deviate_from_consensus(group, context: Context, thresholds: Thresholds) -> bool:
    """Whether at least ``CONSENSUS_SHARE`` of the compared copies sit far from the other
    reviewers' median, all of them on one side (module docstring: a campaign pushes one way)."""
    accounts = {r.author for r in group}
    compared = 0
    directions = []
    for row in group:
        rating = row.mean_rating()
        if rating is None:
            continue
        others = [v for a, v in context.ratings.get(row.requester, ()) if a not in accounts]
        if len(others) < thresholds.consensus_min_others:
            continue
        compared += 1
        direction = far_direction(
            row, rating, statistics.median(others), thresholds.consensus_min_gap
        )
        if direction:
            directions.append(direction)
    one_side = len(set(directions)) == 1
    return compared > 0 and one_side and len(directions) >= CONSENSUS_SHARE * compared

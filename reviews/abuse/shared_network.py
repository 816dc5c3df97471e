"""Several accounts writing from one network fingerprint about the same requester.

Fingerprints are keyed hashes of an IP prefix and user agent, so one household, office, campus
or mobile carrier can share one. Two guards keep those out: the accounts must review the
requester within ``shared_network_window_days`` of each other, and their number must be
improbable for that network: if a requester is reviewed by a share ``reach`` of all accounts
in the rows, the chance that ``k`` or more of the network's ``n`` accounts review it is the
binomial tail P(X ≥ k), X ~ Bin(n, reach), which must be at most
``shared_network_max_p_value``. Ten of a carrier's forty accounts reviewing the most popular
requester is ordinary; five new accounts, all of their network, reviewing a small one is not.

It holds only when at least half the accounts named were new (under ``new_account_days``) when
they wrote: established accounts on one network reviewing one requester are housemates or
classmates who found the same work (a campus network puts dozens of long-standing workers on one
fingerprint, and they tell each other about good requesters), so among them the finding is a
hint (strength at most ``ESTABLISHED_MAX_STRENGTH``, below the hold threshold). Sock puppets are
accounts made for the job; that is what the new-account condition asks for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import timedelta

from reviews.abuse.detection import SHARED_NETWORK, Detection, plural, span_phrase
from reviews.abuse.rows import (
    AccountNetworks,
    Id,
    RequesterKey,
    ReviewRow,
    id_key,
    requester_key,
    requester_label,
)
from reviews.abuse.stats import binomial_tail
from reviews.abuse.thresholds import Thresholds

ESTABLISHED_MAX_STRENGTH = 0.6


def accounts_by_network(
    rows: Sequence[ReviewRow], account_networks: AccountNetworks | None = None
) -> dict[str, set[Id]]:
    accounts: dict[str, set[Id]] = defaultdict(set)
    for row in rows:
        if row.network:
            accounts[row.network].add(row.author)
    for account, networks in (account_networks or {}).items():
        for network in networks:
            accounts[network].add(account)
    return accounts


def detect_shared_networks(
    rows: Sequence[ReviewRow],
    thresholds: Thresholds,
    *,
    account_networks: AccountNetworks | None = None,
) -> list[Detection]:
    network_accounts = accounts_by_network(rows, account_networks)
    groups: dict[tuple[RequesterKey, str], list[ReviewRow]] = defaultdict(list)
    reviewers: dict[RequesterKey, set] = defaultdict(set)
    for row in rows:
        reviewers[row.requester].add(row.author)
        if row.network:
            groups[(row.requester, row.network)].append(row)
    population = len({row.author for row in rows})
    window = timedelta(days=thresholds.shared_network_window_days)
    detections = []
    for (requester, network), group in sorted(
        groups.items(), key=lambda kv: (requester_key(kv[0][0]), kv[0][1])
    ):
        if len({r.author for r in group}) < thresholds.shared_network_min_accounts:
            continue
        group.sort(key=lambda r: (r.created_at, id_key(r.review_id)))
        in_window: Counter = Counter()
        marked: set[int] = set()
        lo = 0
        for i, row in enumerate(group):
            in_window[row.author] += 1
            while group[lo].created_at < row.created_at - window:
                in_window[group[lo].author] -= 1
                if not in_window[group[lo].author]:
                    del in_window[group[lo].author]
                lo += 1
            if len(in_window) >= thresholds.shared_network_min_accounts:
                marked.update(range(lo, i + 1))
        if not marked:
            continue
        named = [group[i] for i in sorted(marked)]
        accounts = {r.author for r in named}
        on_network = len(network_accounts[network])
        reach = len(reviewers[requester]) / population
        p_value = binomial_tail(len(accounts), on_network, reach)
        if p_value > thresholds.shared_network_max_p_value:
            continue
        young = {r.author for r in named if r.account_age_days() < thresholds.new_account_days}
        strength = 0.35 + 0.1 * len(accounts)
        if len(young) * 2 >= len(accounts):
            strength = min(strength + 0.15, 0.95)
        else:
            strength = min(strength, ESTABLISHED_MAX_STRENGTH)
        young_note = f", {len(young)} of them less than a week old" if young else ""
        evidence = (
            f"{plural(len(accounts), 'account')} writing from the same network reviewed "
            f"{requester_label(requester)} within "
            f"{span_phrase(named[0].created_at, named[-1].created_at)} "
            f"({plural(len(named), 'review')}){young_note}. The network has "
            f"{plural(on_network, 'account')} in all, and {reach:.1%} of all accounts "
            "reviewed this requester."
        )
        detections.append(
            Detection(
                kind=SHARED_NETWORK,
                strength=strength,
                review_ids=tuple(r.review_id for r in named),
                accounts=tuple(accounts),
                evidence=evidence,
                details={
                    "requester": list(requester),
                    "network": network,
                    "accounts_on_network": on_network,
                    "requester_reach": round(reach, 4),
                    "p_value": float(f"{p_value:.3g}"),
                    "young_accounts": len(young),
                    "start": named[0].created_at.isoformat(),
                    "end": named[-1].created_at.isoformat(),
                },
            )
        )
    return detections

"""Reviews of a requester by its own approved representatives, or by their other accounts.

An "other account" shares a network fingerprint with a representative (from any action the
representative took, not only reviews). A network shared by ``self_review_max_network_accounts``
accounts or more ties nobody to anybody and is ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reviews.abuse.detection import SELF_REVIEW, Detection, plural
from reviews.abuse.rows import (
    AccountNetworks,
    Id,
    Representatives,
    RequesterKey,
    ReviewRow,
    id_key,
    requester_key,
    requester_label,
)
from reviews.abuse.shared_network import accounts_by_network
from reviews.abuse.thresholds import Thresholds


def detect_self_reviews(
    rows: Sequence[ReviewRow],
    representatives: Representatives,
    thresholds: Thresholds,
    *,
    account_networks: AccountNetworks | None = None,
) -> list[Detection]:
    if not representatives:
        return []
    networks_of: dict[Id, set[str]] = defaultdict(set)
    for row in rows:
        if row.network:
            networks_of[row.author].add(row.network)
    for account, networks in (account_networks or {}).items():
        networks_of[account].update(networks)
    network_accounts = accounts_by_network(rows, account_networks)

    found: dict[tuple[RequesterKey, Id], list[ReviewRow]] = defaultdict(list)
    how: dict[tuple[RequesterKey, Id], tuple[str, Id | None]] = {}
    for row in rows:
        reps = representatives.get(row.requester)
        if not reps:
            continue
        key = (row.requester, row.author)
        if row.author in reps:
            found[key].append(row)
            how[key] = ("representative", None)
            continue
        shared = None
        for rep in sorted(reps, key=id_key):
            common = {
                n
                for n in networks_of[row.author] & networks_of[rep]
                if len(network_accounts[n]) < thresholds.self_review_max_network_accounts
            }
            if common:
                shared = rep
                break
        if shared is not None:
            found[key].append(row)
            how.setdefault(key, ("shares_network", shared))
    detections = []
    for key in sorted(found, key=lambda k: (requester_key(k[0]), id_key(k[1]))):
        requester, author = key
        reviews = found[key]
        relation, rep = how[key]
        label = requester_label(requester)
        if relation == "representative":
            strength = 0.95
            evidence = (
                f"Account {author} is an approved representative of {label} and wrote "
                f"{plural(len(reviews), 'review')} of it."
            )
        else:
            strength = 0.85
            evidence = (
                f"Account {author} shares a network with {label}'s representative {rep} and "
                f"wrote {plural(len(reviews), 'review')} of it."
            )
        detections.append(
            Detection(
                kind=SELF_REVIEW,
                strength=strength,
                review_ids=tuple(r.review_id for r in reviews),
                accounts=(author,) if rep is None else (author, rep),
                evidence=evidence,
                details={"requester": list(requester), "relation": relation},
            )
        )
    return detections

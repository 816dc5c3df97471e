"""Helpful votes traded inside a group: a hint for moderators, never a hold.

Two patterns, over plain ``VoteRow``s (who voted, on which review, whose review, when):

- a **ring**: accounts that up-vote each other's reviews (every member both gives and gets
  votes inside the group, the group is connected by mutual votes) and give most of their
  votes to one another;
- a **clique**: several accounts whose votes go mostly to one author's reviews, making up
  most of what that author's reviews got.

Friends who read each other's reviews now and then don't reach the thresholds; a group that
votes mostly for itself does. A detection names the reviews that got the group's votes and
the accounts involved, with strength at most ``MAX_STRENGTH`` (below any hold threshold, and
its kind is not one that holds): moderators look, nothing is taken out of the scores, since
helpful votes never enter them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reviews.abuse.detection import Detection, plural, sort_detections, span_phrase
from reviews.abuse.rows import Id, id_key

VOTE_RING = "vote_ring"
MAX_STRENGTH = 0.6


@dataclass(frozen=True, slots=True)
class VoteRow:
    voter: Id
    review_id: Id
    review_author: Id
    created_at: datetime


@dataclass(frozen=True)
class VoteRingLimits:
    """When a group's voting is worth a moderator's look."""

    # A ring: at least this many accounts, each giving and getting votes inside it, …
    ring_min_accounts: int = 3
    # … with at least this many votes inside it …
    ring_min_votes: int = 6
    # … which are at least this share of all the votes its members gave, …
    ring_min_inside_share: float = 0.75
    # … and most pairs of members vote for each other (regulars of a busy community form a
    # large, sparse web of mutual votes; a ring is tight).
    ring_min_density: float = 0.5
    # A clique: at least this many accounts, each giving one author at least
    # clique_min_votes_each votes and at least clique_min_focus of all their votes …
    clique_min_accounts: int = 3
    clique_min_votes_each: int = 2
    clique_min_focus: float = 0.75
    # … together at least this share of the votes the author's reviews got.
    clique_min_share_of_target: float = 0.5


def detect_vote_rings(
    votes: Sequence[VoteRow],
    limits: VoteRingLimits | None = None,
    *,
    since: datetime | None = None,
) -> list[Detection]:
    """Rings and cliques in ``votes``, strongest first. With ``since``, only groups with at
    least one of their votes at or after it are reported (older votes are context)."""
    limits = limits or VoteRingLimits()
    votes = [v for v in votes if v.voter != v.review_author]
    detections = [*_rings(votes, limits), *_cliques(votes, limits)]
    if since is not None:
        detections = [
            d for d in detections if datetime.fromisoformat(d.details["last_vote_at"]) >= since
        ]
    return sort_detections(detections)


def _given(votes: Iterable[VoteRow]) -> dict[Id, int]:
    given: dict[Id, int] = defaultdict(int)
    for vote in votes:
        given[vote.voter] += 1
    return given


def _components(edges: dict[Id, set[Id]]) -> list[list[Id]]:
    seen: set[Id] = set()
    groups = []
    for start in sorted(edges, key=id_key):
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for neighbour in edges[node]:
                if neighbour not in seen:
                    seen.add(neighbour)
                    stack.append(neighbour)
        groups.append(sorted(group, key=id_key))
    return groups


def _detection(
    kind_details: dict, members: Iterable[Id], group_votes: list[VoteRow], evidence: str, strength
) -> Detection:
    first = min(v.created_at for v in group_votes)
    last = max(v.created_at for v in group_votes)
    return Detection(
        kind=VOTE_RING,
        strength=min(MAX_STRENGTH, strength),
        review_ids=tuple(v.review_id for v in group_votes),
        accounts=tuple(members),
        evidence=evidence + f" within {span_phrase(first, last)}.",
        details={
            **kind_details,
            "first_vote_at": first.isoformat(),
            "last_vote_at": last.isoformat(),
        },
    )


def _rings(votes: list[VoteRow], limits: VoteRingLimits) -> list[Detection]:
    pairs: set[tuple[Id, Id]] = {(v.voter, v.review_author) for v in votes}
    mutual: dict[Id, set[Id]] = defaultdict(set)
    for voter, author in pairs:
        if (author, voter) in pairs:
            mutual[voter].add(author)
    given = _given(votes)
    found = []
    for members in _components(mutual):
        if len(members) < limits.ring_min_accounts:
            continue
        pairs_inside = sum(len(mutual[m]) for m in members) / 2
        if pairs_inside / (len(members) * (len(members) - 1) / 2) < limits.ring_min_density:
            continue
        group = set(members)
        inside = [v for v in votes if v.voter in group and v.review_author in group]
        total = sum(given[m] for m in members)
        share = len(inside) / total
        if len(inside) < limits.ring_min_votes or share < limits.ring_min_inside_share:
            continue
        found.append(
            _detection(
                {
                    "pattern": "ring",
                    "accounts": len(members),
                    "votes_inside": len(inside),
                    "votes_given": total,
                },
                members,
                inside,
                f"{plural(len(members), 'account')} up-voted each other's reviews: "
                f"{len(inside)} of the {plural(total, 'helpful vote')} they gave went to one "
                "another",
                0.3 + 0.3 * share * min(1.0, len(inside) / (3 * limits.ring_min_votes)),
            )
        )
    return found


def _cliques(votes: list[VoteRow], limits: VoteRingLimits) -> list[Detection]:
    given = _given(votes)
    by_target: dict[Id, list[VoteRow]] = defaultdict(list)
    for vote in votes:
        by_target[vote.review_author].append(vote)
    found = []
    for target in sorted(by_target, key=id_key):
        received = by_target[target]
        per_voter: dict[Id, list[VoteRow]] = defaultdict(list)
        for vote in received:
            per_voter[vote.voter].append(vote)
        clique = sorted(
            (
                voter
                for voter, theirs in per_voter.items()
                if len(theirs) >= limits.clique_min_votes_each
                and len(theirs) / given[voter] >= limits.clique_min_focus
            ),
            key=id_key,
        )
        if len(clique) < limits.clique_min_accounts:
            continue
        group_votes = [v for v in received if v.voter in set(clique)]
        share = len(group_votes) / len(received)
        if share < limits.clique_min_share_of_target:
            continue
        focus = len(group_votes) / sum(given[v] for v in clique)
        found.append(
            _detection(
                {
                    "pattern": "clique",
                    "target": target,
                    "accounts": len(clique),
                    "votes_to_target": len(group_votes),
                    "target_votes": len(received),
                },
                [*clique, target],
                group_votes,
                f"{plural(len(clique), 'account')} gave {plural(len(group_votes), 'helpful vote')} "
                f"to one account's reviews ({round(100 * focus)}% of all the votes they gave; "
                f"{round(100 * share)}% of the votes its reviews got)",
                0.3 + 0.3 * focus * share,
            )
        )
    return found

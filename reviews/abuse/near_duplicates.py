"""Near-duplicate review texts written by different accounts, and whether they hold.

Texts are compared by rarity-weighted similarity (``rare_text.py``): phrases that many
accounts write weigh almost nothing, so boilerplate and short everyday reviews never make two
reviews copies, while a long rare text pasted by several accounts, or lightly paraphrased,
still matches. Pairs by one author are never linked: a worker reusing their own words across
requesters is a habit. Matching pairs join into groups (union–find); a group of two or more
accounts is reported, and holds its reviews only when other factors corroborate it
(``corroboration.py``, where the combination rule and its reasoning are written down).

**Same target, looser text.** A ring told to reword one message sentence by sentence gives
each puppet a few of a handful of rare sentences: two puppets share one or two of them, a
quarter to a half of their weight, below what makes a copy anywhere on the platform. The
copy thresholds are set so that chance look-alikes stay rare among *all* pairs of texts the
platform has; texts on one requester within ``near_duplicate_target_window_days`` of each
other are a tiny share of those pairs, so a second pass links them at half the similarity and
half the information (``near_duplicate_target_*``). Such a group is reported only from
``near_duplicate_target_min_accounts`` accounts (a pair sharing a sentence is what friends
write), and since its text evidence is weaker than a copy's only when it holds, with as many
factors as a pair of copying accounts needs (``corroboration.holds_on_one_target``;
concentration, one of them, it has by construction): uncorroborated, wording below the copy
threshold gives a moderator nothing to act on. A copy group inside a holding same-target
group is reported by that group only; every other copy group is judged as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from reviews.abuse import corroboration
from reviews.abuse.detection import NEAR_DUPLICATE, Detection, plural, span_phrase
from reviews.abuse.rare_text import FeaturesOf, WeightedSets, features, words
from reviews.abuse.rows import AccountNetworks, ReviewRow, id_key, requester_label
from reviews.abuse.thresholds import Thresholds
from reviews.abuse.union_find import components

# A text match with no corroboration: a collapsed hint, below every queue and hold threshold.
HINT_STRENGTH = 0.4
COPIES, ONE_TARGET = "copies", "one_target"


@dataclass(frozen=True)
class Group:
    """Row indexes linked by alike texts, the lowest similarity of a link and the most
    information a link shares."""

    members: frozenset[int]
    lowest: float
    shared: float


def _groups(count: int, pairs) -> list[Group]:
    root_of = components(count, ((i, j) for i, j, _, _ in pairs))
    members: dict[int, set[int]] = defaultdict(set)
    lowest: dict[int, float] = {}
    shared: dict[int, float] = {}
    for i, j, similarity, information in pairs:
        root = root_of[i]
        members[root].update((i, j))
        lowest[root] = min(lowest.get(root, 1.0), similarity)
        shared[root] = max(shared.get(root, 0.0), information)
    return [Group(frozenset(members[r]), lowest[r], shared[r]) for r in sorted(members)]


def detect_near_duplicates(
    rows: Sequence[ReviewRow],
    thresholds: Thresholds,
    *,
    account_networks: AccountNetworks | None = None,
    features_of: FeaturesOf | None = None,
) -> list[Detection]:
    """``features_of`` gives a review's text features (default: worked out from the text; the
    sweep passes a ``FeatureCache`` so rows kept between windows are not hashed again)."""
    rows = sorted(rows, key=lambda r: (r.created_at, id_key(r.review_id)))
    if features_of is None:
        sets = [features(r.text, thresholds.near_duplicate_min_words) for r in rows]
    else:
        sets = [features_of(r.review_id, r.text) for r in rows]
    authors = [r.author for r in rows]
    weighted = WeightedSets(
        sets,
        authors,
        min_population=thresholds.near_duplicate_min_population,
        common_share=thresholds.near_duplicate_common_share,
    )
    copies = _groups(
        len(rows),
        weighted.pairs(
            min_similarity=thresholds.near_duplicate_min_similarity,
            min_information=thresholds.near_duplicate_min_information,
        ),
    )
    window = timedelta(days=thresholds.near_duplicate_target_window_days)
    near_in_time = [
        pair
        for pair in weighted.pairs(
            min_similarity=thresholds.near_duplicate_target_min_similarity,
            min_information=thresholds.near_duplicate_target_min_information,
            scopes=[r.requester for r in rows],
        )
        if abs(rows[pair[1]].created_at - rows[pair[0]].created_at) <= window
    ]
    context = corroboration.Context.of(rows, account_networks, thresholds)
    targets = []  # (group, its factors): the same-target groups that hold
    for group in _groups(len(rows), near_in_time):
        if len({authors[k] for k in group.members}) < thresholds.near_duplicate_target_min_accounts:
            continue
        found = corroboration.factors(_rows_of(group, rows), context, thresholds)
        if corroboration.holds_on_one_target(len(found)):
            targets.append((group, found))
    copies = [g for g in copies if not any(g.members <= t.members for t, _ in targets)]
    return [_detection(_rows_of(g, rows), g, COPIES, context, thresholds) for g in copies] + [
        _detection(_rows_of(g, rows), g, ONE_TARGET, context, thresholds, found=found)
        for g, found in targets
    ]


def _rows_of(group: Group, rows: Sequence[ReviewRow]) -> list[ReviewRow]:
    return [rows[k] for k in sorted(group.members)]


def _detection(
    group: list[ReviewRow],
    found_in: Group,
    scope: str,
    context: corroboration.Context,
    thresholds: Thresholds,
    found: list[str] | None = None,
) -> Detection:
    """The group's signal; `found`: its corroborating factors when already judged."""
    accounts = {r.author for r in group}
    if found is None:
        found = corroboration.factors(group, context, thresholds)
    if scope == ONE_TARGET:
        holds = corroboration.holds_on_one_target(len(found))
    else:
        holds = corroboration.holds(len(found), len(accounts), thresholds)
    if holds:
        strength = min(0.95, 0.7 + 0.05 * (len(found) - 1) + 0.02 * (len(accounts) - 2))
    else:
        strength = HINT_STRENGTH
    requesters = {r.requester for r in group}
    where = (
        f"on {requester_label(next(iter(requesters)))}"
        if len(requesters) == 1
        else f"across {len(requesters)} requesters"
    )
    within = span_phrase(group[0].created_at, group[-1].created_at)
    if scope == ONE_TARGET:
        what = (
            f"{plural(len(group), 'review')} by {plural(len(accounts), 'account')} {where} "
            f"within {within} share rare wording (each linked to another by rarity-weighted "
            f"similarity at least {found_in.lowest:.0%}: looser than a copy, as they are on "
            f"one requester within {thresholds.near_duplicate_target_window_days:g} days of "
            f"each other). "
        )
    else:
        what = (
            f"{plural(len(group), 'review')} by {plural(len(accounts), 'account')} have nearly "
            f"the same text (rarity-weighted similarity at least {found_in.lowest:.0%}), "
            f"{where} within {within}. "
        )
    return Detection(
        kind=NEAR_DUPLICATE,
        strength=strength,
        review_ids=tuple(r.review_id for r in group),
        accounts=tuple(accounts),
        evidence=what
        + (
            f"Corroborated by: {', '.join(f.replace('_', ' ') for f in found)}."
            if found
            else "Nothing else links these accounts; a hint only."
        ),
        details={
            "scope": scope,
            "min_similarity": round(found_in.lowest, 3),
            "shared_information": round(found_in.shared, 1),
            "corroborated_by": found,
            "requesters": len(requesters),
            "mean_words": round(sum(len(words(r.text)) for r in group) / len(group), 1),
            "start": group[0].created_at.isoformat(),
            "end": group[-1].created_at.isoformat(),
        },
    )

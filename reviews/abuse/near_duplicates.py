"""Near-duplicate review texts written by different accounts, and whether they hold.

Texts are compared by rarity-weighted similarity (``rare_text.py``): phrases that many
accounts write weigh almost nothing, so boilerplate and short everyday reviews never make two
reviews copies, while a long rare text pasted by several accounts, or lightly paraphrased,
still matches. Pairs by one author are never linked: a worker reusing their own words across
requesters is a habit. Matching pairs join into groups (union–find); a group of two or more
accounts is reported, and holds its reviews only when other factors corroborate it
(``corroboration.py``, where the combination rule and its reasoning are written down).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reviews.abuse import corroboration
from reviews.abuse.detection import NEAR_DUPLICATE, Detection, plural, span_phrase
from reviews.abuse.rare_text import features, similar_pairs, words
from reviews.abuse.rows import AccountNetworks, ReviewRow, id_key, requester_label
from reviews.abuse.thresholds import Thresholds
from reviews.abuse.union_find import components

# A text match with no corroboration: a collapsed hint, below every queue and hold threshold.
HINT_STRENGTH = 0.4


def detect_near_duplicates(
    rows: Sequence[ReviewRow],
    thresholds: Thresholds,
    *,
    account_networks: AccountNetworks | None = None,
) -> list[Detection]:
    rows = sorted(rows, key=lambda r: (r.created_at, id_key(r.review_id)))
    sets = [features(r.text, thresholds.near_duplicate_min_words) for r in rows]
    authors = [r.author for r in rows]
    pairs = similar_pairs(
        sets,
        authors,
        min_similarity=thresholds.near_duplicate_min_similarity,
        min_information=thresholds.near_duplicate_min_information,
        min_population=thresholds.near_duplicate_min_population,
        common_share=thresholds.near_duplicate_common_share,
    )
    if not pairs:
        return []
    root_of = components(len(rows), ((i, j) for i, j, _, _ in pairs))
    members: dict[int, set[int]] = defaultdict(set)
    lowest: dict[int, float] = {}
    shared: dict[int, float] = {}
    for i, j, similarity, information in pairs:
        root = root_of[i]
        members[root].update((i, j))
        lowest[root] = min(lowest.get(root, 1.0), similarity)
        shared[root] = max(shared.get(root, 0.0), information)
    context = corroboration.Context.of(rows, account_networks)
    detections = []
    for root in sorted(members):
        group = [rows[k] for k in sorted(members[root])]
        accounts = {r.author for r in group}
        found = corroboration.factors(group, context, thresholds)
        if corroboration.holds(len(found), len(accounts), thresholds):
            strength = min(0.95, 0.7 + 0.05 * (len(found) - 1) + 0.02 * (len(accounts) - 2))
        else:
            strength = HINT_STRENGTH
        requesters = {r.requester for r in group}
        where = (
            f"on {requester_label(next(iter(requesters)))}"
            if len(requesters) == 1
            else f"across {len(requesters)} requesters"
        )
        evidence = (
            f"{plural(len(group), 'review')} by {plural(len(accounts), 'account')} have nearly "
            f"the same text (rarity-weighted similarity at least {lowest[root]:.0%}), {where} "
            f"within {span_phrase(group[0].created_at, group[-1].created_at)}. "
            + (
                f"Corroborated by: {', '.join(f.replace('_', ' ') for f in found)}."
                if found
                else "Nothing else links these accounts; a hint only."
            )
        )
        detections.append(
            Detection(
                kind=NEAR_DUPLICATE,
                strength=strength,
                review_ids=tuple(r.review_id for r in group),
                accounts=tuple(accounts),
                evidence=evidence,
                details={
                    "min_similarity": round(lowest[root], 3),
                    "shared_information": round(shared[root], 1),
                    "corroborated_by": found,
                    "requesters": len(requesters),
                    "mean_words": round(sum(len(words(r.text)) for r in group) / len(group), 1),
                    "start": group[0].created_at.isoformat(),
                    "end": group[-1].created_at.isoformat(),
                },
            )
        )
    return detections

"""Near-duplicate review texts written by different accounts.

Texts become sets of word shingles (``near_duplicate_shingle_words`` consecutive words, hashed
to 64 bits); two texts are near-duplicates when the Jaccard similarity of their sets is at least
``near_duplicate_min_jaccard``. Texts shorter than ``near_duplicate_min_words`` words are left
out: "Great requester, fast pay!" is written independently by many honest people.

Candidates come from exact prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007):
order each set's shingles from rarest to commonest, and two sets with Jaccard ≥ t must share
one of the first |x| − ⌈t·|x|⌉ + 1 shingles of each. Rare shingles have short posting lists, so
candidate generation stays near-linear, and unlike MinHash nothing above the threshold is
missed. Shingle rarity is counted in a fixed-size table, so memory does not grow with the
vocabulary (a collision only makes the order a little less selective, never wrong).
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Sequence

from reviews.abuse.detection import NEAR_DUPLICATE, Detection, plural, span_phrase
from reviews.abuse.rows import ReviewRow, id_key, requester_label
from reviews.abuse.thresholds import Thresholds

WORD = re.compile(r"\w+")
FREQUENCY_BITS = 20
_MASK = (1 << FREQUENCY_BITS) - 1
_SEED = 0x9E3779B9


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def shingles(text: str, size: int, min_words: int) -> array | None:
    """The text's distinct hashed shingles, sorted; None when the text is too short."""
    tokens = words(text)
    if len(tokens) < max(min_words, size):
        return None
    hashes = set()
    for i in range(len(tokens) - size + 1):
        data = " ".join(tokens[i : i + size]).encode()
        # Two CRCs make a 64-bit hash: fast, deterministic across processes (unlike hash()).
        hashes.add(zlib.crc32(data) << 32 | zlib.crc32(data, _SEED))
    return array("Q", sorted(hashes))


def jaccard(a: array, b: array) -> float:
    sa, sb = set(a), set(b)
    inter = len(sa & sb)
    return inter / (len(sa) + len(sb) - inter)


def prefix_length(size: int, threshold: float) -> int:
    # The small epsilon keeps 0.8 × 5 = 4.000…01 from rounding up to 5.
    return size - math.ceil(threshold * size - 1e-9) + 1


def similar_pairs(sets: Sequence[array | None], threshold: float) -> list[tuple[int, int, float]]:
    """Index pairs (i < j) whose sets have Jaccard ≥ threshold, with that similarity."""
    frequency = array("I", bytes(4 * (1 << FREQUENCY_BITS)))
    for s in sets:
        if s is not None:
            for h in s:
                frequency[h & _MASK] += 1
    postings: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        if s is None:
            continue
        rarest = sorted(s, key=lambda h: (frequency[h & _MASK], h))
        for h in rarest[: prefix_length(len(s), threshold)]:
            postings[h].append(i)
    candidates: set[tuple[int, int]] = set()
    for docs in postings.values():
        if len(docs) < 2:
            continue
        for a_index, i in enumerate(docs):
            size_i = len(sets[i])
            for j in docs[a_index + 1 :]:
                size_j = len(sets[j])
                # Length filter: a set can't be that similar to one much larger or smaller.
                if min(size_i, size_j) >= threshold * max(size_i, size_j):
                    candidates.add((i, j) if i < j else (j, i))
    pairs = []
    # Sets only for the texts that are candidates, built once each: arrays keep memory low.
    as_set: dict[int, frozenset[int]] = {}
    for i, j in sorted(candidates):
        a = as_set.get(i) or as_set.setdefault(i, frozenset(sets[i]))
        b = as_set.get(j) or as_set.setdefault(j, frozenset(sets[j]))
        inter = len(a & b)
        similarity = inter / (len(a) + len(b) - inter)
        if similarity >= threshold:
            pairs.append((i, j, similarity))
    return pairs


def detect_near_duplicates(rows: Sequence[ReviewRow], thresholds: Thresholds) -> list[Detection]:
    rows = sorted(rows, key=lambda r: (r.created_at, id_key(r.review_id)))
    sets = [
        shingles(
            r.text, thresholds.near_duplicate_shingle_words, thresholds.near_duplicate_min_words
        )
        for r in rows
    ]
    pairs = similar_pairs(sets, thresholds.near_duplicate_min_jaccard)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    members: dict[int, list[int]] = defaultdict(list)
    lowest: dict[int, float] = {}
    for i, _, similarity in pairs:
        root = find(i)
        lowest[root] = min(lowest.get(root, 1.0), similarity)
    for i, j, _ in pairs:
        for k in (i, j):
            members[find(k)].append(k)
    detections = []
    for root in sorted(members):
        group = [rows[k] for k in sorted(set(members[root]))]
        accounts = {r.author for r in group}
        if len(accounts) < 2:
            continue
        requesters = {r.requester for r in group}
        strength = min(0.95, 0.5 + 0.1 * len(accounts))
        mean_words = sum(len(words(r.text)) for r in group) / len(group)
        if mean_words < thresholds.near_duplicate_short_words:
            strength -= 0.1
        where = (
            f"on {requester_label(next(iter(requesters)))}"
            if len(requesters) == 1
            else f"across {len(requesters)} requesters"
        )
        evidence = (
            f"{plural(len(group), 'review')} by {plural(len(accounts), 'account')} have nearly "
            f"the same text (at least {lowest[root]:.0%} of their "
            f"{thresholds.near_duplicate_shingle_words}-word phrases shared), {where} within "
            f"{span_phrase(group[0].created_at, group[-1].created_at)}."
        )
        detections.append(
            Detection(
                kind=NEAR_DUPLICATE,
                strength=strength,
                review_ids=tuple(r.review_id for r in group),
                accounts=tuple(accounts),
                evidence=evidence,
                details={
                    "min_jaccard": round(lowest[root], 3),
                    "requesters": len(requesters),
                    "mean_words": round(mean_words, 1),
                    "start": group[0].created_at.isoformat(),
                    "end": group[-1].created_at.isoformat(),
                },
            )
        )
    return detections

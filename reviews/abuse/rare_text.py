"""Text similarity weighed by rarity: IDF-weighted Jaccard over word features.

A text becomes a set of features, its distinct words and its distinct two-word phrases (hashed
to 64 bits). Each feature weighs what it tells about authorship: its inverse document
frequency over *authors*, ``w(f) = max(0, ln(c · (N + 1) / df(f)))``, where ``df(f)`` is how
many distinct accounts used it in the rows, ``N`` the number of accounts (never taken below
``near_duplicate_min_population``, so a handful of rows doesn't make every word look rare) and
``c`` is ``near_duplicate_common_share``: a feature used by that share of all accounts or more
is boilerplate and weighs nothing (and never enters an index).
"paid", "fast", "approved within" are written by hundreds of strangers and weigh almost
nothing; "fastcashpanel" or "sign up with my code" weigh a lot. Counting authors, not reviews,
keeps one worker's personal template from looking common (or rare) by repetition.

Two texts are alike when their weighted Jaccard similarity, Σ shared weight ÷ Σ weight of
either, is at least ``near_duplicate_min_similarity`` *and* the weight they share is at least
``near_duplicate_min_information`` (in nats): a short everyday text can be identical to a
stranger's and still share too little information to be a copy. Words as well as two-word
phrases make a light paraphrase (a few words swapped or reordered) keep most of the rare
weight, where three-word shingles would fall apart.

Candidates come from weighted prefix filtering (Chaudhuri et al. 2006): order features rarest
first (a global order); a pair with weighted Jaccard ≥ t shares weight ≥ t·W(x) of each set,
so its first shared feature lies in the prefix of each set whose remaining weight (that
feature included) is still ≥ max(t·W, the information floor). Only prefixes are indexed, so
common features rarely enter a posting list, and nothing above the threshold is missed.
Texts whose whole weight is below the information floor can never match and are not
indexed. With ``scopes`` (the requester of each text) only texts in the same scope are
paired: the index is keyed by scope and feature, which is what lets the same-target pass of
``near_duplicates.py`` use looser thresholds without comparing every text with every other.
Document frequencies are counted in a fixed-size table (``DF_BITS``), so memory does
not grow with the vocabulary; a collision can only make a feature look commoner, i.e. weigh
less — never create a match.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"\w+")
DF_BITS = 20
_MASK = (1 << DF_BITS) - 1
_SEED = 0x9E3779B9


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


@lru_cache(maxsize=1 << 16)
def _hash(data: str) -> int:
    raw = data.encode()
    # Two CRCs make a 64-bit hash: fast, deterministic across processes (unlike hash()).
    return zlib.crc32(raw) << 32 | zlib.crc32(raw, _SEED)


def features(text: str, min_words: int) -> frozenset[int] | None:
    """The text's distinct hashed words and two-word phrases; None when it is too short."""
    tokens = words(text)
    if len(tokens) < max(min_words, 2):
        return None
    found = {_hash(t) for t in tokens}
    found.update(_hash(f"{a} {b}") for a, b in zip(tokens, tokens[1:], strict=False))
    return frozenset(found)


class FeatureCache:
    """``features`` of review texts by review id, for a sweep that keeps rows from one window
    to the next (the baseline): their texts are not split and hashed again. ``retain`` drops
    the reviews that left the buffer, so the cache holds what the window holds anyway."""

    def __init__(self, min_words: int) -> None:
        self.min_words = min_words
        self._of: dict[object, frozenset[int] | None] = {}

    def __call__(self, review_id: object, text: str) -> frozenset[int] | None:
        try:
            return self._of[review_id]
        except KeyError:
            found = self._of[review_id] = features(text, self.min_words)
            return found

    def retain(self, review_ids: Iterable[object]) -> None:
        self._of = {i: self._of[i] for i in review_ids if i in self._of}


# How a detector gets a text's features: (review id, text) → features (``FeatureCache``).
FeaturesOf = Callable[[object, str], frozenset[int] | None]


class _Weights(dict):
    """Feature → weight, each worked out on first use (a dict lookup after that)."""

    def __init__(self, weigh: Callable[[int], float]) -> None:
        super().__init__()
        self._weigh = weigh

    def __missing__(self, h: int) -> float:
        w = self[h] = self._weigh(h)
        return w


@dataclass
class DocumentFrequency:
    """How many distinct accounts used each feature, out of ``accounts``."""

    counts: array
    accounts: int

    @classmethod
    def count(
        cls, sets: Sequence[frozenset[int] | None], authors: Sequence[object]
    ) -> DocumentFrequency:
        counts = array("I", [0]) * (1 << DF_BITS)
        by_author: dict[object, list[int]] = defaultdict(list)
        for index, author in enumerate(authors):
            if sets[index] is not None:
                by_author[author].append(index)
        # One author at a time, so only one account's features are held in a set at once.
        for indexes in by_author.values():
            used = (
                set().union(*(sets[i] for i in indexes)) if len(indexes) > 1 else sets[indexes[0]]
            )
            for h in used:
                counts[h & _MASK] += 1
        return cls(counts, len(set(authors)))

    def df(self, feature: int) -> int:
        return max(1, self.counts[feature & _MASK])

    def weight(self, feature: int, min_population: int, common_share: float = 1.0) -> float:
        """ln(common_share · (N + 1) / df), never below 0: a feature that at least a share
        ``common_share`` of all accounts use carries no evidence at all."""
        population = max(self.accounts, min_population)
        return max(0.0, math.log(common_share * (population + 1) / self.df(feature)))


def weighted_jaccard(a: frozenset[int], b: frozenset[int], weight) -> tuple[float, float]:
    """(similarity, shared weight) of two feature sets under ``weight``."""
    shared = sum(map(weight, a & b))
    union = sum(map(weight, a)) + sum(map(weight, b)) - shared
    return (shared / union if union else 0.0), shared


class WeightedSets:
    """Feature sets with their weights, document frequencies counted once, so several passes
    (``pairs`` with different thresholds or scopes) share the counting, the weights and each
    text's total weight; a text's rarest-first order is worked out only when some pass
    indexes it (its total reaches that pass's information floor)."""

    def __init__(
        self,
        sets: Sequence[frozenset[int] | None],
        authors: Sequence[object],
        *,
        min_population: int,
        common_share: float = 1.0,
    ) -> None:
        self.sets, self.authors = sets, authors
        self.frequency = DocumentFrequency.count(sets, authors)
        frequency = self.frequency
        # ``weight(h)``: a plain dict lookup once a feature has been weighed.
        self.weight = _Weights(
            lambda h: frequency.weight(h, min_population, common_share)
        ).__getitem__
        self._ordered: dict[int, list[int]] = {}
        self.totals = [0.0 if s is None else sum(map(self.weight, s)) for s in sets]

    def _rarest_first(self, i: int) -> list[int]:
        """Heaviest first, ties by feature (a stable sort of the sorted features)."""
        ordered = self._ordered.get(i)
        if ordered is None:
            ordered = self._ordered[i] = sorted(sorted(self.sets[i]), key=self.weight, reverse=True)
        return ordered

    def pairs(
        self,
        *,
        min_similarity: float,
        min_information: float,
        scopes: Sequence[object] | None = None,
    ) -> list[tuple[int, int, float, float]]:
        """Index pairs (i < j) by different authors that are alike: (i, j, similarity,
        shared). With ``scopes``, only pairs whose texts share a scope."""
        weight, totals, authors = self.weight, self.totals, self.authors
        postings: dict[object, list[int]] = defaultdict(list)
        for i, total in enumerate(totals):
            if total < min_information:
                continue
            remaining = total
            # A shared feature must lie where the rest still weighs as much as the pair
            # must share.
            needed = max(min_similarity * total, min_information)
            for h in self._rarest_first(i):
                if remaining < needed or weight(h) == 0.0:
                    break
                postings[h if scopes is None else (scopes[i], h)].append(i)
                remaining -= weight(h)
        candidates: set[tuple[int, int]] = set()
        for docs in postings.values():
            for k, i in enumerate(docs):
                for j in docs[k + 1 :]:
                    if authors[i] == authors[j]:
                        continue  # one worker reusing their own words is a habit, not a copy
                    # Length filter: a set can't be that similar to one much heavier or lighter.
                    if min(totals[i], totals[j]) >= min_similarity * max(totals[i], totals[j]):
                        candidates.add((i, j) if i < j else (j, i))
        pairs = []
        for i, j in sorted(candidates):
            similarity, shared = weighted_jaccard(self.sets[i], self.sets[j], weight)
            if similarity >= min_similarity and shared >= min_information:
                pairs.append((i, j, similarity, shared))
        return pairs


def similar_pairs(
    sets: Sequence[frozenset[int] | None],
    authors: Sequence[object],
    *,
    min_similarity: float,
    min_information: float,
    min_population: int,
    common_share: float = 1.0,
    scopes: Sequence[object] | None = None,
) -> list[tuple[int, int, float, float]]:
    """Index pairs (i < j) by different authors that are alike: (i, j, similarity, shared);
    with ``scopes``, only pairs whose texts share a scope. One pass of ``WeightedSets``."""
    weighted = WeightedSets(sets, authors, min_population=min_population, common_share=common_share)
    return weighted.pairs(
        min_similarity=min_similarity, min_information=min_information, scopes=scopes
    )

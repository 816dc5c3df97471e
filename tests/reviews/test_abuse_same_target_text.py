"""The same-target pass of near-duplicate detection (reviews/abuse/near_duplicates.py), with
hand-worked numbers.

Three rare sentences A, B, C of six made-up words each (6 words + 5 word pairs = 11
features). A reworded ring gives each puppet two of them: account 1 writes "A B", account 2
"B C", account 3 "C A" (12 words, the minimum). Each sentence's features are used by 2 of the
accounts, so with the population floor (N = 1,000) and c = 0.05 each weighs
ln(0.05 × 1001 / 2) = 3.2208; the word pair across the sentence boundary is one account's
own, ln(50.05) = 3.9130. Two puppets share one sentence: 11 × 3.2208 = 35.43 nats (≥ 30, below
the 60 of a copy); each text weighs 22 × 3.2208 + 3.9130 = 74.77, so the weighted Jaccard is
35.43 / (2 × 74.77 − 35.43) = 0.3105 (≥ 0.25, below the 0.5 of a copy).
"""

import math

from reviews.abuse import Thresholds
from reviews.abuse.corroboration import holds_on_one_target
from reviews.abuse.near_duplicates import detect_near_duplicates
from reviews.abuse.rare_text import DocumentFrequency, features, similar_pairs, weighted_jaccard
from tests.reviews.test_abuse_detectors import DAY, HOUR, NOW, review

T = Thresholds()
SENTENCES = {
    "A": "zorvik plenth quastor mirebel vantoo skell",
    "B": "drumbek frotian welloby cassiv nurth ospel",
    "C": "yarrowin belquist tamfor gishly prendo ulvak",
}
TEXTS = [f"{SENTENCES['A']}. {SENTENCES['B']}.", f"{SENTENCES['B']}. {SENTENCES['C']}."]
TEXTS.append(f"{SENTENCES['C']}. {SENTENCES['A']}.")


def _ring(*, new=True, spacing=10 * HOUR, requesters=("R1", "R1", "R1"), rating=5, count=3):
    """The three puppets on their requesters (two days old, or 400 days), and three
    established reviewers of R1 rating it 2, so 5 stars is 3 points from the consensus."""
    rows = [
        review(
            author=f"p{i}",
            at=NOW + i * spacing,
            requester=requesters[i],
            joined=NOW - 2 * DAY if new else None,
            text=TEXTS[i],
            rating=rating,
        )
        for i in range(count)
    ]
    rows += [
        review(author=f"e{i}", at=NOW - 5 * DAY + i * HOUR, rating=2, text="ok") for i in range(3)
    ]
    return rows


def test_two_puppets_share_one_sentence_below_a_copy_but_above_the_same_target_floor():
    sets = [features(t, T.near_duplicate_min_words) for t in TEXTS]
    frequency = DocumentFrequency.count(sets, ["p0", "p1", "p2"])

    similarity, shared = weighted_jaccard(
        sets[0], sets[1], lambda h: frequency.weight(h, 1000, 0.05)
    )

    assert math.isclose(shared, 11 * math.log(50.05 / 2), rel_tol=1e-9)  # 35.43
    assert math.isclose(similarity, 0.3105, abs_tol=1e-4)


def test_scoped_pairs_only_pair_texts_of_the_same_scope():
    sets = [features(t, T.near_duplicate_min_words) for t in TEXTS]
    authors = ["p0", "p1", "p2"]
    loose = {"min_similarity": 0.25, "min_information": 30.0, "min_population": 1000}

    everywhere = similar_pairs(sets, authors, common_share=0.05, **loose)
    scoped = similar_pairs(sets, authors, common_share=0.05, scopes=["R1", "R1", "R2"], **loose)

    assert [(i, j) for i, j, _, _ in everywhere] == [(0, 1), (0, 2), (1, 2)]
    assert [(i, j) for i, j, _, _ in scoped] == [(0, 1)]


def test_a_reworded_ring_of_three_new_accounts_on_one_requester_is_held():
    rows = _ring()

    [detection] = detect_near_duplicates(rows, T)

    assert set(detection.review_ids) == {r.review_id for r in rows[:3]}
    assert detection.details["scope"] == "one_target"
    assert detection.details["corroborated_by"] == ["new_accounts", "concentrated", "consensus"]
    assert math.isclose(detection.details["min_similarity"], 0.31, abs_tol=0.005)
    # 0.7 + 0.05 × (3 factors − 1) + 0.02 × (3 accounts − 2)
    assert detection.strength == 0.82
    assert detection.holds(T)
    assert "share rare wording" in detection.evidence


def test_the_same_wording_from_accounts_with_ordinary_histories_is_not_reported():
    # Old accounts rating like everyone else: concentrated only, one factor of the three.
    assert detect_near_duplicates(_ring(new=False, rating=2), T) == []


def test_new_accounts_in_agreement_with_the_consensus_are_not_held():
    # New and concentrated: two factors, a pair's rule needs three.
    assert detect_near_duplicates(_ring(rating=2), T) == []


def test_wording_shared_more_than_a_week_apart_links_nothing():
    assert detect_near_duplicates(_ring(spacing=8 * DAY), T) == []


def test_wording_shared_across_requesters_is_not_a_same_target_group():
    assert detect_near_duplicates(_ring(requesters=("R1", "R2", "R3")), T) == []


def test_a_pair_sharing_a_sentence_is_not_a_group():
    assert detect_near_duplicates(_ring(count=2), T) == []


def test_the_same_target_rule_needs_as_many_factors_as_a_pair():
    assert [holds_on_one_target(n) for n in range(5)] == [False, False, False, True, True]

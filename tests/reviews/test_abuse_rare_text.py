"""Rarity-weighted text similarity (reviews/abuse/rare_text.py) with hand-worked numbers, and
the property that honest reviews made of common phrases never create a hold."""

import math
import random
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.abuse import Thresholds, held_review_ids, run_all
from reviews.abuse.rare_text import DocumentFrequency, features, similar_pairs, weighted_jaccard
from reviews.abuse.rows import ReviewRow

T = Thresholds()
NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)

# Four accounts. Document frequencies (accounts using each feature), N = 4:
#   alpha 4; beta 3; "alpha beta" 3; gamma, delta, epsilon, "beta gamma", "beta delta",
#   "alpha epsilon" 1 each. Weights ln((N + 1) / df): alpha ln(5/4) = 0.22314,
#   beta and "alpha beta" ln(5/3) = 0.51083, the rest ln 5 = 1.60944.
TEXTS = {
    "a": "alpha beta gamma",
    "b": "Alpha, beta delta!",
    "c": "alpha epsilon",
    "d": "alpha beta",
}


def frequency(texts=TEXTS):
    authors = list(texts)
    sets = [features(texts[a], min_words=2) for a in authors]
    return sets, authors, DocumentFrequency.count(sets, authors)


def test_features_are_the_words_and_word_pairs_of_a_text():
    assert len(features("alpha beta gamma", min_words=2)) == 5
    assert features("Alpha, BETA", min_words=2) == features("alpha beta", min_words=2)
    assert features("one two three", min_words=4) is None


def test_weights_are_the_inverse_document_frequency_over_accounts():
    sets, _, df = frequency()
    weights = sorted(round(df.weight(h, min_population=0), 5) for h in sets[0])

    assert df.accounts == 4
    # alpha; beta and "alpha beta"; gamma and "beta gamma".
    assert weights == [0.22314, 0.51083, 0.51083, 1.60944, 1.60944]


def test_the_population_floor_keeps_a_small_sample_from_calling_everything_rare():
    sets, _, df = frequency()
    alpha = next(h for h in sets[2] if h in sets[3] and h in sets[0])

    # ln(101 / 4), not ln(5 / 4): four accounts are too few to call a word common.
    assert math.isclose(df.weight(alpha, min_population=100), math.log(101 / 4))


def test_a_feature_used_by_a_common_share_of_accounts_weighs_nothing():
    sets, _, df = frequency()
    alpha = next(h for h in sets[2] if h in sets[3] and h in sets[0])
    gamma_pair = next(iter(sets[0] - sets[1] - sets[3]))

    # With c = 0.05 and N floored to 1000: alpha, df 4, weighs ln(0.05 × 1001 / 4) = 2.5268;
    # with c = 0.5 and N = 4 it is ln(0.5 × 5 / 4) < 0, so 0.
    assert math.isclose(df.weight(alpha, 1000, 0.05), math.log(0.05 * 1001 / 4))
    assert df.weight(alpha, 0, 0.5) == 0.0
    assert math.isclose(df.weight(gamma_pair, 0, 0.5), math.log(2.5))


def test_weighted_jaccard_by_hand():
    sets, _, df = frequency()

    similarity, shared = weighted_jaccard(sets[0], sets[1], lambda h: df.weight(h, 0))

    # Shared: alpha + beta + "alpha beta" = 0.22314 + 2 × 0.51083 = 1.24480.
    # Each text weighs 1.24480 + 2 × 1.60944 = 4.46368; union 8.92736 − 1.24480 = 7.68256.
    assert math.isclose(shared, 1.24480, abs_tol=1e-4)
    assert math.isclose(similarity, 1.24480 / 7.68256, abs_tol=1e-4)


def test_one_account_writing_a_phrase_twice_counts_once():
    texts = ["alpha beta gamma", "alpha beta gamma", "alpha beta"]
    sets = [features(t, min_words=2) for t in texts]
    df = DocumentFrequency.count(sets, ["a", "a", "b"])
    # gamma or "beta gamma": written only by account a, twice.
    only_a = sets[0] - sets[2]

    assert df.accounts == 2
    assert [df.df(h) for h in only_a] == [1, 1]


def test_prefix_filtering_finds_every_pair_a_brute_force_comparison_finds():
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(40)]
    base = [rng.choice(vocabulary) for _ in range(30)]
    texts = []
    for _ in range(80):
        words = list(base) if rng.random() < 0.4 else [rng.choice(vocabulary) for _ in range(30)]
        for _ in range(rng.randint(0, 8)):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        texts.append(" ".join(words))
    authors = [f"a{i}" for i in range(len(texts))]
    sets = [features(t, 12) for t in texts]
    df = DocumentFrequency.count(sets, authors)
    options = {"min_similarity": 0.6, "min_information": 0.0, "min_population": 0}
    brute = {
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if weighted_jaccard(sets[i], sets[j], lambda h: df.weight(h, 0))[0] >= 0.6
    }

    assert brute, "the test needs some similar pairs"
    assert {(i, j) for i, j, _, _ in similar_pairs(sets, authors, **options)} == brute


def test_pairs_by_one_author_are_never_returned():
    text = "a long and quite unusual text about zeppelins, marmalade and the tax code of 1911"
    sets = [features(text, 12)] * 3

    pairs = similar_pairs(
        sets, ["x", "x", "y"], min_similarity=0.5, min_information=0, min_population=0
    )

    assert [(i, j) for i, j, _, _ in pairs] == [(0, 2), (1, 2)]


# --- honest reviews from common phrases never create a hold ---------------------------------

PHRASES = [
    "paid about what the timer said",
    "approved within a day",
    "great requester",
    "fast pay",
    "would work for them again",
    "the survey was short",
    "no issues at all",
    "instructions were clear",
    "bonus paid quickly",
    "a bit underpaid for the time",
    "attention checks were fair",
    "communication was good",
]
SPAM = (
    "Stop wasting time on low paying tasks, the best paying survey site is fastcashpanel dot "
    "com, sign up with my code and get a five dollar bonus today."
)


def row(review_id, author, at, requester, text, joined=None, network=None) -> ReviewRow:
    return ReviewRow(
        review_id=review_id,
        author=author,
        author_joined_at=joined or at - timedelta(days=400),
        network=network or f"home-{author}",
        platform="mturk",
        requester_id=requester,
        created_at=at,
        text=text,
    )


def phrase_text(rng: random.Random, count: int) -> str:
    return ". ".join(rng.choice(PHRASES) for _ in range(count)) + "."


def base_rows() -> list[ReviewRow]:
    """200 established workers writing everyday reviews over 30 days, plus a copy-paste ring."""
    rng = random.Random(12)
    rows = []
    for i in range(600):
        at = NOW - timedelta(days=30) + timedelta(minutes=rng.randrange(30 * 1440))
        rows.append(
            row(f"h{i}", f"w{rng.randrange(200)}", at, f"R{rng.randrange(40)}", phrase_text(rng, 3))
        )
    for i in range(4):
        rows.append(
            row(
                f"s{i}",
                f"s{i}",
                NOW + timedelta(hours=i),
                "R1",
                SPAM,
                joined=NOW - timedelta(days=2),
            )
        )
    return rows


BASE = base_rows()
BASE_HELD = held_review_ids(run_all(BASE, thresholds=T), T)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 249),  # author: a known worker or a newcomer with ordinary habits
            st.integers(0, 39),  # requester
            st.integers(0, 30 * 24),  # hours into the month
            st.lists(st.sampled_from(PHRASES), min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_adding_honest_reviews_with_common_phrases_never_creates_a_hold(extra):
    added = [
        row(
            f"x{n}",
            f"w{author}",
            NOW - timedelta(days=30) + timedelta(hours=hours),
            f"R{requester}",
            ". ".join(phrases) + ".",
        )
        for n, (author, requester, hours, phrases) in enumerate(extra)
    ]

    held = held_review_ids(run_all(BASE + added, thresholds=T), T)

    assert {f"s{i}" for i in range(4)} == BASE_HELD
    assert held <= BASE_HELD


def test_the_feature_cache_gives_what_features_gives_and_forgets_what_it_is_not_told_to_keep():
    from reviews.abuse.rare_text import FeatureCache

    cache = FeatureCache(min_words=3)
    text = "sign up with my code fastcashpanel"
    assert cache(1, text) == features(text, 3)
    assert cache(2, "too short") is None
    assert cache(1, "another text entirely, not looked at again") == features(text, 3)
    cache.retain([2, 3])
    assert cache(1, "a different text for review one now") == features(
        "a different text for review one now", 3
    )

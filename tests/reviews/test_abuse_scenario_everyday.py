"""The everyday honest model and the attack kinds: the properties the issue asks of real
workers' traffic (short formulaic texts, strangers sharing phrases, personal templates,
shared networks, a popular requester, batch waves), label counts, determinism per seed."""

import re
from collections import Counter, defaultdict
from io import StringIO

import pytest

from reviews.abuse.scenario_attack_texts import PARAPHRASES
from reviews.abuse.scenario_attacks import CLASSIC, KINDS, VARIANTS, paraphrase
from reviews.abuse.scenario_everyday import everyday_traffic
from reviews.abuse.scenario_file import read_scenario, write_scenario
from reviews.abuse.scenario_mix import attack_kinds, build_scenario

# No test here uses the database.


@pytest.fixture(scope="module")
def everyday():
    return everyday_traffic(1, "small")


def test_most_everyday_texts_have_3_to_20_words(everyday):
    counts = [len(r.text.split()) for r in everyday.reviews if r.text]

    assert sum(3 <= n <= 20 for n in counts) / len(counts) >= 0.7
    assert max(counts) > 20  # the odd storyteller
    assert any(not r.text for r in everyday.reviews)  # ratings only


def test_strangers_write_the_very_same_phrases(everyday):
    authors_by_text = defaultdict(set)
    networks_by_author = defaultdict(set)
    for r in everyday.reviews:
        if r.text:
            authors_by_text[r.text.lower().rstrip(".")].add(r.author)
        networks_by_author[r.author].add(r.network)
    text, authors = max(authors_by_text.items(), key=lambda kv: len(kv[1]))
    # Strangers: accounts that never shared a network with any other writer of that text.
    strangers = [
        a
        for a in authors
        if not any(networks_by_author[a] & networks_by_author[b] for b in authors if b != a)
    ]

    assert len(strangers) >= 30, text
    assert sum(len(v) >= 10 for v in authors_by_text.values()) >= 10


def test_some_workers_reuse_their_own_template_across_requesters(everyday):
    skeletons = defaultdict(set)
    for r in everyday.reviews:
        if len(r.text.split()) >= 4:
            skeletons[(r.author, re.sub(r"[\d.$]+", "#", r.text.lower()))].add(r.requester)

    reusers = {author for (author, _), requesters in skeletons.items() if len(requesters) >= 3}

    assert len(reusers) >= 10


def test_honest_people_share_networks_in_households_and_on_campus(everyday):
    authors = defaultdict(set)
    for r in everyday.reviews:
        authors[r.network].add(r.author)
    sizes = sorted(len(a) for a in authors.values())
    same_day = Counter(
        (r.network, r.requester, r.created_at.date())
        for r in everyday.reviews
        if 2 <= len(authors[r.network]) <= 4
    )

    assert sum(2 <= n <= 4 for n in sizes) >= 10  # households
    assert sizes[-1] >= 10  # a campus, a carrier or a VPN exit
    assert max(same_day.values()) >= 2  # housemates doing the same batch
    # Students taking their university lab's study on the campus network.
    lab_takers = Counter(
        (r.network, r.requester) for r in everyday.reviews if len(authors[r.network]) >= 10
    )
    assert max(lab_takers.values()) >= 5


def test_work_follows_the_workers_day_and_toloka_reviews_are_often_in_russian(everyday):
    mturk_hours = Counter(r.created_at.hour for r in everyday.reviews if r.platform == "mturk")
    toloka = [r.text for r in everyday.reviews if r.platform == "toloka" and r.text]

    assert mturk_hours[19] > 2 * mturk_hours[7]  # evening in the Americas, night in UTC+0
    assert any(any("а" <= ch <= "я" for ch in text.lower()) for text in toloka)


def test_a_popular_requester_has_hundreds_and_batches_bring_honest_waves(everyday):
    reviewers = defaultdict(set)
    for r in everyday.reviews:
        reviewers[r.requester].add(r.author)
    per_day = Counter((r.requester, r.created_at.date()) for r in everyday.reviews)

    assert max(len(a) for a in reviewers.values()) >= 200
    assert max(per_day.values()) >= 20
    assert all(r.label == "honest" for r in everyday.reviews)
    assert any(
        r.author_joined_at > min(x.created_at for x in everyday.reviews) for r in everyday.reviews
    )


def _file(scenario) -> str:
    out = StringIO()
    write_scenario(scenario, out)
    return out.getvalue()


@pytest.mark.parametrize("model", ["templates", "everyday"])
def test_a_seed_gives_the_same_file_and_another_seed_another(model):
    first = _file(build_scenario(model, "all", 5, "small"))

    assert first == _file(build_scenario(model, "all", 5, "small"))
    assert first != _file(build_scenario(model, "all", 6, "small"))
    assert read_scenario(first.splitlines()).reviews  # detect_abuse reads it


# Abusive reviews one attack of a kind adds at size small (filler puppets: 1–3 fillers each).
EXPECTED = {
    "sock_puppet_ring": (8, 14),
    "brigade": (15, 30),
    "copy_paste_spam": (6, 30),
    "slow_drip_puppets": (1, 10),
    "aged_ring": (8, 12),
    "spread_puppets": (6, 10),
    "paraphrased_ring": (8, 12),
    "filler_puppets": (12, 40),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_attack_adds_its_labelled_rows_by_accounts_of_its_own(kind):
    honest = build_scenario("everyday", "none", 2, "small")
    mixed = build_scenario("everyday", kind, 2, "small")
    abusive = [r for r in mixed.reviews if r.label == "abusive"]
    low, high = EXPECTED[kind]

    assert low <= len(abusive) <= high
    assert not {r.author for r in abusive} & {r.author for r in honest.reviews}
    # The honest rows don't move when an attack is added.
    assert sorted((r.author, r.created_at, r.text) for r in honest.reviews) == sorted(
        (r.author, r.created_at, r.text) for r in mixed.reviews if r.label == "honest"
    )
    assert [r.review_id for r in mixed.reviews] == [
        f"r{i:06d}" for i in range(1, len(mixed.reviews) + 1)
    ]


def _id_form(accounts) -> tuple[set[str], set[int], set[str]]:
    characters = {c for a in accounts for c in a[1:]}
    return {a[0] for a in accounts}, {len(a) for a in accounts}, characters


@pytest.mark.parametrize("model", ["templates", "everyday"])
def test_attackers_ids_look_like_the_honest_accounts_ids(model):
    """An id that gives the label away (a prefix, a length, characters honest ids never use)
    would let anyone reading a scenario tell the attackers from the honest workers."""
    scenario = build_scenario(model, "all", 3, "small")
    honest = {r.author for r in scenario.reviews if r.label == "honest"}
    abusive = {r.author for r in scenario.reviews if r.label == "abusive"} - honest
    first, lengths, characters = _id_form(honest)
    abusive_first, abusive_lengths, abusive_characters = _id_form(abusive)

    assert abusive
    assert abusive_first <= first and abusive_lengths <= lengths
    assert abusive_characters <= characters


def test_full_size_has_three_of_each_attack_and_more_traffic():
    small = build_scenario("everyday", "sock_puppet_ring", 1, "small")
    full = build_scenario("everyday", "sock_puppet_ring", 1, "full")
    rings = Counter(r.requester for r in full.reviews if r.label == "abusive")

    assert len(rings) == 3
    assert all(8 <= n <= 14 for n in rings.values())
    assert len(full.reviews) > 5 * len(small.reviews)


def test_variants_look_unlike_the_classic_kinds():
    scenario = build_scenario("everyday", list(VARIANTS), 3, "small")
    abusive = [r for r in scenario.reviews if r.label == "abusive"]
    start = min(r.created_at for r in scenario.reviews)

    aged = [r for r in abusive if r.account_age_days() >= 200]
    assert len(aged) >= 8  # the aged ring
    spread = defaultdict(list)
    for r in abusive:
        spread[r.requester].append(r.created_at)
    assert max(max(t) - min(t) for t in spread.values()).days >= 14  # puppets over weeks
    assert all(r.created_at >= start for r in abusive)
    assert len({r.text for r in abusive if len(r.text.split()) > 15}) > 5  # paraphrases differ
    assert set(CLASSIC).isdisjoint(VARIANTS)


def test_a_paraphrase_takes_one_wording_per_sentence():
    import random

    rng = random.Random(1)
    message = PARAPHRASES[0]
    texts = {paraphrase(rng, message) for _ in range(30)}

    assert len(texts) >= 20
    for text in texts:
        used = [any(w in text for w in wordings) for wordings in message]
        assert sum(used) >= len(message) - 1


def test_unknown_attacks_and_models_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="brigade"):
        attack_kinds("everyday", "brigades")
    with pytest.raises(ValueError, match="everyday"):
        build_scenario("nope", "none")
    assert attack_kinds("templates", "own") is None
    assert attack_kinds("everyday", "own") == list(KINDS)

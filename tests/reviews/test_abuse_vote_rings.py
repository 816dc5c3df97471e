"""The vote-ring detector (reviews/abuse/vote_rings.py): pure, over plain rows."""

import random
from datetime import UTC, datetime, timedelta
from itertools import count

from reviews.abuse import Thresholds
from reviews.abuse.vote_rings import MAX_STRENGTH, VOTE_RING, VoteRow, detect_vote_rings

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
_review_ids = count(1000)


def review_of(author) -> tuple:
    return (next(_review_ids), author)


def vote(voter, review, minutes=0) -> VoteRow:
    review_id, author = review
    return VoteRow(voter, review_id, author, T0 + timedelta(minutes=minutes))


def ring(members, reviews_each=2, start=0) -> list[VoteRow]:
    """Every member up-votes every review of every other member."""
    reviews = {m: [review_of(m) for _ in range(reviews_each)] for m in members}
    votes = []
    minute = start
    for voter in members:
        for author in members:
            if author != voter:
                for review in reviews[author]:
                    votes.append(vote(voter, review, minute))
                    minute += 7
    return votes


def honest_community(size=30, seed=0) -> list[VoteRow]:
    """Readers voting on a few reviews each, spread over many authors, some mutual."""
    rng = random.Random(seed)
    authors = [f"w{n}" for n in range(size)]
    reviews = [review_of(a) for a in authors for _ in range(3)]
    votes = []
    for n, voter in enumerate(authors):
        for review in rng.sample(reviews, 6):
            votes.append(vote(voter, review, n * 13))
    return votes


def test_a_ring_up_voting_each_other_is_found():
    votes = ring(["a", "b", "c", "d"])

    (found,) = detect_vote_rings(votes)

    assert found.kind == VOTE_RING
    assert found.accounts == ("a", "b", "c", "d")
    assert len(found.review_ids) == 8
    assert found.details["pattern"] == "ring"
    assert found.details["votes_inside"] == 24 == found.details["votes_given"]
    assert "4 accounts up-voted each other's reviews: 24 of the 24 helpful votes" in found.evidence


def test_a_ring_never_holds():
    (found,) = detect_vote_rings(ring(["a", "b", "c", "d", "e", "f"], reviews_each=4))

    assert found.strength <= MAX_STRENGTH
    assert not found.holds(Thresholds())


def test_a_ring_hidden_among_honest_votes_is_still_found():
    votes = honest_community() + ring(["r1", "r2", "r3"], reviews_each=2)

    found = detect_vote_rings(votes)

    assert [d.accounts for d in found] == [("r1", "r2", "r3")]


def test_honest_readers_raise_nothing():
    for seed in range(5):
        assert detect_vote_rings(honest_community(seed=seed)) == []


def test_two_friends_voting_for_each_other_are_not_a_ring():
    assert detect_vote_rings(ring(["a", "b"], reviews_each=5)) == []


def test_a_group_that_mostly_votes_for_others_is_not_a_ring():
    members = ["a", "b", "c"]
    outside = [review_of(f"x{n}") for n in range(30)]
    votes = ring(members, reviews_each=1)
    votes += [vote(m, r) for m in members for r in outside]

    assert detect_vote_rings(votes) == []


def test_a_clique_boosting_one_account_is_found():
    target_reviews = [review_of("star") for _ in range(4)]
    clique = ["p1", "p2", "p3"]
    votes = [vote(p, r, n) for n, p in enumerate(clique) for r in target_reviews]
    votes.append(vote("reader", target_reviews[0]))

    (found,) = detect_vote_rings(votes)

    assert found.details["pattern"] == "clique"
    assert found.details["target"] == "star"
    assert found.accounts == ("p1", "p2", "p3", "star")
    assert found.review_ids == tuple(sorted(r for r, _ in target_reviews))
    assert "3 accounts gave 12 helpful votes to one account's reviews (100%" in found.evidence
    assert "92% of the votes its reviews got" in found.evidence


def test_fans_who_vote_widely_are_not_a_clique():
    target_reviews = [review_of("star") for _ in range(3)]
    others = [review_of(f"x{n}") for n in range(10)]
    votes = [vote(f"fan{n}", r) for n in range(4) for r in target_reviews + others]

    assert detect_vote_rings(votes) == []


def test_votes_on_ones_own_reviews_are_ignored():
    own = [review_of("a") for _ in range(10)]

    assert detect_vote_rings([vote("a", r) for r in own]) == []


def test_only_groups_with_a_vote_since_the_start_are_reported():
    votes = ring(["a", "b", "c"])
    last = max(v.created_at for v in votes)

    assert detect_vote_rings(votes, since=last + timedelta(seconds=1)) == []
    assert len(detect_vote_rings(votes, since=last)) == 1


def test_the_same_votes_give_the_same_detections_in_any_order():
    votes = ring(["a", "b", "c", "d"]) + ring(["e", "f", "g"])

    assert detect_vote_rings(votes) == detect_vote_rings(list(reversed(votes)))
    assert len(detect_vote_rings(votes)) == 2

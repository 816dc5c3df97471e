"""The consensus factor of a near-duplicate group (reviews/abuse/corroboration.py): far from
the other reviewers' median, all on one side, with hand-worked numbers."""

from reviews.abuse import Thresholds
from reviews.abuse.corroboration import Context, factors
from tests.reviews.test_abuse_detectors import DAY, NOW, review

T = Thresholds()


def _group_rating(ratings: list[int]) -> tuple[list, list]:
    """Five established reviewers rate R at 3 (median 3); one stranger per rating writes the
    same sentence about R, a week apart (so not concentrated in time, but on one requester)."""
    others = [review(author=f"o{i}", at=NOW - 30 * DAY, requester="R", rating=3) for i in range(5)]
    group = [
        review(author=f"s{i}", at=NOW + i * 7 * DAY, requester="R", rating=rating)
        for i, rating in enumerate(ratings)
    ]
    return others + group, group


def test_copies_far_on_both_sides_of_the_consensus_do_not_count():
    # 5, 5, 2, 1 against a median of 3: 5 − 3 = 2 and 3 − 1 = 2 are far (≥ 2 points), 2 is not.
    # 3 of 4 compared copies far is ≥ 2/3, but two are above and one below: no campaign pushes
    # both ways.
    rows, group = _group_rating([5, 5, 2, 1])

    assert "consensus" not in factors(group, Context.of(rows, thresholds=T), T)


def test_copies_far_on_one_side_count():
    # 5, 5, 5, 2: three of four 2 points above the median of 3, all above: the factor counts.
    rows, group = _group_rating([5, 5, 5, 2])

    assert "consensus" in factors(group, Context.of(rows, thresholds=T), T)


def test_one_sided_but_too_few_far_copies_do_not_count():
    # 5, 5, 3, 2: two of four far (1/2 < 2/3), both above: not enough.
    rows, group = _group_rating([5, 5, 3, 2])

    assert "consensus" not in factors(group, Context.of(rows, thresholds=T), T)

"""Honest rating and network habits that look like abuse at first sight: recommend-only
raters, harsh raters, raters using the ends of the scale, established accounts sharing a
campus network; and the combination rule's counts, with hand-worked numbers."""

from reviews.abuse import Thresholds
from reviews.abuse.consensus import BELOW_MAX_STRENGTH, detect_consensus_outliers, far_direction
from reviews.abuse.corroboration import holds
from reviews.abuse.shared_network import ESTABLISHED_MAX_STRENGTH, detect_shared_networks
from tests.reviews.test_abuse_detectors import DAY, HOUR, NOW, review

T = Thresholds()


def test_far_direction_judges_stars_by_points_and_recommend_by_contradiction():
    stars = review(author="a", at=NOW, rating=5)
    yes = review(author="a", at=NOW, recommend=True)
    no = review(author="a", at=NOW, recommend=False)
    # Stars: 5 against a median of 3 is 2 points above; 4 against 3 is 1 point, not far.
    assert far_direction(stars, 5.0, 3.0, 2.0) == 1
    assert far_direction(stars, 4.0, 3.0, 2.0) == 0
    assert far_direction(stars, 1.0, 3.5, 2.0) == -1
    # A yes maps to 5.0, but against a median of 3 it is no contradiction: not far.
    assert far_direction(yes, 5.0, 3.0, 2.0) == 0
    assert far_direction(yes, 5.0, 2.0, 2.0) == 1
    assert far_direction(no, 1.0, 3.0, 2.0) == 0
    assert far_direction(no, 1.0, 4.0, 2.0) == -1


def _requesters(count: int, others_rating: int, own) -> list:
    rows = []
    for r in range(count):
        rows += [
            review(author=f"w{r}{i}", at=NOW, requester=f"R{r}", rating=others_rating)
            for i in range(4)
        ]
        rows.append(own(r))
    return rows


def test_a_recommend_only_worker_is_not_an_outlier_against_middling_ratings():
    # Five "no" on requesters others rate 3: as 1.0 each would be 2 points below.
    rows = _requesters(
        5, 3, lambda r: review(author="binary", at=NOW, requester=f"R{r}", recommend=False)
    )

    assert detect_consensus_outliers(rows, T) == []


def test_a_rater_at_both_ends_of_the_scale_is_not_an_outlier():
    # 3 reviews 2 points above (5 vs 3) and 3 reviews 2 points below (1 vs 3): 3 in the
    # dominant direction, under the support of 4.
    rows = _requesters(
        6, 3, lambda r: review(author="ends", at=NOW, requester=f"R{r}", rating=5 if r < 3 else 1)
    )

    assert detect_consensus_outliers(rows, T) == []


def test_a_harsh_rater_is_a_hint_not_a_hold():
    # 5 of 5 reviews at 1 where others say 4 (3 points below): strength min(0.9, 0.4 + 0.5)
    # = 0.9 by the count, capped at 0.6 because the deviation is downward.
    rows = _requesters(5, 4, lambda r: review(author="harsh", at=NOW, requester=f"R{r}", rating=1))

    [detection] = detect_consensus_outliers(rows, T)

    assert detection.accounts == ("harsh",)
    assert detection.strength == BELOW_MAX_STRENGTH
    assert not detection.holds(T)
    assert "2 points below" in detection.evidence


def test_established_classmates_on_one_network_reviewing_one_requester_are_a_hint():
    background = [
        review(author=f"w{i}", at=NOW - i * HOUR, requester=f"R{i % 40 + 2}") for i in range(200)
    ]
    campus = [
        review(author=f"c{i}", at=NOW + i * HOUR, network="campus", joined=NOW - 900 * DAY)
        for i in range(5)
    ]

    [detection] = detect_shared_networks(background + campus, T)

    # 0.35 + 0.1 × 5 = 0.85 by the count, capped at 0.6: no account is new.
    assert detection.strength == ESTABLISHED_MAX_STRENGTH
    assert not detection.holds(T)


def test_the_combination_rule_counts():
    accounts = T.near_duplicate_hold_accounts  # 4
    assert not holds(2, 2, T)  # a pair with two factors: friends
    assert holds(3, 2, T)
    assert holds(2, 3, T)
    assert not holds(1, 3, T)
    assert holds(1, accounts, T)
    assert not holds(0, 50, T)

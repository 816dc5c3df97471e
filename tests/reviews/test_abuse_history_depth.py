"""Rating swings judged at each depth of history (reviews/abuse/history_depth.py), with
hand-worked numbers. The world is that of test_abuse_swings.py: 10 established accounts rating
P and X0–X4 at 2 (60 reviews that could be far above)."""

from reviews.abuse import Thresholds
from reviews.abuse.detection import RATING_SWING
from reviews.abuse.history_depth import depths
from reviews.abuse.swings import detect_rating_swings
from tests.reviews.test_abuse_detectors import DAY, HOUR, NOW, review
from tests.reviews.test_abuse_swings import _established, _puppets, _swings

T = Thresholds()
SINGLE_TEST = Thresholds(swing_thin_tiers=())


def _casual_fans() -> list:
    # Six honest accounts with two reviews each, both 5 on X requesters (far above their
    # median 2), at most three of them on any one X (no swing there).
    return [
        review(author=f"c{i}", at=NOW - 10 * DAY + i * HOUR, requester=f"X{(i + j) % 5}", rating=5)
        for i in range(6)
        for j in range(2)
    ]


def test_depths_tested_for_praise_and_for_damning():
    assert depths(T) == (1, 2, 5)
    # Far below, the thin limit only: a one-review complaint is what honest workers write.
    assert depths(T, praise=False) == (5,)
    assert depths(SINGLE_TEST) == (5,)


def test_one_review_puppets_among_casual_fans_hold_at_depth_one():
    rows = _established() + _casual_fans() + _puppets(6)

    # Could be far above: 60 + 12 + 6 = 78 reviews. Far above by accounts with at most 5
    # (or 2) reviews: 12 + 6 = 18, q = 3/13; with one review: the 6 puppets, q = 1/13. In the
    # span only the puppets review P: n = k = 6, and P's own rate and its established
    # reviewers' are under q. At depth 5, p = (3/13)^6 = 1.5e-4, ordinary; at depth 1,
    # p = (1/13)^6 = 2.07e-7, times 3 depths tested = 6.2e-7, under 1e-5.
    [swing] = _swings(rows)

    assert swing.details["history_depth"] == 1
    assert swing.details["base_rate"] == round(1 / 13, 4)
    assert swing.details["p_value"] == float(f"{(1 / 13) ** 6:.3g}")
    assert swing.details["corrected_p_value"] == float(f"{3 * (1 / 13) ** 6:.3g}")
    assert swing.accounts == tuple(f"p{i}" for i in range(6))
    assert swing.holds(T)
    assert "at most 1 review each" in swing.evidence
    # The single test of before (depth 5 only) finds nothing.
    assert _swings_with(rows, SINGLE_TEST) == []


def test_an_honest_fan_with_more_history_is_not_named_with_them():
    rows = _established() + _casual_fans() + _puppets(6)
    fan = [
        review(author="fan", at=NOW + HOUR, requester="P", rating=5),
        review(author="fan", at=NOW - 15 * DAY, requester="X0", rating=2),
        review(author="fan", at=NOW - 14 * DAY, requester="X1", rating=2),
    ]

    [swing] = _swings(rows + fan)

    # Depth 1: 6 of the 7 accounts in the span at q = 6/81, p = 7 (6/81)^6 (1 - 6/81) + ... =
    # 1.1e-6; depth 5: 7 of 7 at 19/81, p = 3.9e-5. Depth 1 wins and names its accounts only.
    assert swing.details["history_depth"] == 1
    assert "fan" not in swing.accounts
    assert not {r.review_id for r in fan} & set(swing.review_ids)


def test_five_fans_improbable_once_are_ordinary_over_three_tests():
    # One more one-review fan elsewhere: q = 6/66 = 1/11 at every depth. Five one-review fans
    # of P in two days: p = (1/11)^5 = 6.2e-6, under 1e-5 as a single test, but over the
    # three depths tested 1.9e-5: no swing. The extra depths never make a chance swing likelier.
    rows = (
        _established() + _puppets(5) + [review(author="x", at=NOW - DAY, requester="X0", rating=5)]
    )

    assert _swings(rows) == []
    [single] = _swings_with(rows, SINGLE_TEST)
    assert single.details["p_value"] == float(f"{(1 / 11) ** 5:.3g}")


def _swings_with(rows, thresholds):
    return [d for d in detect_rating_swings(rows, thresholds) if d.kind == RATING_SWING]

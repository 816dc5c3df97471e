"""Folding a rating swing into other detections, and the re-test of what it would add
(reviews/abuse/swing_folding.py), with hand-worked numbers.

The world: the 10 established accounts of test_abuse_swings rating P, Q and X0–X4 at 2
(120 reviews that could be far above), and 12 one-review puppets praising P at 5 in two
days. Platform rate q = 12 / (120 + 12) = 1/11; P's own rate outside the span and its
established reviewers' inside it are both lower, so the swing is tested at 1/11: 12 of the
12 accounts reviewing P in the span, over 3 depths of history (1, 2 and 5 reviews).
"""

from dataclasses import replace

import pytest

from reviews.abuse import Thresholds
from reviews.abuse.detection import NEW_ACCOUNT_BURST, RATING_SWING, Detection
from reviews.abuse.swing_folding import FOLDED_STRENGTH, fold_swings, still_improbable
from tests.reviews.test_abuse_swings import _established, _puppets, _swings

T = Thresholds()


def _swing_and_holding(held_accounts: int):
    rows = _established() + _established("Q") + _puppets(12)
    [swing] = _swings(rows)
    far = swing.details["far_review_ids"]
    other = Detection(
        kind=NEW_ACCOUNT_BURST,
        strength=0.8,
        review_ids=tuple(far[:held_accounts]),
        accounts=(),
        evidence="",
    )
    return swing, other


def test_a_folded_swing_whose_other_accounts_are_still_improbable_keeps_holding():
    swing, other = _swing_and_holding(6)
    assert swing.details["rate"] == pytest.approx(1 / 11)
    assert swing.details["accounts_in_span"] == 12

    [_, kept] = fold_swings([other, swing], T)

    # Half the far reviews are held (6 of 12): folded today. What is left: 12 − 6 = 6 of the
    # 12 − 6 = 6 accounts, p = (1/11)^6 = 5.64e-7, times 3 depths = 1.69e-6 ≤ 1e-5, from 6 ≥ 4
    # accounts: the swing keeps holding (the 6 held ones are held anyway).
    assert kept.strength == swing.strength and kept.holds(T)
    assert kept.details["retest_p_value"] == pytest.approx(3 * (1 / 11) ** 6, rel=1e-2)
    assert kept.review_ids == swing.review_ids
    assert kept.evidence.endswith(
        "Other signals hold 6 of its accounts already; the other 6 of the 6 accounts reviewing"
        " it then are still improbable by themselves (p = 1.7e-06 over the depths tested),"
        " so it keeps holding."
    )


def test_a_folded_swing_whose_other_accounts_are_ordinary_is_a_hint():
    # 7 held: 5 of 5 left, (1/11)^5 = 6.21e-6, times 3 = 1.86e-5 > 1e-5. 8 held: 4 of 4,
    # 3 · (1/11)^4 = 2.05e-4.
    for held, p_value in ((7, 3 * (1 / 11) ** 5), (8, 3 * (1 / 11) ** 4)):
        swing, other = _swing_and_holding(held)

        [_, folded] = fold_swings([other, swing], T)

        assert folded.strength == FOLDED_STRENGTH and not folded.holds(T)
        assert folded.details["retest_p_value"] == pytest.approx(p_value, rel=1e-2)
        assert folded.evidence.endswith("Most of them are held by other signals already.")


def test_fewer_than_four_accounts_left_are_folded_however_improbable():
    # 9 held: 3 of 3 left, 3 · (1/11)^3 = 2.25e-3, under a loosened 1e-2 but from 3 accounts.
    loose = replace(T, swing_max_p_value=1e-2)
    swing, other = _swing_and_holding(9)

    [_, folded] = fold_swings([other, swing], loose)

    assert folded.details["retest_p_value"] == pytest.approx(3 * (1 / 11) ** 3, rel=1e-2)
    assert folded.strength == FOLDED_STRENGTH


def test_the_retest_removes_the_held_accounts_from_the_span_as_well():
    # A swing of 10 far thin accounts among 12 reviewing, at rate 0.05, found at praise's 3
    # depths; account a0 wrote two far reviews in the span, both held, and counts once.
    span_far = [["a0", 100], ["a0", 101]] + [[f"a{i}", 100 + i + 1] for i in range(1, 10)]
    swing = Detection(
        kind=RATING_SWING,
        strength=0.85,
        review_ids=tuple(i for _, i in span_far),
        accounts=tuple(f"a{i}" for i in range(10)),
        evidence="",
        details={"direction": "above", "accounts_in_span": 12, "rate": 0.05, "span_far": span_far},
    )
    held_four = {100, 101, 102, 103, 104}  # a0 (both reviews), a1, a2, a3

    retest = still_improbable(swing, held_four, T)

    # 6 of 8 left: P(X ≥ 6; 8, 0.05) = 28·0.05^6·0.95^2 + 8·0.05^7·0.95 + 0.05^8 = 4.01e-7,
    # times 3 = 1.20e-6: holds.
    assert (retest.held_accounts, retest.accounts_left, retest.accounts_in_span_left) == (4, 6, 8)
    assert retest.corrected_p_value == pytest.approx(1.20e-6, rel=1e-2)
    assert retest.holds

    # One more held (a4): 5 of 7, 21·0.05^5·0.95^2 + 7·0.05^6·0.95 + 0.05^7 = 6.03e-6, times 3
    # = 1.81e-5 > 1e-5: folded.
    retest = still_improbable(swing, held_four | {105}, T)

    assert retest.corrected_p_value == pytest.approx(1.81e-5, rel=1e-2)
    assert not retest.holds

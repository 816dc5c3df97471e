"""Praise bursts (reviews/abuse/praise_bursts.py), with hand-worked numbers.

The world: 10 established accounts (6 reviews each, more than the 5 of a thin history), each
rating requester P at 4 once, two days apart over the 25 days before NOW, and five requesters
X0–X4 at 4 too. Every median is 4, which leaves room to lift (at most 4.5). A thin puppet
writes one review of X0 at 4 (its cover, not lifting) and then 5 stars for P within 12 hours.
"""

import pytest

from reviews.abuse import Thresholds, run_all
from reviews.abuse.bursts import find_burst_episodes
from reviews.abuse.detection import NEW_ACCOUNT_BURST, PRAISE_BURST, Detection
from reviews.abuse.praise_bursts import detect_praise_bursts, lifts
from reviews.abuse.stats import binomial_tail
from reviews.abuse.swing_folding import FOLDED_STRENGTH, fold_swings
from tests.reviews.test_abuse_detectors import DAY, HOUR, NOW, review

T = Thresholds()


def _established() -> list:
    rows = []
    for i in range(10):
        at = NOW - 25 * DAY + i * 2 * DAY
        rows += [review(author=f"e{i}", at=at, requester=r, rating=4) for r in ("P", "X0", "X1")]
        rows += [review(author=f"e{i}", at=at, requester=f"X{j}", rating=4) for j in (2, 3, 4)]
    return rows


def _puppets(count: int) -> list:
    rows = []
    for i in range(count):
        rows.append(review(author=f"p{i}", at=NOW - 10 * DAY, requester="X0", rating=4))
        rows.append(review(author=f"p{i}", at=NOW + i * 2 * HOUR, requester="P", rating=5))
    return rows


def _bursts(rows) -> list:
    return detect_praise_bursts(rows, find_burst_episodes(rows, T), T)


def test_six_thin_accounts_lifting_a_requester_in_one_burst_hold_with_their_cover():
    rows = _established() + _puppets(6)

    [burst] = _bursts(rows)

    # 6 reviews of P in 10 hours against its floor of 0.5 a day: a burst. Platform share s:
    # 6 thin lifting reviews among the 72 rated reviews of requesters with room (60 + 12),
    # 1/12. P's own share outside the burst: no thin fan among its 10 other reviewers,
    # (0 + 20/12) / (10 + 20) = 0.056; no established reviewer in the burst, pull 1. So the
    # rate is 1/12, and 6 of the burst's 6 accounts: p = (1/12)^6 = 3.3e-7, under 1e-5.
    assert burst.details["rate"] == pytest.approx(1 / 12, abs=1e-4)
    assert burst.details["p_value"] == pytest.approx((1 / 12) ** 6, rel=1e-2)
    assert burst.accounts == tuple(f"p{i}" for i in range(6))
    # The six lifting reviews and the six covers on X0.
    assert len(burst.review_ids) == 12
    assert burst.strength == pytest.approx(0.79)
    assert burst.holds(T)


def test_a_requester_whose_casual_fans_praise_it_all_along_is_judged_at_its_own_rate():
    # Five one-review accounts gave P 5 stars, one every two days, before the burst (with
    # them P gets 15 reviews in 25 days, 0.6 a day: 6 in 10 hours is still a burst).
    fans = [
        review(author=f"f{i}", at=NOW - 24 * DAY + i * 2 * DAY, requester="P", rating=5)
        for i in range(5)
    ]
    rows = _established() + fans + _puppets(6)

    assert _bursts(rows) == []
    # s = 11/77 = 1/7; P's own share outside the burst: 5 thin fans among its 15 other
    # reviewers, (5 + 20/7) / (15 + 20) = 0.224, above s; 6 of 6 at that rate: p = 1.3e-4.
    own = (5 + 20 / 7) / 35
    assert own**6 == pytest.approx(1.3e-4, abs=1e-5)
    assert detect_praise_bursts(
        rows, find_burst_episodes(rows, T), Thresholds(praise_burst_max_p_value=2e-3)
    )[0].details["rate"] == pytest.approx(own, abs=1e-4)


def test_established_workers_lifting_in_the_same_wave_make_it_an_honest_batch():
    # A batch that paid a bonus: six established accounts (their 7th review) give P 5 stars in
    # the same hours as six thin ones.
    rows = _established() + _puppets(6)
    rows += [
        review(author=f"e{i}", at=NOW + i * 2 * HOUR + HOUR, requester="P", rating=5)
        for i in range(6)
    ]

    assert _bursts(rows) == []
    # s = 6/78 = 1/13 (the median of P stays 4: ten 4s, six 5s). Established share e: 6 of
    # the 60 established account-requester pairs lift, 0.1. In the burst 6 of 6 established
    # accounts lift: pull (6 + 20·0.1) / (6 + 20) / 0.1 = 3.08, rate 3.08/13 = 0.237, and 6
    # thin of the 12 accounts is p = 0.043.
    rate = (6 + 20 * 0.1) / (6 + 20) / 0.1 / 13
    assert binomial_tail(6, 12, rate) == pytest.approx(0.043, abs=1e-3)


def test_a_recommend_only_yes_or_a_five_where_everyone_says_five_lifts_nothing():
    at = NOW
    assert lifts(review(author="a", at=at, rating=5), 4.0, 0.5)
    assert lifts(review(author="a", at=at, rating=5), 4.5, 0.5)
    assert not lifts(review(author="a", at=at, rating=4), 3.0, 0.5)  # not at the end
    assert not lifts(review(author="a", at=at, recommend=True), 2.0, 0.5)  # a yes, unrated


def test_run_all_reports_it_only_with_every_requester():
    rows = _established() + _puppets(6)

    assert any(d.kind == PRAISE_BURST for d in run_all(rows, thresholds=T))
    assert not any(
        d.kind == PRAISE_BURST for d in run_all(rows, thresholds=T, every_requester=False)
    )


def _held_by_a_new_account_burst(burst, count: int) -> Detection:
    return Detection(
        kind=NEW_ACCOUNT_BURST,
        strength=0.8,
        review_ids=tuple(burst.details["far_review_ids"][:count]),
        accounts=(),
        evidence="",
    )


def test_a_praise_burst_mostly_held_by_a_new_account_burst_is_folded_into_a_hint():
    # 8 puppets: rate 8 / (60 + 16) = 2/19, p = (2/19)^8 = 1.5e-8. A new-account burst holds
    # 5 of the 8: 3 of 3 left, under the 4 accounts a crowd needs, so the rest (the honest new
    # workers who liked the requester too, in real traffic) is folded, not held.
    [burst] = _bursts(_established() + _puppets(8))
    other = _held_by_a_new_account_burst(burst, 5)

    [_, folded] = fold_swings([other, burst], T)

    assert burst.holds(T)
    assert folded.details["retest_p_value"] == pytest.approx((2 / 19) ** 3, rel=1e-2)
    assert folded.strength == FOLDED_STRENGTH and not folded.holds(T)


def test_a_praise_burst_whose_unheld_accounts_are_still_improbable_keeps_holding():
    # 12 puppets: rate 12 / (60 + 24) = 1/7; 6 held, 6 of 6 left: (1/7)^6 = 8.5e-6, no depth
    # correction (a burst tests one), under 1e-5: it keeps holding.
    [burst] = _bursts(_established() + _puppets(12))
    other = _held_by_a_new_account_burst(burst, 6)

    [_, kept] = fold_swings([other, burst], T)

    assert kept.details["retest_p_value"] == pytest.approx((1 / 7) ** 6, rel=1e-2)
    assert kept.holds(T)
    assert kept.evidence.endswith(
        "the other 6 of the 6 accounts reviewing it then are still improbable by themselves"
        " (p = 8.5e-06), so it keeps holding."
    )

"""Praise judged against the requester's established reviewers as a relative pull
(reviews/abuse/established_pull.py), with hand-worked numbers.

The world: 40 established accounts e0–e39, each rating six requesters X0–X5 twenty days ago;
every fourth account (10 of 40) rates them 4, the others 2. Each X has median 2, so a 4 is
far above (≥ 3.5): platform-wide a quarter of established accounts are far above where they
could be, as on the everyday model (22–25 %). Then, within two days, the poor requester P is
reviewed by established accounts and by six one-review accounts p0–p5 giving it 5.
"""

import pytest

from reviews.abuse import Thresholds
from reviews.abuse.detection import RATING_SWING
from reviews.abuse.established_pull import platform_share, relative_pull
from reviews.abuse.stats import binomial_tail, shrunk_share
from reviews.abuse.swings import PRIOR_ACCOUNTS, detect_rating_swings
from tests.reviews.test_abuse_detectors import DAY, HOUR, NOW, review

T = Thresholds()


def _platform() -> list:
    return [
        review(
            author=f"e{i}",
            at=NOW - 20 * DAY + j * HOUR,
            requester=f"X{j}",
            rating=4 if i % 4 == 0 else 2,
        )
        for i in range(40)
        for j in range(6)
    ]


def _on_p(*, plain: int, fans: int, earlier: int = 0) -> list:
    rows = [
        review(author=f"e{i}", at=NOW - 10 * DAY + i * HOUR, requester="P", rating=2)
        for i in range(earlier)
    ]
    rows += [
        review(author=f"e{39 - i}", at=NOW + (1 + i) * HOUR, requester="P", rating=2)
        for i in range(plain)
    ]
    rows += [
        review(author=f"e{4 * i}", at=NOW + (12 + i) * HOUR, requester="P", rating=5)
        for i in range(fans)
    ]
    rows += [
        review(author=f"p{i}", at=NOW + i * (2 * DAY / 5), requester="P", rating=5, label="abusive")
        for i in range(6)
    ]
    return rows


def _swings(rows) -> list:
    return [d for d in detect_rating_swings(rows, T) if d.kind == RATING_SWING]


def test_pull_is_one_where_established_reviewers_are_far_as_often_as_anywhere():
    assert relative_pull(1, 4, 0.25, 20) == pytest.approx(1.0)
    # Two of nine against a platform share of 0.249: (2 + 20·0.249) / 29 / 0.249 = 0.967.
    assert relative_pull(2, 9, 0.249, 20) == pytest.approx(0.9666, abs=1e-4)
    # All of twenty: (20 + 5) / 40 / 0.25 = 2.5 times the usual.
    assert relative_pull(20, 20, 0.25, 20) == pytest.approx(2.5)
    # The shrinkage both use: two of nine towards 0.25 with 20 more, (2 + 5) / 29.
    assert shrunk_share(2, 9, 0.25, 20) == pytest.approx(7 / 29)
    assert shrunk_share(0, 0, 0.25, 20) == pytest.approx(0.25)
    assert platform_share(0, 0, 0.005) == 0.005
    assert platform_share(62, 249, 0.005) == pytest.approx(0.2490, abs=1e-4)


def test_one_review_fans_next_to_ordinary_established_reviewers_hold():
    # In the span P is reviewed by 9 established accounts (7 rate it 2, e0 and e4 rate it 5:
    # as often as established accounts anywhere) and the six one-review accounts: n = 15.
    # Eligible reviews (could be far above): 240 on X, 15 on P; q at depth 1 = 6/255 = 0.0235.
    # Platform established share e = (6·10 + 2) / (6·40 + 9) = 62/249 = 0.249, the pull
    # 0.967, so the established rate is 0.0227 < q and the rate is q:
    # P(X ≥ 6; 15, 0.0235) = 7.07e-7, 2.1e-6 over the three depths tested: a swing.
    rows = _platform() + _on_p(plain=7, fans=2)

    [swing] = _swings(rows)

    assert swing.details["base_rate"] == pytest.approx(6 / 255, abs=1e-4)
    assert swing.details["p_value"] == pytest.approx(binomial_tail(6, 15, 6 / 255), rel=1e-2)
    assert swing.details["corrected_p_value"] == pytest.approx(2.12e-6, rel=1e-2)
    assert swing.accounts == tuple(f"p{i}" for i in range(6))
    assert swing.holds(T)
    # Judged, as before, at the share of *established accounts* far in the span, (2 + 20q)
    # / 29 = 0.085, it was p = 9.7e-4: one account in eleven of all P's reviewers expected to
    # be a thin fan, where one in 43 is usual.
    assert PRIOR_ACCOUNTS == 20
    assert binomial_tail(6, 15, (2 + 20 * 6 / 255) / 29) == pytest.approx(9.7e-4, rel=1e-2)


def test_thin_fans_in_a_week_when_established_reviewers_praise_it_too_are_no_swing():
    # An honest good week: P's 20 earlier established reviewers rated it 2 (median 2); in the
    # span 7 of the 9 established accounts reviewing it rate it 5 (e0, e4, …, e24) beside the
    # six thin fans. q = 6/275 = 0.0218, e = 67/264 = 0.254, the pull
    # (7 + 20·0.254) / 29 / 0.254 = 1.64, rate 0.0358: P(X ≥ 6; 15, 0.0358) = 8.0e-6, 2.4e-5
    # over three depths: no swing. At q alone it would be 1.4e-6 and hold.
    rows = _platform() + _on_p(plain=2, fans=7, earlier=20)

    assert _swings(rows) == []
    assert 3 * binomial_tail(6, 15, 6 / 275) < T.swing_max_p_value

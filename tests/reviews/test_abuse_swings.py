"""Rating swings (reviews/abuse/swings.py), with hand-worked numbers.

The world: 10 established accounts (6 reviews each, more than the 5 of a thin history), each
rating the poor requester P at 2 twenty days ago and five requesters X0–X4 at 2 too. Every
one of those 60 reviews leaves room to be far above (median 2, 1.5 points would be 3.5).
"""

from dataclasses import replace

import pytest

from reviews.abuse import Thresholds, run_all
from reviews.abuse.detection import NEW_ACCOUNT_BURST, RATING_SWING, Detection
from reviews.abuse.swing_folding import FOLDED_STRENGTH, fold_swings
from reviews.abuse.swings import PRIOR_ACCOUNTS, detect_rating_swings
from tests.reviews.test_abuse_detectors import DAY, HOUR, NOW, review

T = Thresholds()


def _established(requester: str = "P", rating: int = 2, at=NOW - 20 * DAY) -> list:
    rows = []
    for i in range(10):
        rows.append(review(author=f"e{i}", at=at + i * HOUR, requester=requester, rating=rating))
        rows += [
            review(author=f"e{i}", at=at + i * HOUR, requester=f"X{j}", rating=rating)
            for j in range(5)
        ]
    return rows


def _puppets(count: int, *, requester: str = "P", rating: int = 5, start=NOW) -> list:
    return [
        review(
            author=f"p{i}",
            at=start + i * (2 * DAY / count),
            requester=requester,
            rating=rating,
            label="abusive",
        )
        for i in range(count)
    ]


def _swings(rows) -> list:
    return [d for d in detect_rating_swings(rows, T) if d.kind == RATING_SWING]


def test_five_thin_accounts_praising_a_poor_requester_in_two_days_hold():
    rows = _established() + _puppets(5)

    [swing] = _swings(rows)

    # Platform: 5 far-above reviews by thin accounts among 65 that could be far above, q =
    # 5/65 = 1/13. In the span only the 5 puppets review P: n = 5, k = 5. The rate is the
    # largest of q, P's own outside the span ((0 + 20q) / (10 + 20) = 0.051) and the
    # established reviewers' in the span (none: (0 + 20q) / 20 = q), so 1/13:
    # p = (1/13)^5 = 2.69e-6, under 1e-5.
    assert swing.details["base_rate"] == pytest.approx(1 / 13, abs=1e-4)
    assert swing.details["p_value"] == pytest.approx((1 / 13) ** 5, rel=1e-2)
    assert swing.details["accounts_in_span"] == 5
    assert swing.accounts == tuple(f"p{i}" for i in range(5))
    assert swing.holds(T)
    assert swing.details["direction"] == "above"
    assert "5 of the 5 accounts" in swing.evidence


def test_four_thin_accounts_are_not_enough_at_that_rate():
    # q = 4/64 = 1/16; p = (1/16)^4 = 1.5e-5, above 1e-5: a handful of fans is no campaign.
    assert _swings(_established() + _puppets(4)) == []


def test_three_accounts_never_swing_however_improbable():
    # Even with no limit on the p-value: a pair or trio of fans can be friends.
    anything = Thresholds(swing_max_p_value=1.0)

    assert detect_rating_swings(_established() + _puppets(3), anything) == []
    assert len(detect_rating_swings(_established() + _puppets(4), anything)) == 1


def test_an_honest_wave_where_established_reviewers_agree_is_no_swing():
    # A good requester G (established median 5) rejects a batch: 5 thin accounts and 5 of
    # the established ones rate it 1 the same day. Far below in the span: 5 of 10 thin...
    rows = _established(requester="G", rating=5)
    rows += [
        review(author=f"e{i}", at=NOW + i * (2 * DAY / 5) + HOUR, requester="G", rating=1)
        for i in range(5)
    ]
    rows += _puppets(5, requester="G", rating=1)

    # ...but the established reviewers in the span are far below too: q = 5/70 = 1/14, and
    # in the whole span 5 of 5 established are far, rate (5 + 20/14) / (5 + 20) = 0.257,
    # P(X >= 5; 10, 0.257) = 0.06; any shorter span of 4 puppets holds 3 established far ones,
    # rate (3 + 20/14) / 23 = 0.19, P(X >= 4; 7, 0.19) = 0.03: ordinary.
    assert PRIOR_ACCOUNTS == 20
    assert _swings(rows) == []


def test_a_thin_accounts_other_reviews_are_named_as_its_cover():
    cover = [
        review(author="p0", at=NOW - 5 * DAY, requester="X0", rating=2),
        review(author="p0", at=NOW - 4 * DAY, requester="X1", rating=2),
    ]
    rows = _established() + _puppets(6) + cover

    [swing] = _swings(rows)

    assert {r.review_id for r in cover} <= set(swing.review_ids)
    assert swing.details["cover_reviews"] == 2
    # The established accounts' reviews are not named.
    assert not {r.review_id for r in rows if r.author.startswith("e")} & set(swing.review_ids)


def test_a_later_honest_fan_is_left_out_of_the_span():
    # Six puppets in two days, then one thin honest fan 30 days later, with the 10
    # established accounts reviewing P again in between: the span with the most accounts
    # beyond the expected count stops at the puppets.
    rows = _established() + _puppets(6)
    rows += [
        review(author=f"e{i}", at=NOW + (5 + i) * DAY, requester="P", rating=2) for i in range(10)
    ]
    fan = review(author="fan", at=NOW + 30 * DAY, requester="P", rating=5)

    [swing] = _swings([*rows, fan])

    assert fan.review_id not in swing.review_ids
    assert swing.accounts == tuple(f"p{i}" for i in range(6))


def test_the_per_requester_check_leaves_swings_to_the_sweep():
    rows = _established() + _puppets(6)

    everything = run_all(rows, thresholds=T)
    some_requesters = run_all(rows, thresholds=T, every_requester=False)

    assert any(d.kind == RATING_SWING for d in everything)
    assert not any(d.kind == RATING_SWING for d in some_requesters)


def test_a_mild_deviation_in_the_span_counts_but_is_not_named():
    # Six puppets at 5 and one thin worker at 3.75 (1.75 above the median of 2: far, so
    # counted), inside the same two days; only reviews at 4.5 or more are named.
    mild = review(author="mild", at=NOW + HOUR, requester="P", rating=4)
    mild = replace(mild, ratings={"pay": 4, "fair": 4, "fast": 4, "comm": 3})
    rows = _established() + _puppets(6) + [mild]

    [swing] = _swings(rows)

    assert mild.review_id not in swing.review_ids
    assert "mild" not in swing.accounts
    assert swing.evidence.startswith("7 accounts with thin histories")
    assert "Named: the 6 reviews at the end of the scale (4.5 or more)." in swing.evidence


def test_a_swing_mostly_held_by_other_signals_is_folded_into_a_hint():
    rows = _established() + _puppets(6)
    [swing] = _swings(rows)
    far = swing.details["far_review_ids"]
    # Another detection holds 3 of the 6 far reviews (half): the swing becomes a hint.
    other = Detection(
        kind=NEW_ACCOUNT_BURST, strength=0.8, review_ids=tuple(far[:3]), accounts=(), evidence=""
    )
    fewer = replace(other, review_ids=tuple(far[:2]))

    [_, folded] = fold_swings([other, swing], T)
    [_, kept] = fold_swings([fewer, swing], T)

    assert folded.strength == FOLDED_STRENGTH and not folded.holds(T)
    assert folded.evidence.endswith("Most of them are held by other signals already.")
    assert kept == swing and kept.holds(T)

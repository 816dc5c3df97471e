"""Honest crowds that a full-size platform produces and the hold rule must not hold, each
next to the abusive case that still holds, with hand-worked numbers: new accounts among
strangers who share a long everyday sentence, honest reviewers inside a new-account burst,
and thin accounts complaining about a requester over weeks."""

import pytest

from reviews.abuse.bursts import detect_new_account_bursts
from reviews.abuse.consensus import BELOW_MAX_STRENGTH
from reviews.abuse.near_duplicates import HINT_STRENGTH, detect_near_duplicates
from reviews.abuse.stats import binomial_tail
from reviews.abuse.swings import detect_rating_swings
from tests.reviews.test_abuse_detectors import DAY, HOUR, NOW, SPAM, T, brigade, review, steady
from tests.reviews.test_abuse_swings import _established

# --- near-duplicate: new accounts must be improbable, not merely half ---------------------


def _one_in_eleven_new() -> list:
    """99 reviews without text, 9 of them by accounts two days old: new accounts write one
    review in eleven, as on the everyday model at full size."""
    return [
        review(
            author=f"w{i}",
            at=NOW - i * HOUR,
            requester=f"Q{i % 30}",
            joined=NOW - i * HOUR - (2 * DAY if i < 9 else 400 * DAY),
        )
        for i in range(99)
    ]


def _strangers_sharing_a_text(new: int) -> list:
    """Four accounts writing the same rare text on four requesters, two weeks apart; the
    first ``new`` of them two days old."""
    return [
        review(
            author=f"s{i}",
            at=NOW + i * 14 * DAY,
            requester=f"R{i}",
            joined=NOW + i * 14 * DAY - (2 * DAY if i < new else 400 * DAY),
            text=SPAM,
        )
        for i in range(4)
    ]


def test_two_new_accounts_among_four_strangers_sharing_a_text_are_no_corroboration():
    # At least half are new (2 of 4), which alone used to count: one factor, four accounts,
    # held. But outside the group new accounts write 9 of 99 reviews, and P(X >= 2; 4, 1/11)
    # = 1 - (10/11)^4 - 4 (1/11) (10/11)^3 = 0.0438, above 0.01: one such group in 23.
    rows = _one_in_eleven_new() + _strangers_sharing_a_text(new=2)
    assert binomial_tail(2, 4, 1 / 11) == pytest.approx(0.0438, abs=1e-4)

    [detection] = detect_near_duplicates(rows, T)

    assert len(detection.accounts) == 4
    assert detection.details["corroborated_by"] == []
    assert detection.strength == HINT_STRENGTH
    assert not detection.holds(T)


def test_three_new_accounts_among_four_sharing_a_text_still_hold():
    # P(X >= 3; 4, 1/11) = 4 (1/11)^3 (10/11) + (1/11)^4 = 0.0028, under 0.01: a factor, and
    # one factor holds from four accounts.
    rows = _one_in_eleven_new() + _strangers_sharing_a_text(new=3)
    assert binomial_tail(3, 4, 1 / 11) == pytest.approx(0.0028, abs=1e-4)

    [detection] = detect_near_duplicates(rows, T)

    assert detection.details["corroborated_by"] == ["new_accounts"]
    assert detection.holds(T)


# --- new-account burst: who is named -------------------------------------------------------


def test_a_new_worker_rating_against_the_pull_of_a_puppet_burst_is_not_named():
    # R1 usually gets 2; ten week-old puppets give it 5 (a pull of 3 points). A newcomer
    # rating it 1 in the same hours is new too, and counted, but rates on the other side of
    # its usual 2: it adds nothing to the pull and is not named.
    honest = steady("R1", per_day=1, days=30, rating=2)
    puppets = brigade(10, new=10, rating=5)
    newcomer = review(author="newcomer", at=NOW + HOUR, joined=NOW - DAY, rating=1)

    [detection] = detect_new_account_bursts(honest + puppets + [newcomer], T)

    assert set(detection.review_ids) == {r.review_id for r in puppets}
    assert detection.details["new_account_reviews"] == 11
    assert detection.details["against_the_pull"] == 1
    assert "1 review by new accounts did not rate it their way and is not named." in (
        detection.evidence
    )
    assert detection.holds(T)


def _a_third_rate_it_five() -> list:
    """30 days of one review a day on R1, every third a 5, the rest 2 (median 2)."""
    rows = steady("R1", per_day=1, days=30, rating=2)
    for i, row in enumerate(rows):
        if i % 3 == 0:
            rows[i] = review(author=row.author, at=row.created_at, rating=5)
    return rows


def test_established_workers_who_like_a_requester_as_a_third_do_are_not_companions():
    # Ten puppets rate R1 5 against its usual 2, with nine established workers in the same
    # hours, four of whom give 5 like them. Earlier, 10 of R1's 30 reviews were 5s: share
    # (10 + 1) / (30 + 2) = 0.344, and P(X >= 4; 9, 0.344) = 0.375, above 0.05: that is how
    # often R1's regulars rate it 5, no allies of the puppets.
    earlier = _a_third_rate_it_five()
    puppets = brigade(10, new=10, rating=5)
    workers = [
        review(author=f"e{i}", at=NOW + i * HOUR / 3, rating=5 if i < 4 else 2) for i in range(9)
    ]
    assert binomial_tail(4, 9, 11 / 32) == pytest.approx(0.375, abs=1e-3)

    [detection] = detect_new_account_bursts(earlier + puppets + workers, T)

    assert set(detection.review_ids) == {r.review_id for r in puppets}
    assert detection.details["companions"] == 0


def test_aged_brigade_members_burying_a_requester_nobody_rated_low_are_companions():
    # R1 always got 4: none of its 30 earlier reviews rated it like the brigade's 1, share
    # (0 + 1) / (30 + 2) = 1/32. Four aged members of the 12 rate it 1 with the eight new
    # ones: P(X >= 4; 4, 1/32) = 9.5e-7, under 0.05.
    honest = steady("R1", per_day=1, days=30, rating=4)
    attack = brigade(12, new=8, rating=1)
    assert binomial_tail(4, 4, 1 / 32) == pytest.approx(9.5e-7, rel=1e-2)

    [detection] = detect_new_account_bursts(honest + attack, T)

    assert set(detection.review_ids) == {r.review_id for r in attack}
    assert detection.details["companions"] == 4


# --- rating swing: damning over weeks is a hint --------------------------------------------


def _thin_complaints(spacing) -> list:
    return [review(author=f"t{i}", at=NOW + i * spacing, requester="G", rating=1) for i in range(5)]


def test_thin_accounts_complaining_about_a_liked_requester_over_weeks_are_a_hint():
    # G's ten established reviewers rate it 5. Five thin accounts rate it 1, one every ten
    # days: far below, q = 5 / 65 = 1/13, p = (1/13)^5 = 2.7e-6, a swing; but spread over 40
    # days it is what a bad month gives, a hint.
    rows = _established(requester="G", rating=5) + _thin_complaints(10 * DAY)

    [swing] = detect_rating_swings(rows, T)

    assert swing.details["direction"] == "below"
    assert swing.details["p_value"] == pytest.approx((1 / 13) ** 5, rel=1e-2)
    assert swing.strength == BELOW_MAX_STRENGTH
    assert not swing.holds(T)
    assert "a hint (a brigade comes together)" in swing.evidence


def test_thin_accounts_burying_a_liked_requester_within_hours_hold():
    # The same five complaints within 8 hours (two apart): a crowd arriving together.
    rows = _established(requester="G", rating=5) + _thin_complaints(2 * HOUR)

    [swing] = detect_rating_swings(rows, T)

    assert swing.details["direction"] == "below"
    assert swing.holds(T)


# --- near-duplicate: a weak factor adds to another, never stands alone ---------------------


def _three_pasting(copies_each: int, spacing) -> list:
    """Three accounts pasting one rare text ``copies_each`` times, in turn, on a new requester
    each time, ``spacing`` apart; the first two a day old at their first copy."""
    return [
        review(
            author=f"c{k % 3}",
            at=NOW + k * spacing,
            requester=f"S{k}",
            joined=NOW - DAY if k % 3 < 2 else NOW - 400 * DAY,
            text=SPAM,
        )
        for k in range(3 * copies_each)
    ]


def test_two_new_of_three_who_pasted_nothing_else_hold_on_two_factors():
    # Two of three new where new accounts write 9 of 99 other reviews: P(X >= 2; 3, 1/11) =
    # 3 (1/11)^2 (10/11) + (1/11)^3 = 31/1331 = 0.0233, over 0.01 but under 0.05: a weak
    # factor. Each account's four reviews are all copies (single purpose), across twelve
    # requesters in 4.6 days (not concentrated). Weak new accounts beside single purpose are
    # two factors, and two hold from three accounts.
    rows = _one_in_eleven_new() + _three_pasting(copies_each=4, spacing=10 * HOUR)
    assert binomial_tail(2, 3, 1 / 11) == pytest.approx(31 / 1331)

    [detection] = detect_near_duplicates(rows, T)

    assert detection.details["corroborated_by"] == ["new_accounts_weak", "single_purpose"]
    assert detection.holds(T)
    assert len(detection.review_ids) == 12


def test_two_new_of_three_who_each_pasted_once_stay_a_hint():
    # The same three accounts, two new (p = 0.0233, weak), each writing the text once, two
    # weeks apart: nothing beside the weak factor, which never stands alone.
    rows = _one_in_eleven_new() + _three_pasting(copies_each=1, spacing=14 * DAY)

    [detection] = detect_near_duplicates(rows, T)

    assert detection.details["corroborated_by"] == []
    assert not detection.holds(T)


# --- rating swing: damning holds what came together ---------------------------------------


def _complaints(times, prefix: str = "t") -> list:
    return [
        review(author=f"{prefix}{i}", at=at, requester="G", rating=1) for i, at in enumerate(times)
    ]


def test_a_brigade_with_two_earlier_complaints_holds_the_brigade_only():
    # G's ten established reviewers rate it 5 (and five other requesters each, which are
    # eligible too: 68 reviews could be far below). Two thin accounts complain four and five
    # days before six more bury it within five hours: 8 far below of 68, q = 2/17, and the span
    # with all eight (8 of the 8 accounts then, p = (2/17)^8 = 3.7e-8) beats the six alone
    # ((2/17)^6 = 2.6e-6). It spans five days, but 6 of its 8 accounts, most, came within 24
    # hours: a crowd arriving together. Those six are held, the two earlier ones are not named.
    early = _complaints([NOW - 5 * DAY, NOW - 4 * DAY], prefix="early")
    crowd = _complaints([NOW + i * HOUR for i in range(6)], prefix="crowd")
    rows = _established(requester="G", rating=5) + early + crowd

    [swing] = detect_rating_swings(rows, T)

    assert swing.details["p_value"] == pytest.approx((2 / 17) ** 8, rel=1e-2)
    assert swing.holds(T)
    assert set(swing.review_ids) == {r.review_id for r in crowd}
    assert "not the 2 other accounts far below on other days" in swing.evidence


def test_complaints_all_month_with_one_bad_day_stay_a_hint():
    # The same 8 complaints, but four a week apart and four within hours on day 28: the
    # busiest day holds 4 of the 8 accounts, not most of them. A requester drawing complaints
    # all month has bad days; that is a bad month, not a crowd arriving together.
    spread = _complaints([NOW + i * 7 * DAY for i in range(4)], prefix="spread")
    day = _complaints([NOW + 28 * DAY + i * HOUR for i in range(4)], prefix="day")
    rows = _established(requester="G", rating=5) + spread + day

    [swing] = detect_rating_swings(rows, T)

    assert swing.details["p_value"] == pytest.approx((2 / 17) ** 8, rel=1e-2)
    assert swing.strength == BELOW_MAX_STRENGTH
    assert not swing.holds(T)

"""The scoring math, against hand-worked numbers and against properties that must hold for
any input. Expected values are written out, worked by hand or by an independent formula
(the Wilson bounds as roots of their quadratic; quartiles via statistics.quantiles)."""

import json
import math
import statistics
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.scoring.formulas import (
    RATING_ATTRIBUTES,
    bayesian_average,
    confidence,
    hourly_wage,
    median,
    pooled_wage,
    quartiles,
    rate,
    recency_weight,
    rounded,
    wilson_interval,
)
from reviews.scoring.windows import (
    RatingStats,
    ReviewFacts,
    WindowStats,
    window_from_stats,
    window_snapshot,
    window_stats,
)

DAY = 86_400.0
NOW = 1_700_000_000.0
Z = 1.959963984540054
PRIORS = {"pay": 3.5, "fair": 3.0, "fast": 3.0, "comm": 2.0}
SETTINGS = {"prior_means": PRIORS, "prior_weight": 5.0, "half_life_days": 365.0}


def wilson_by_quadratic(k: int, n: int) -> tuple[float, float]:
    """The Wilson bounds as the two roots of (n + z²)p² − (2k + z²)p + k²/n = 0."""
    a, b, c = n + Z * Z, -(2 * k + Z * Z), k * k / n
    root = math.sqrt(b * b - 4 * a * c)
    return ((-b - root) / (2 * a), (-b + root) / (2 * a))


# --- Wilson interval and rates --------------------------------------------------------------


def test_wilson_interval_for_3_of_10_is_the_published_value():
    low, high = wilson_interval(3, 10)
    assert low == pytest.approx(0.1078, abs=5e-5)
    assert high == pytest.approx(0.6032, abs=5e-5)


def test_wilson_interval_for_1_of_2_matches_the_quadratic_roots():
    assert wilson_interval(1, 2) == pytest.approx((0.0945312, 0.9054688), abs=1e-7)
    assert wilson_interval(1, 2) == pytest.approx(wilson_by_quadratic(1, 2), abs=1e-12)


def test_wilson_interval_with_no_successes_starts_exactly_at_zero():
    # Upper bound for k = 0 reduces to z² / (n + z²).
    assert wilson_interval(0, 10) == (0.0, pytest.approx(Z * Z / (10 + Z * Z)))


def test_wilson_interval_with_all_successes_ends_exactly_at_one():
    # Lower bound for k = n reduces to n / (n + z²).
    assert wilson_interval(10, 10) == (pytest.approx(10 / (10 + Z * Z)), 1.0)


def test_wilson_interval_with_no_trials_is_the_whole_unit_interval():
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_interval_narrows_with_a_smaller_z():
    # z = 1: centre (0.3 + 0.05) / 1.1, half-width √(0.021 + 0.0025) / 1.1.
    low, high = wilson_interval(3, 10, z=1.0)
    assert (low, high) == pytest.approx((0.17882, 0.45754), abs=1e-5)


@pytest.mark.parametrize("successes,total", [(-1, 10), (11, 10), (0, -1)])
def test_wilson_interval_refuses_impossible_counts(successes, total):
    with pytest.raises(ValueError):
        wilson_interval(successes, total)


def test_rate_rounds_its_bounds_outward_to_four_places():
    # Exact bounds 0.107791…, 0.603221…: low rounds down, high rounds up.
    assert rate(3, 10) == {"count": 3, "total": 10, "low": 0.1077, "high": 0.6033}


def test_rate_with_no_trials_knows_nothing():
    assert rate(0, 0) == {"count": 0, "total": 0, "low": 0.0, "high": 1.0}


# --- Quartiles, medians, wages ------------------------------------------------------------


def test_quartiles_interpolate_between_closest_ranks():
    # Positions 0.75, 1.5, 2.25 in [1, 2, 3, 4].
    assert quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25)


def test_quartiles_of_an_odd_list_land_on_ranks():
    assert quartiles([5, 1, 4, 2, 3]) == (2.0, 3.0, 4.0)


def test_quartiles_do_not_care_about_input_order():
    # Sorted [1, 2, 3]: positions 0.5, 1, 1.5.
    assert quartiles([3, 1, 2]) == (1.5, 2.0, 2.5)


def test_quartiles_of_one_value_are_that_value():
    assert quartiles([7.25]) == (7.25, 7.25, 7.25)


def test_quartiles_of_nothing_are_none():
    assert quartiles([]) is None


def test_median_of_an_even_list_is_the_midpoint_of_the_middle_pair():
    assert median([10, 1, 4, 2]) == 3.0


def test_median_of_nothing_is_none():
    assert median([]) is None


def test_hourly_wage_counts_pay_per_hour():
    assert hourly_wage(0.5, 900) == 2.0


def test_hourly_wage_without_time_is_none():
    assert hourly_wage(0.5, 0) is None
    assert hourly_wage(0.5, None) is None


def test_pooled_wage_divides_total_pay_by_total_hours():
    # $3.50 over one hour.
    assert pooled_wage(3.5, 3600) == 3.5


def test_pooled_wage_with_no_time_is_none():
    assert pooled_wage(1.0, 0) is None


# --- Recency and the Bayesian average -----------------------------------------------------


def test_a_review_one_half_life_old_weighs_half():
    assert recency_weight(365 * DAY, 365) == pytest.approx(0.5)
    assert recency_weight(730 * DAY, 365) == pytest.approx(0.25)


def test_a_new_review_weighs_one():
    assert recency_weight(0, 365) == 1.0


def test_a_review_from_the_future_weighs_no_more_than_a_new_one():
    assert recency_weight(-10 * DAY, 365) == 1.0


def test_recency_weight_refuses_a_half_life_of_zero():
    with pytest.raises(ValueError):
        recency_weight(DAY, 0)


def test_bayesian_average_of_one_five_star_review_stays_near_the_prior():
    # (5 × 3 + 5) / (5 + 1)
    assert bayesian_average(5.0, 1.0, 3.0, 5.0) == pytest.approx(10 / 3)


def test_bayesian_average_without_data_is_the_prior_mean():
    assert bayesian_average(0.0, 0.0, 3.7, 5.0) == 3.7


def test_bayesian_average_without_prior_is_the_weighted_mean():
    assert bayesian_average(9.0, 2.0, 3.0, 0.0) == 4.5


def test_bayesian_average_with_neither_data_nor_prior_is_none():
    assert bayesian_average(0.0, 0.0, 3.0, 0.0) is None


# --- Confidence -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n,cue", [(0, "none"), (1, "low"), (4, "low"), (5, "medium"), (19, "medium"), (20, "high")]
)
def test_confidence_grows_with_the_number_of_reviews(n, cue):
    assert confidence(n) == cue


# --- Window snapshot, hand-worked ----------------------------------------------------------

NEW_GOOD = ReviewFacts(
    created_at=NOW,
    total_pay=1.00,
    time_worked_seconds=600,  # $6.00/h
    outcome="approved",
    approval_seconds=3600,
    communication="responsive",
    recommend=True,
    ratings={"pay": 5, "fair": 5, "fast": 4},
)
YEAR_OLD_BAD = ReviewFacts(
    created_at=NOW - 365 * DAY,  # weight 0.5
    total_pay=0.50,
    time_worked_seconds=1800,  # $1.00/h
    outcome="rejected",
    approval_seconds=7200,
    blocked=True,
    communication="unresponsive",
    recommend=False,
    tos_violation=True,
    ratings={"pay": 1, "fair": 2, "comm": 1},
)
TWO_YEARS_OLD_PENDING = ReviewFacts(
    created_at=NOW - 730 * DAY,  # weight 0.25
    total_pay=2.00,  # reward 1.50 + bonus 0.50
    time_worked_seconds=1200,  # $6.00/h
    outcome="pending",
    approval_seconds=None,
    broken_task=True,
    ratings={"pay": 3},
)
RECENT_UNFINISHED = ReviewFacts(
    created_at=NOW - 30 * DAY,
    total_pay=0.25,
    time_worked_seconds=900,  # ignored: didn't finish
    did_not_finish=True,
    outcome="partially_rejected",
    approval_seconds=86400,
    recommend=True,
    unpaid_screener=True,
)
FOUR_REVIEWS = [NEW_GOOD, YEAR_OLD_BAD, TWO_YEARS_OLD_PENDING, RECENT_UNFINISHED]


def test_all_time_snapshot_of_four_reviews_matches_the_hand_computation():
    snapshot = window_snapshot(FOUR_REVIEWS, now=NOW, since=None, **SETTINGS)

    assert snapshot["n"] == 4
    assert snapshot["last_review_at"] == NOW
    assert snapshot["confidence"] == "low"
    # Wages [1, 6, 6]; pooled (1.00 + 0.50 + 2.00) over (600 + 1800 + 1200) s = one hour.
    assert snapshot["wage"] == {
        "median": 6.0,
        "p25": 3.5,
        "p75": 6.0,
        "pooled": 3.5,
        "n": 3,
        "pay_total": 3.5,
        "seconds_total": 3600,
    }
    # Bounds: roots of the Wilson quadratic, rounded outward.
    assert snapshot["rates"] == {
        "rejected": {"count": 2, "total": 3, "low": 0.2076, "high": 0.9386},
        "blocked": {"count": 1, "total": 4, "low": 0.0455, "high": 0.6994},
        "recommend": {"count": 2, "total": 3, "low": 0.2076, "high": 0.9386},
        "responsive": {"count": 1, "total": 2, "low": 0.0945, "high": 0.9055},
        "tos": {"count": 1, "total": 4, "low": 0.0455, "high": 0.6994},
        "broken": {"count": 1, "total": 4, "low": 0.0455, "high": 0.6994},
        "unpaid_screener": {"count": 1, "total": 4, "low": 0.0455, "high": 0.6994},
    }
    # Approval times [3600, 7200, 86400]; the pending review is counted, not timed.
    assert snapshot["approval"] == {"median_seconds": 7200.0, "n": 3, "pending": 1}
    assert snapshot["ratings"] == {
        # Σwr = 5·1 + 1·0.5 + 3·0.25 = 6.25, Σw = 1.75 → (5·3.5 + 6.25) / 6.75
        "pay": {"mean": 3.0, "n": 3, "bayes": 3.5185, "confidence": "low"},
        # Σwr = 5 + 1 = 6, Σw = 1.5 → (15 + 6) / 6.5
        "fair": {"mean": 3.5, "n": 2, "bayes": 3.2308, "confidence": "low"},
        # (15 + 4) / 6
        "fast": {"mean": 4.0, "n": 1, "bayes": 3.1667, "confidence": "low"},
        # (5·2 + 0.5) / 5.5
        "comm": {"mean": 1.0, "n": 1, "bayes": 1.9091, "confidence": "low"},
    }


def test_recent_snapshot_counts_only_reviews_since_the_cutoff():
    snapshot = window_snapshot(FOUR_REVIEWS, now=NOW, since=NOW - 90 * DAY, **SETTINGS)

    assert snapshot["n"] == 2
    assert snapshot["wage"] == {
        "median": 6.0,
        "p25": 6.0,
        "p75": 6.0,
        "pooled": 6.0,
        "n": 1,
        "pay_total": 1.0,
        "seconds_total": 600,
    }
    assert snapshot["rates"]["rejected"] == {"count": 1, "total": 2, "low": 0.0945, "high": 0.9055}
    assert snapshot["rates"]["blocked"] == {"count": 0, "total": 2, "low": 0.0, "high": 0.6577}
    assert snapshot["rates"]["recommend"] == {"count": 2, "total": 2, "low": 0.3423, "high": 1.0}
    assert snapshot["rates"]["responsive"] == {"count": 1, "total": 1, "low": 0.2065, "high": 1.0}
    # Median of 3600 and 86400.
    assert snapshot["approval"] == {"median_seconds": 45000.0, "n": 2, "pending": 0}
    assert snapshot["ratings"]["pay"] == {"mean": 5.0, "n": 1, "bayes": 3.75, "confidence": "low"}
    assert snapshot["ratings"]["comm"] == {
        "mean": None,
        "n": 0,
        "bayes": 2.0,
        "confidence": "none",
    }


def test_a_review_exactly_at_the_cutoff_is_in_the_window():
    snapshot = window_snapshot([NEW_GOOD], now=NOW, since=NOW, **SETTINGS)
    assert snapshot["n"] == 1


def test_snapshot_decays_toward_the_prior_as_time_passes():
    # One 5-star pay rating a half-life old weighs 0.5: (5·3.5 + 2.5) / 5.5.
    later = window_snapshot([NEW_GOOD], now=NOW + 365 * DAY, since=None, **SETTINGS)
    assert later["ratings"]["pay"]["bayes"] == 3.6364
    assert later["ratings"]["pay"]["mean"] == 5.0


def test_snapshot_of_no_reviews_knows_nothing_and_divides_by_nothing():
    snapshot = window_snapshot([], now=NOW, since=None, **SETTINGS)

    assert snapshot["n"] == 0
    assert snapshot["last_review_at"] is None
    assert snapshot["confidence"] == "none"
    assert snapshot["wage"] == {
        "median": None,
        "p25": None,
        "p75": None,
        "pooled": None,
        "n": 0,
        "pay_total": 0.0,
        "seconds_total": 0,
    }
    for name, counted in snapshot["rates"].items():
        assert counted == {"count": 0, "total": 0, "low": 0.0, "high": 1.0}, name
    assert snapshot["approval"] == {"median_seconds": None, "n": 0, "pending": 0}
    for attr in RATING_ATTRIBUTES:
        assert snapshot["ratings"][attr] == {
            "mean": None,
            "n": 0,
            "bayes": PRIORS[attr],
            "confidence": "none",
        }


def test_snapshot_leaves_zero_time_reviews_out_of_the_wage():
    zero_time = ReviewFacts(created_at=NOW, total_pay=1.0, time_worked_seconds=0)
    snapshot = window_snapshot([zero_time], now=NOW, since=None, **SETTINGS)
    assert snapshot["wage"]["n"] == 0
    assert snapshot["wage"]["pooled"] is None


def test_overturned_rejection_is_not_a_rejection():
    overturned = ReviewFacts(created_at=NOW, total_pay=1.0, outcome="overturned")
    snapshot = window_snapshot([overturned], now=NOW, since=None, **SETTINGS)
    assert snapshot["rates"]["rejected"]["count"] == 0
    assert snapshot["rates"]["rejected"]["total"] == 1


def test_review_facts_refuse_an_unknown_outcome():
    with pytest.raises(ValueError):
        ReviewFacts(created_at=NOW, total_pay=1.0, outcome="Rejected")


def test_rounded_turns_negative_zero_into_zero():
    assert str(rounded(-0.00001, 2)) == "0.0"


# --- Sufficient statistics -------------------------------------------------------------

# The statistics of FOUR_REVIEWS, all time, worked by hand.
FOUR_REVIEWS_STATS = WindowStats(
    n=4,
    last_review_at=NOW,
    wage_quartiles=(3.5, 6.0, 6.0),
    wage_n=3,
    wage_pay=3.5,
    wage_seconds=3600,
    rejected=2,
    outcome_known=3,
    blocked=1,
    recommend_yes=2,
    recommend_answered=3,
    responsive=1,
    contacted=2,
    tos=1,
    broken=1,
    unpaid_screener=1,
    approval_median=7200.0,
    approval_n=3,
    pending=1,
    ratings={
        "pay": RatingStats(sum=9, n=3, weighted_sum=6.25, weight_total=1.75),
        "fair": RatingStats(sum=7, n=2, weighted_sum=6.0, weight_total=1.5),
        "fast": RatingStats(sum=4, n=1, weighted_sum=4.0, weight_total=1.0),
        "comm": RatingStats(sum=1, n=1, weighted_sum=0.5, weight_total=0.5),
    },
)


def test_hand_worked_statistics_publish_the_same_snapshot_as_the_reviews():
    from_stats = window_from_stats(FOUR_REVIEWS_STATS, prior_means=PRIORS, prior_weight=5.0)
    assert from_stats == window_snapshot(FOUR_REVIEWS, now=NOW, since=None, **SETTINGS)


def test_statistics_from_the_reviews_match_the_hand_worked_ones():
    stats = window_stats(FOUR_REVIEWS, now=NOW, since=None, half_life_days=365.0)
    assert stats == FOUR_REVIEWS_STATS


def test_the_empty_statistics_publish_the_snapshot_of_no_reviews():
    assert window_from_stats(
        WindowStats.empty(), prior_means=PRIORS, prior_weight=5.0
    ) == window_snapshot([], now=NOW, since=None, **SETTINGS)


def test_pooled_wage_on_a_half_cent_rounds_half_even_from_float_sums():
    # $0.10 + $0.20 over 8640 s is exactly $0.125/h, which rounds half-even to 0.12. As
    # floats 0.1 + 0.2 = 0.30000000000000004 would give 0.12500000000000003 → 0.13.
    reviews = [
        ReviewFacts(created_at=NOW, total_pay=0.10, time_worked_seconds=4320),
        ReviewFacts(created_at=NOW, total_pay=0.20, time_worked_seconds=4320),
    ]
    assert window_snapshot(reviews, now=NOW, since=None, **SETTINGS)["wage"]["pooled"] == 0.12


def test_review_facts_take_a_decimal_reward_plus_bonus():
    facts = ReviewFacts(
        created_at=NOW, total_pay=Decimal("1.50") + Decimal("0.50"), time_worked_seconds=1200
    )
    assert facts.total_pay == 2.0
    assert facts.wage == 6.0


def test_review_facts_snap_pay_to_whole_cents():
    assert ReviewFacts(created_at=NOW, total_pay=0.1 + 0.2).total_pay == 0.3


# --- Properties ------------------------------------------------------------------------------

ratings = st.none() | st.integers(min_value=1, max_value=5)
review_facts = st.builds(
    ReviewFacts,
    created_at=st.floats(min_value=NOW - 20 * 365 * DAY, max_value=NOW + DAY),
    total_pay=st.floats(min_value=0, max_value=1000, allow_nan=False),
    time_worked_seconds=st.none() | st.integers(min_value=0, max_value=86_400),
    did_not_finish=st.booleans(),
    outcome=st.sampled_from(
        ["approved", "rejected", "partially_rejected", "pending", "overturned"]
    ),
    approval_seconds=st.none() | st.integers(min_value=0, max_value=90 * 86_400),
    blocked=st.booleans(),
    communication=st.sampled_from(["responsive", "unresponsive", "not_contacted"]),
    recommend=st.none() | st.booleans(),
    tos_violation=st.booleans(),
    broken_task=st.booleans(),
    unpaid_screener=st.booleans(),
    ratings=st.fixed_dictionaries({attr: ratings for attr in RATING_ATTRIBUTES}),
)
prior_means = st.fixed_dictionaries(
    {attr: st.floats(min_value=1, max_value=5) for attr in RATING_ATTRIBUTES}
)
prior_weights = st.floats(min_value=0, max_value=100)
half_lives = st.floats(min_value=1, max_value=3650)
cutoffs = st.none() | st.floats(min_value=NOW - 21 * 365 * DAY, max_value=NOW + 2 * DAY)


def snapshot_of(facts, *, since=None, priors=None, prior_weight=5.0, half_life=365.0):
    return window_snapshot(
        facts,
        now=NOW,
        since=since,
        prior_means=priors or PRIORS,
        prior_weight=prior_weight,
        half_life_days=half_life,
    )


@given(
    st.lists(review_facts, max_size=30).flatmap(
        lambda xs: st.tuples(st.just(xs), st.permutations(xs))
    ),
    cutoffs,
    prior_means,
    prior_weights,
    half_lives,
)
def test_snapshot_does_not_depend_on_review_order(lists, since, priors, weight, half_life):
    original, shuffled = lists
    kwargs = {"since": since, "priors": priors, "prior_weight": weight, "half_life": half_life}
    assert snapshot_of(original, **kwargs) == snapshot_of(shuffled, **kwargs)


@given(st.lists(review_facts, max_size=30), cutoffs, prior_means, prior_weights, half_lives)
def test_snapshot_never_fails_and_is_strict_json(facts, since, priors, weight, half_life):
    snapshot = snapshot_of(
        facts, since=since, priors=priors, prior_weight=weight, half_life=half_life
    )
    assert json.loads(json.dumps(snapshot, allow_nan=False)) == snapshot
    assert snapshot["n"] == len([f for f in facts if since is None or f.created_at >= since])


@given(st.lists(review_facts, max_size=30), cutoffs)
def test_every_snapshot_rate_is_a_proper_interval_around_its_share(facts, since):
    for name, counted in snapshot_of(facts, since=since)["rates"].items():
        assert 0 <= counted["count"] <= counted["total"] <= len(facts), name
        share = counted["count"] / counted["total"] if counted["total"] else 0.0
        assert 0.0 <= counted["low"] <= share <= counted["high"] <= 1.0, name


@given(st.data())
def test_wilson_bounds_lie_in_the_unit_interval_around_the_share(data):
    total = data.draw(st.integers(min_value=1, max_value=10**7))
    successes = data.draw(st.integers(min_value=0, max_value=total))
    share = successes / total
    low, high = wilson_interval(successes, total)
    assert 0.0 <= low <= share <= high <= 1.0
    published = rate(successes, total)
    assert 0.0 <= published["low"] <= share <= published["high"] <= 1.0
    assert (low, high) == pytest.approx(wilson_by_quadratic(successes, total), abs=1e-9)


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=50))
def test_quartiles_agree_with_the_inclusive_method_of_the_standard_library(values):
    p25, mid, p75 = quartiles(values)
    expected = statistics.quantiles(values, n=4, method="inclusive")
    assert (p25, mid, p75) == pytest.approx(expected, rel=1e-12, abs=1e-9)
    assert min(values) <= p25 <= mid <= p75 <= max(values)


@given(st.lists(review_facts, max_size=30))
def test_pooled_wage_lies_between_the_lowest_and_highest_wage(facts):
    wages = [f.wage for f in facts if f.wage is not None]
    wage = snapshot_of(facts)["wage"]
    if not wages:
        assert wage["pooled"] is None
        return
    assert rounded(min(wages), 2) <= wage["pooled"] <= rounded(max(wages), 2)
    assert wage["p25"] <= wage["median"] <= wage["p75"]


@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=5), st.floats(min_value=0, max_value=1)),
        max_size=50,
    ),
    st.floats(min_value=1, max_value=5),
    st.floats(min_value=0, max_value=100),
)
def test_bayesian_average_lies_between_the_prior_and_the_data_mean(rated, prior, prior_weight):
    weight_total = math.fsum(w for _, w in rated)
    weighted_sum = math.fsum(r * w for r, w in rated)
    average = bayesian_average(weighted_sum, weight_total, prior, prior_weight)
    if weight_total == 0:
        assert average == (prior if prior_weight else None)
        return
    data_mean = weighted_sum / weight_total
    slack = 1e-9  # floating point, not a loophole: the gap is many orders larger
    assert min(prior, data_mean) - slack <= average <= max(prior, data_mean) + slack


@given(
    st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=30),
    st.floats(min_value=1, max_value=5),
)
def test_snapshot_bayes_lies_between_the_prior_and_the_raw_mean_when_weights_are_equal(
    stars, prior
):
    facts = [ReviewFacts(created_at=NOW - DAY, total_pay=1.0, ratings={"pay": s}) for s in stars]
    pay = snapshot_of(facts, priors={**PRIORS, "pay": prior})["ratings"]["pay"]
    prior_shown = rounded(prior, 4)
    assert min(prior_shown, pay["mean"]) <= pay["bayes"] <= max(prior_shown, pay["mean"])


@given(
    st.lists(review_facts, max_size=30),
    st.floats(min_value=NOW - 20 * 365 * DAY, max_value=NOW + DAY),
    prior_means,
    prior_weights,
    half_lives,
)
def test_adding_a_five_star_review_never_lowers_a_bayesian_average(
    facts, created_at, priors, weight, half_life
):
    five_stars = ReviewFacts(
        created_at=created_at,
        total_pay=1.0,
        ratings=dict.fromkeys(RATING_ATTRIBUTES, 5),
    )
    kwargs = {"priors": priors, "prior_weight": weight, "half_life": half_life}
    before = snapshot_of(facts, **kwargs)["ratings"]
    after = snapshot_of([*facts, five_stars], **kwargs)["ratings"]
    for attr in RATING_ATTRIBUTES:
        if before[attr]["bayes"] is not None:
            assert after[attr]["bayes"] >= before[attr]["bayes"], attr
        assert after[attr]["n"] == before[attr]["n"] + 1


@settings(max_examples=200)
@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=1, max_value=5),
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=1, max_value=5),
    st.floats(min_value=0, max_value=100),
)
def test_adding_weight_at_five_stars_never_lowers_the_bayesian_average(
    weight_total, data_mean, extra, prior, prior_weight
):
    weighted_sum = weight_total * data_mean
    before = bayesian_average(weighted_sum, weight_total, prior, prior_weight)
    after = bayesian_average(weighted_sum + 5 * extra, weight_total + extra, prior, prior_weight)
    if before is None:
        assert after is None or after == pytest.approx(5.0, rel=1e-12)
        return
    assert after >= before - 1e-12 * before  # floating point only


@given(st.floats(min_value=-1e9, max_value=1e10), st.floats(min_value=1e-3, max_value=1e5))
def test_recency_weight_is_between_zero_and_one(age, half_life):
    assert 0.0 <= recency_weight(age, half_life) <= 1.0

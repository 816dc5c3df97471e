"""The chart data's pure functions (reviews/scoring/charts.py), with hand-worked numbers."""

from datetime import UTC, datetime

import pytest

from reviews.scoring import charts
from reviews.scoring.windows import ReviewFacts


def _at(*args) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("wage", "expected"),
    [(0.0, 0), (1.99, 0), (2.0, 1), (7.25, 3), (29.99, 14), (30.0, 15), (500.0, 15), (-1.0, 0)],
)
def test_a_wage_falls_in_the_bin_of_its_two_unit_band(wage, expected):
    assert charts.wage_bin(wage) == expected


def test_the_histogram_counts_every_wage_once():
    assert charts.wage_histogram([1.0, 1.5, 9.0, 45.0]) == [2, 0, 0, 0, 1] + [0] * 10 + [1]


def test_the_series_starts_on_the_first_of_the_month_23_months_back():
    assert charts.series_start(_at(2026, 12, 7, 3, 0)) == _at(2025, 1, 1)
    assert charts.series_start(_at(2026, 1, 31, 23, 59)) == _at(2024, 2, 1)


def test_months_have_their_count_median_wage_and_rejections():
    now = _at(2026, 3, 20)
    facts = [
        # 12/h and 6/h in March, 3/h rejected in February, one before the series.
        ReviewFacts(created_at=_at(2026, 3, 1), total_pay=1.0, time_worked_seconds=300),
        ReviewFacts(created_at=_at(2026, 3, 2), total_pay=1.0, time_worked_seconds=600),
        ReviewFacts(
            created_at=_at(2026, 3, 3), total_pay=1.0, did_not_finish=True, outcome="pending"
        ),
        ReviewFacts(
            created_at=_at(2026, 2, 28, 23, 59),
            total_pay=0.5,
            time_worked_seconds=600,
            outcome="rejected",
        ),
        ReviewFacts(created_at=_at(2024, 3, 31), total_pay=1.0, time_worked_seconds=600),
    ]

    data = charts.chart_data(facts, now=now)

    assert data["months"] == [
        {"month": "2026-02", "n": 1, "wage_median": 3.0, "wage_n": 1, "rejected": 1, "decided": 1},
        {"month": "2026-03", "n": 3, "wage_median": 9.0, "wage_n": 2, "rejected": 0, "decided": 2},
    ]
    # Every wage of all time is in the histogram, the unfinished task in none.
    assert data["wage_bins"] == [0, 1, 0, 2, 0, 0, 1] + [0] * 9


def test_histograms_add_bin_for_bin():
    assert charts.bins_added([[1, 2] + [0] * 14, [0, 3] + [0] * 13 + [4]]) == (
        [1, 5] + [0] * 13 + [4]
    )

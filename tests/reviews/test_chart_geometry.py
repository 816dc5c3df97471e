"""The SVG geometry of the charts (reviews/charts/), with hand-worked numbers.

The histogram's plot is 480 - 40 - 8 = 432 units wide (16 bins of 27) and 200 - 10 - 30 =
160 high above a baseline at y = 170; the series' plot is 432 wide and 180 - 40 = 140 high
above a baseline at y = 150.
"""

import pytest

from reviews.charts.context import median_bin, platform_chart, requester_charts
from reviews.charts.histogram import histogram
from reviews.charts.series import month_range, nice_top, series


def test_bars_are_in_proportion_to_the_largest_count():
    chart = histogram([2, 0, 0, 1] + [0] * 12, bin_width=2.0, median=7.0)

    first, fourth = chart.bars
    assert (first.x, first.y, first.width, first.height) == (40, 10, 27, 160)
    assert (fourth.x, fourth.y, fourth.height) == (121, 90, 80)
    assert len(chart.bins) == 16 and chart.total == 3 and chart.max_count == 2
    # 7.00/h is 3.5 bins along.
    assert chart.median_x == 134.5
    assert chart.ticks == [(40, "0"), (175, "10"), (310, "20"), (445, "30")]
    assert chart.bins[0].label == "0 to under 2" and chart.bins[15].label == "30 or more"


@pytest.mark.parametrize(("median", "x"), [(0.0, 40), (30.0, 458.5), (45.0, 458.5)])
def test_a_median_in_the_open_last_bin_sits_in_its_middle(median, x):
    assert histogram([1] * 16, bin_width=2.0, median=median).median_x == x


def test_no_reviews_draw_no_bars():
    chart = histogram([0] * 16, bin_width=2.0)
    assert chart.bars == [] and chart.median_x is None


def test_series_points_sit_mid_month_and_a_month_without_reviews_is_a_gap():
    chart = series({"2026-01": (10.0, 2), "2026-03": (5.0, 1)}, top_value=20.0)

    assert [m.month for m in chart.months] == ["2026-01", "2026-02", "2026-03"]
    assert [(p.x, p.y) for p in chart.points] == [(112, 80), (400, 115)]
    assert chart.polyline == "112,80 400,115"
    assert [(m.count_y, m.count_height) for m in chart.months] == [(10, 140), (150, 0), (80, 70)]
    assert chart.ticks == [(112, "2026-01"), (400, "2026-03")]


def test_month_range_crosses_the_year_and_axis_tops_round_up():
    assert month_range("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert (nice_top(12.3, 5.0), nice_top(15.0, 5.0), nice_top(0.0, 5.0)) == (15.0, 15.0, 5.0)


def test_requester_charts_from_stored_chart_data():
    stored = {
        "wage_bins": [0, 0, 0, 2] + [0] * 12,
        "months": [
            {"month": "2026-02", "n": 1, "wage_median": 6.5, "wage_n": 1, "rejected": 1,
             "decided": 1},
            {"month": "2026-03", "n": 2, "wage_median": None, "wage_n": 0, "rejected": 0,
             "decided": 2},
        ],
    }  # fmt: skip

    charts = requester_charts(stored, median=6.5, currency="USD")

    assert [p.label for p in charts["wage_series"].points] == ["6.50 USD/h"]
    assert charts["wage_series"].top_value == 10.0
    assert [p.label for p in charts["rejection_series"].points] == ["100%", "0%"]
    assert requester_charts({}, median=None) is None


def test_the_median_bin_holds_the_middle_review():
    assert median_bin([1, 1, 1] + [0] * 13) == 1
    assert median_bin([3, 0, 0, 4] + [0] * 12) == 3
    assert median_bin([2, 2] + [0] * 14) == 0  # the lower middle of an even count
    assert platform_chart([0] * 16) is None
    assert platform_chart([0, 5] + [0] * 14)["median_bin"].label == "2 to under 4"

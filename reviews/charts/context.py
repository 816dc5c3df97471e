"""What the chart templates draw, from the chart data stored with the snapshots."""

from __future__ import annotations

from reviews.charts.histogram import histogram
from reviews.charts.series import nice_top, points_of, series
from reviews.scoring.charts import WAGE_BIN_WIDTH, WAGE_BINS
from reviews.templatetags.lantern import money

WAGE_AXIS_STEP = 5.0  # the wage series' axis ends on a multiple of this


def _wage(month: dict) -> float | None:
    return month["wage_median"] if month["wage_n"] else None


def _rejected_share(month: dict) -> float | None:
    return month["rejected"] / month["decided"] if month["decided"] else None


def _share(fraction: float) -> str:
    return f"{fraction:.0%}"


def requester_charts(
    chart_data: dict | None, *, median: float | None, currency: str = ""
) -> dict | None:
    """The requester page's three charts; None before the first recompute that stored chart
    data (or with no reviews at all)."""
    if not chart_data or not chart_data.get("wage_bins"):
        return None
    months = chart_data.get("months", [])
    wages = [m["wage_median"] for m in months if m["wage_n"]]
    return {
        "histogram": histogram(chart_data["wage_bins"], bin_width=WAGE_BIN_WIDTH, median=median),
        "wage_series": series(
            points_of(months, _wage, lambda m: m["wage_n"]),
            top_value=nice_top(max(wages, default=0.0), WAGE_AXIS_STEP),
            label=lambda wage: f"{money(wage, currency)}/h",
        ),
        "rejection_series": series(
            points_of(months, _rejected_share, lambda m: m["decided"]),
            top_value=1.0,
            label=_share,
        ),
        "months": months,
    }


def median_bin(counts: list[int]) -> int | None:
    """The bin holding the middle review (the lower middle one of an even count)."""
    total = sum(counts)
    if not total:
        return None
    seen = 0
    for index, count in enumerate(counts):
        seen += count
        if 2 * seen >= total:
            return index
    return None  # unreachable: the counts add up to total


def platform_chart(wage_bins: list[int]) -> dict | None:
    """A platform's wage distribution, with the bin its median falls in."""
    if len(wage_bins) != WAGE_BINS or not sum(wage_bins):
        return None
    chart = histogram(wage_bins, bin_width=WAGE_BIN_WIDTH)
    middle = median_bin(wage_bins)
    return {"histogram": chart, "median_bin": chart.bins[middle]}

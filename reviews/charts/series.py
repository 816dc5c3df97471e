"""A monthly series: one point per month that has a value, on a month-by-month axis."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 480
HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 30


@dataclass(frozen=True, slots=True)
class Point:
    month: str
    value: float | None  # None: no point this month
    count: int  # the reviews the value rests on
    x: float
    y: float | None
    count_y: float  # top of the month's review-count bar
    count_height: float
    bar_x: float
    bar_width: float
    label: str  # the value as text ("" without one)


@dataclass(frozen=True, slots=True)
class Series:
    months: list[Point]  # every month of the axis, for the table
    top_value: float
    max_count: int
    ticks: list[tuple[float, str]]  # the first and last month, under the plot
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM

    @property
    def first_month(self) -> str:
        return self.months[0].month if self.months else ""

    @property
    def last_month(self) -> str:
        return self.months[-1].month if self.months else ""

    @property
    def points(self) -> list[Point]:
        return [p for p in self.months if p.value is not None]

    @property
    def polyline(self) -> str:
        """The line through the points, oldest first, as an SVG points attribute."""
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points)


def month_range(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from first to last, both included."""
    year, month = (int(part) for part in first.split("-"))
    end = tuple(int(part) for part in last.split("-"))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def nice_top(largest: float, step: float) -> float:
    """The smallest multiple of step at or above largest (at least one step)."""
    multiples = max(1, -(-largest // step))
    return float(multiples * step)


def series(
    values: dict[str, tuple[float | None, int]],
    *,
    top_value: float,
    label: Callable[[float], str] = "{:g}".format,
) -> Series:
    """`values` maps "YYYY-MM" to (value, review count). The axis runs from the first
    month to the last, a month missing from `values` being a gap; the points sit in the
    middle of their month, at value / top_value of the plot's height, and each month's
    review count is a bar from the baseline, in proportion to the largest count. `label`
    writes a value as text."""
    if not values:
        return Series(months=[], top_value=top_value, max_count=0, ticks=[])
    axis = month_range(min(values), max(values))
    step = (WIDTH - LEFT - RIGHT) / len(axis)
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    max_count = max(count for _, count in values.values())
    months = []
    for index, month in enumerate(axis):
        value, count = values.get(month, (None, 0))
        y = None if value is None else round(baseline - plot_height * value / top_value, 1)
        count_height = round(plot_height * count / max_count, 1)
        months.append(
            Point(
                month=month,
                value=value,
                count=count,
                x=round(LEFT + (index + 0.5) * step, 1),
                y=y,
                count_y=round(baseline - count_height, 1),
                count_height=count_height,
                bar_x=round(LEFT + index * step + step * 0.1, 1),
                bar_width=round(step * 0.8, 1),
                label="" if value is None else label(value),
            )
        )
    ticks = [(months[0].x, months[0].month)]
    if len(months) > 1:
        ticks.append((months[-1].x, months[-1].month))
    return Series(months=months, top_value=top_value, max_count=max_count, ticks=ticks)


def points_of(months: Sequence[dict], value, count) -> dict[str, tuple[float | None, int]]:
    """Stored months as `series` input: value(month) and count(month) of each."""
    return {m["month"]: (value(m), count(m)) for m in months}

"""A histogram's bars, axis ticks and median marker, in SVG user units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480
HEIGHT = 200
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 30  # margins around the plot


@dataclass(frozen=True, slots=True)
class Bin:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Histogram:
    bins: list[Bin]  # every bin, for the table
    total: int
    max_count: int
    median: float | None
    median_x: float | None
    ticks: list[tuple[float, str]]  # (x, label) under the plot
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM

    @property
    def bars(self) -> list[Bin]:
        """The bins that have reviews (an empty bin draws nothing)."""
        return [b for b in self.bins if b.count]


def _number(value: float) -> str:
    return f"{value:g}"


def bin_label(index: int, bins: int, bin_width: float) -> str:
    low = index * bin_width
    if index == bins - 1:
        return f"{_number(low)} or more"
    return f"{_number(low)} to under {_number(low + bin_width)}"


def histogram(
    counts: Sequence[int], *, bin_width: float, median: float | None = None, tick_every: int = 5
) -> Histogram:
    """Bars of equal width across the plot, heights in proportion to the largest count; the
    last bin is open-ended. The median marker sits at the median on the same linear scale,
    or in the middle of the last bin when the median is in it."""
    bins = len(counts)
    step = (WIDTH - LEFT - RIGHT) / bins
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    top_count = max(counts, default=0)
    laid_out = []
    for index, count in enumerate(counts):
        height = round(plot_height * count / top_count, 1) if top_count else 0.0
        laid_out.append(
            Bin(
                label=bin_label(index, bins, bin_width),
                count=count,
                x=round(LEFT + index * step, 1),
                y=round(baseline - height, 1),
                width=round(step, 1),
                height=height,
            )
        )
    median_x = None
    if median is not None:
        position = min(max(median / bin_width, 0.0), bins - 0.5)
        if position >= bins - 1:
            position = bins - 0.5
        median_x = round(LEFT + position * step, 1)
    ticks = [
        (round(LEFT + index * step, 1), _number(index * bin_width))
        for index in range(0, bins, tick_every)
    ]
    return Histogram(
        bins=laid_out,
        total=sum(counts),
        max_count=top_count,
        median=median,
        median_x=median_x,
        ticks=ticks,
    )

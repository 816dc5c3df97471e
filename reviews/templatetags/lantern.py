"""Small display helpers for the review pages."""

import math
from datetime import UTC, datetime

from django import template

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """12 min 30 s, 2 h 5 min, 3 days 4 h: a length of time as a worker would say it."""
    if seconds is None or seconds == "":
        return ""
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        parts = [f"{days} day{'s' if days != 1 else ''}", f"{hours} h" if hours else ""]
    elif hours:
        parts = [f"{hours} h", f"{minutes} min" if minutes else ""]
    elif minutes:
        parts = [f"{minutes} min", f"{secs} s" if secs else ""]
    else:
        parts = [f"{secs} s"]
    return " ".join(part for part in parts if part)


@register.filter
def yes_no(value) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not said")


def _percent_points(fraction: float) -> float:
    # Rounded to a millionth first so 0.29 * 100 = 28.999999999999996 counts as 29.
    return round(fraction * 100, 6)


@register.filter
def money(amount, currency: str) -> str:
    """12.50 USD: an amount to the cent, in the platform's currency."""
    if amount is None or amount == "":
        return ""
    return f"{float(amount):.2f} {currency}"


@register.filter
def percent(rate: dict) -> str:
    """A published rate ({count, total, ...}) as a whole percentage, half rounding up."""
    if not rate.get("total"):
        return ""
    return f"{math.floor(_percent_points(rate['count'] / rate['total']) + 0.5)}%"


@register.filter
def rate_range(rate: dict) -> str:
    """The rate's Wilson 95% interval in whole percent, rounded outward so it still
    contains the exact interval, as the published bounds do."""
    low = math.floor(_percent_points(rate["low"]))
    high = math.ceil(_percent_points(rate["high"]))
    return f"{low}–{high}%"


@register.filter
def from_timestamp(seconds) -> datetime | None:
    """A POSIX timestamp, as snapshots store times, as an aware datetime."""
    if seconds is None or seconds == "":
        return None
    return datetime.fromtimestamp(float(seconds), tz=UTC)

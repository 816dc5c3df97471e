"""Small display helpers for the review pages."""

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

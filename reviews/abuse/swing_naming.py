"""What a rating swing names (``swings.py``): which of the far reviews in its span, and, for a
swing far below spread over days, which came together.

A swing counts every thin account far the same way in its span; it names fewer. The far
reviews at the end of the scale (4.5 or more above, 1.5 or less below: ``at_the_end``): a
campaign gives the most it can, and a 3 where others say 5 is what honest workers write. For
damning spread over more than a day, only what came together (``came_together``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from reviews.abuse.rows import ReviewRow, id_key
from reviews.abuse.thresholds import Thresholds

ABOVE, BELOW = 1, -1
# What a far review the swing names must reach: a campaign gives the most it can, and a
# milder deviation in the span (a 3 where others say 5) is what honest workers write.
END_ABOVE, END_BELOW = 4.5, 1.5


def at_the_end(row: ReviewRow, direction: int) -> bool:
    """Whether a far review sits at the end of the scale in ``direction`` (a mean of 4.5 or
    more above, 1.5 or less below; a recommend-only far review always does)."""
    if not row.ratings:
        return True
    rating = row.mean_rating()
    return rating >= END_ABOVE if direction == ABOVE else rating <= END_BELOW


def came_together(named: Sequence[ReviewRow], thresholds: Thresholds) -> list[ReviewRow] | None:
    """The far reviews of the busiest ``burst_window_hours`` among ``named`` (the most
    accounts; the earliest such window), when it holds at least ``swing_min_accounts``
    accounts and at least half of all of theirs; else None. A brigade is a crowd arriving
    together, and a few honest complaints before or after it on other days do not undo that;
    a bad month is complaints on many days, never most of them on one."""
    named = sorted(named, key=lambda r: (r.created_at, id_key(r.review_id)))
    window = timedelta(hours=thresholds.burst_window_hours)
    best: list[ReviewRow] = []
    best_accounts = 0
    end = 0
    for start, first in enumerate(named):
        while end < len(named) and named[end].created_at - first.created_at <= window:
            end += 1
        accounts = len({r.author for r in named[start:end]})
        if accounts > best_accounts:
            best, best_accounts = named[start:end], accounts
    everyone = len({r.author for r in named})
    if best_accounts < thresholds.swing_min_accounts or 2 * best_accounts <= everyone:
        return None
    return best

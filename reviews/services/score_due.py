"""The durable record of score recomputes that are due (see ScoreRecomputeDue).

Every review change marks its requester in the same transaction; the recompute clears the
mark only if no change came after it read it; a periodic sweep recomputes whatever is still
marked a few seconds later. So a recompute whose enqueue was lost (Redis down) still happens.
"""

from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from reviews.models import ScoreRecomputeDue

_TABLE = ScoreRecomputeDue._meta.db_table
# Valid on PostgreSQL and SQLite: one statement, no read-then-write race between two changes.
_MARK_SQL = f"""
    INSERT INTO {_TABLE} (requester_id, since, marks) VALUES (%s, %s, 1)
    ON CONFLICT (requester_id) DO UPDATE SET marks = {_TABLE}.marks + 1
"""  # noqa: S608  the table name is the model's own


def score_due_mark(requester_id: int, *, now: datetime | None = None) -> None:
    """Record that this requester's snapshot is behind (call inside the changing transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SQL, [requester_id, now or timezone.now()])


def score_due_read(requester_ids: list[int]) -> dict[int, int]:
    """{requester id: marks} of those marked; read before computing their snapshots."""
    return dict(
        ScoreRecomputeDue.objects.filter(requester_id__in=requester_ids).values_list(
            "requester_id", "marks"
        )
    )


def score_due_clear(read: dict[int, int]) -> int:
    """Delete each mark still as it was read (compare-and-clear); a mark changed since then
    (a review written while the recompute ran) stays for the next recompute."""
    cleared = 0
    for requester_id, marks in read.items():
        cleared += ScoreRecomputeDue.objects.filter(
            requester_id=requester_id, marks=marks
        ).delete()[0]
    return cleared


def scores_due(*, older_than: float, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """The requesters marked for longer than `older_than` seconds, oldest first."""
    cutoff = (now or timezone.now()) - timedelta(seconds=older_than)
    return list(
        ScoreRecomputeDue.objects.filter(since__lte=cutoff)
        .order_by("since")
        .values_list("requester_id", flat=True)[:limit]
    )

"""A platform's wage distribution (PlatformWageChart) refreshed from its requesters' stored
snapshots, between the nightly recomputes.

The nightly recompute counts the platform's reviews into the wage bins, in the same pass as
the rating prior (platform_priors_refresh). Each requester's snapshot carries its own
histogram in the same fixed bins (reviews/scoring/charts.py), so the platform's is also the
sum of its requesters': this sums the stored histograms (one row per requester, no review
read), which the worker does a few minutes after a burst of recomputes on that platform
(worker.refresh_platform_wage_chart, debounced), so the home page's chart follows new
reviews within minutes rather than the next night.
"""

from datetime import datetime

from django.db import connection
from django.utils import timezone

from reviews.models import PlatformWageChart, Requester, RequesterScore
from reviews.scoring import charts

_SUMS = ",\n       ".join(
    f"COALESCE(SUM((c -> 'wage_bins' ->> {k})::bigint), 0)" for k in range(charts.WAGE_BINS)
)
# PostgreSQL adds the bins itself: only the 16 sums leave the database.
_SUM_SQL = f"""
SELECT {_SUMS}
FROM (
    SELECT s.charts::jsonb AS c
    FROM {RequesterScore._meta.db_table} s
    JOIN {Requester._meta.db_table} r ON r.id = s.requester_id
    WHERE r.platform_id = %s AND r.merged_into_id IS NULL
) AS t
"""  # noqa: S608  the tables are the models' own, the bins numbers


def _summed_in_sql(platform_id: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(_SUM_SQL, [platform_id])
        return [int(n) for n in cursor.fetchone()]


def _summed_in_python(platform_id: int) -> list[int]:
    totals = [0] * charts.WAGE_BINS
    stored = RequesterScore.objects.filter(
        requester__platform_id=platform_id, requester__merged_into__isnull=True
    ).values_list("charts", flat=True)
    for chart in stored.iterator(chunk_size=2000):
        for k, count in enumerate((chart or {}).get("wage_bins", ())[: charts.WAGE_BINS]):
            totals[k] += count
    return totals


def platform_wage_chart_refresh(
    *, platform_id: int, now: datetime | None = None
) -> PlatformWageChart:
    """Store the platform's wage distribution as the sum of its requesters' snapshots."""
    summed = _summed_in_sql if connection.vendor == "postgresql" else _summed_in_python
    chart, _ = PlatformWageChart.objects.update_or_create(
        platform_id=platform_id,
        defaults={"wage_bins": summed(platform_id), "computed_at": now or timezone.now()},
    )
    return chart

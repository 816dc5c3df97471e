"""A platform's wage distribution (PlatformWageChart) refreshed from its requesters' stored
snapshots, between the nightly recomputes.

The nightly recompute counts the platform's reviews into the wage bins, in the same pass as
the rating prior (platform_priors_refresh). Each requester's snapshot carries its own
histogram in the same fixed bins (reviews/scoring/charts.py), so the platform's is also the
sum of its requesters': this sums the stored histograms (one row per requester, no review
read), which the worker does PLATFORM_CHART_REFRESH_DELAY seconds after a burst of
recomputes on that platform (worker.refresh_platform_wage_chart, debounced), so the home
page's chart follows new reviews within minutes rather than the next night. Its cost grows
with the platform's requesters (about half the nightly pass over the reviews at 100,000
requesters, `make bench-scores`), hence the debounce.
"""

from datetime import datetime

from django.db import connection
from django.utils import timezone

from reviews.models import PlatformWageChart, Requester, RequesterScore
from reviews.scoring import charts

# PostgreSQL adds the bins itself: one sum per bin leaves the database. The stored chart
# text begins with its bins (`{"wage_bins":[3,0,…],"months":…}`, as both recompute paths
# write it), which are read from the text's start: parsing the whole text as jsonb (the
# monthly series is most of it) cost some four times the nightly pass over the reviews
# (`make bench-scores SIZE=small`). A text written some other way is parsed. Each row's
# bins are read once and spread over rows by position (unnest): sixteen b[k] of a
# subquery's array would read the text sixteen times.
_SUM_SQL = rf"""
SELECT u.position, SUM(u.count)
FROM {RequesterScore._meta.db_table} s
JOIN {Requester._meta.db_table} r ON r.id = s.requester_id
CROSS JOIN unnest(COALESCE(
    string_to_array(substring(s.charts FROM '^\{{"wage_bins":\[([0-9,]*)\]'), ',')::bigint[],
    ARRAY(SELECT jsonb_array_elements_text(s.charts::jsonb -> 'wage_bins'))::bigint[]
)) WITH ORDINALITY AS u(count, position)
WHERE r.platform_id = %s AND r.merged_into_id IS NULL
GROUP BY u.position
"""  # noqa: S608  the tables are the models' own


def _summed_in_sql(platform_id: int) -> list[int]:
    totals = [0] * charts.WAGE_BINS
    with connection.cursor() as cursor:
        cursor.execute(_SUM_SQL, [platform_id])
        for position, count in cursor.fetchall():
            if position <= charts.WAGE_BINS:
                totals[position - 1] = int(count)
    return totals


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

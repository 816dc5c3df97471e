"""Reads of published score snapshots and of the daily score export."""

from datetime import datetime

from django.db.models import Max

from reviews.models import PlatformWageChart, Requester, RequesterScore, ScoreExport


def requester_score_get(*, requester: Requester) -> RequesterScore | None:
    """The requester's published score snapshot; None until its first recompute."""
    return RequesterScore.objects.filter(requester=requester).first()


def platform_wage_charts() -> list[PlatformWageChart]:
    """Every platform's stored wage distribution (one row each, refreshed nightly)."""
    return list(PlatformWageChart.objects.select_related("platform").order_by("platform__name"))


def scores_newest_computed_at() -> datetime | None:
    return RequesterScore.objects.aggregate(newest=Max("computed_at"))["newest"]


def score_export_latest_meta() -> ScoreExport | None:
    """The newest export without its contents (enough to answer a conditional request)."""
    newest = ScoreExport.objects.defer("content", "compact_content")
    return newest.order_by("-created_at", "-id").first()


def score_export_content(*, export_id: int, compact: bool = False) -> bytes:
    """The export's gzip'ed document: the full one, or the compact one."""
    column = "compact_content" if compact else "content"
    content = ScoreExport.objects.filter(pk=export_id).values_list(column, flat=True).get()
    return bytes(content)

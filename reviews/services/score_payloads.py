"""The published form of a score snapshot (the JSON the score cache holds), and the same form
made again from what PostgreSQL stores.

A recompute publishes a payload it has just computed; republishing after Redis was lost
(scores_republish_all) and the lookup's fallback while Redis is down (api/score_reader.py)
make it from the stored row. Both give the same bytes: the snapshot's windows are stored as
the compact JSON text that was published (JSONTextField), and the head is written the same
way from the same values. The one exception is the name, which the row doesn't keep: it is
the requester's current one, so a requester renamed since its last recompute (a review gave
a new name) is shown under the new name.
"""

from datetime import datetime

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from reviews.models import Requester, RequesterScore
from reviews.models.fields import compact_json


def score_cache_key(platform_slug: str, external_id: str) -> str:
    return f"{platform_slug}:{external_id}"


def snapshot_payload(
    requester: dict, *, version: int, computed_at: datetime, data_json: str
) -> str:
    """The published JSON for one requester, serialised once so reads only copy bytes.

    The windows arrive already encoded (they were encoded once for the database too) and
    are spliced into the object rather than encoded a second time.
    """
    head = compact_json(
        {
            "platform": requester["platform__slug"],
            "id": requester["external_id"],
            "name": requester["display_name"],
            "version": version,
            "computed_at": computed_at.isoformat(),
        }
    )
    return head[:-1] + "," + data_json[1:]


def stored_scores(scores: QuerySet) -> QuerySet:
    """The rows with what a payload needs: the stored text as it is (not decoded and encoded
    again), the requester and its platform, no chart data."""
    return (
        scores.select_related("requester__platform")
        .defer("data", "charts")
        .annotate(data_text=Cast("data", output_field=TextField()))
    )


def stored_payload(score: RequesterScore) -> str:
    """The payload of a row of stored_scores(), as its recompute published it."""
    requester = score.requester
    return snapshot_payload(
        {
            "platform__slug": requester.platform.slug,
            "external_id": requester.external_id,
            "display_name": requester.display_name,
        },
        version=score.version,
        computed_at=score.computed_at,
        data_json=score.data_text,
    )


def stored_payloads(*, platform_slug: str, external_ids: list[str]) -> dict[str, str]:
    """{external id: its payload} from PostgreSQL, for the ids that have one published: what
    the score cache holds for them. A merged duplicate's id is answered with its keeper's
    snapshot, as publishing does; a requester without a snapshot is left out."""
    targets = {
        external_id: merged_into or pk
        for external_id, pk, merged_into in Requester.objects.filter(
            platform__slug=platform_slug, external_id__in=external_ids
        ).values_list("external_id", "pk", "merged_into_id")
    }
    if not targets:
        return {}
    scores = stored_scores(
        RequesterScore.objects.filter(
            requester_id__in=set(targets.values()), requester__merged_into=None
        )
    )
    payloads = {score.requester_id: stored_payload(score) for score in scores}
    return {external_id: payloads[pk] for external_id, pk in targets.items() if pk in payloads}

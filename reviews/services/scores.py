"""Recomputing and publishing requester scores.

One code path serves the incremental recompute (one requester, after a review changes) and
the nightly one (every requester, in chunks): lock the requesters' rows, compute their
snapshots from their published reviews (reviews/scoring/aggregates.py), write them with a
version one higher, publish them after commit. The nightly pass over every requester is
reviews/services/score_full_pass.py; the platforms' priors, reviews/services/platform_priors.py.
Holding the row locks while reading makes concurrent recomputes of one requester take turns,
so the later one always reads the later data and no older snapshot overwrites a newer one.
The lock is FOR NO KEY UPDATE: new reviews (which only take a key-share lock on their
requester) never wait for a recompute. The one exception is the nightly recompute on
PostgreSQL, which computes the snapshots of a whole part of the requesters in one statement
before it locks each chunk; it keeps any snapshot computed after it started (see
score_full_pass._recompute_streamed).
"""

import json
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from reviews.models import (
    Requester,
    RequesterScore,
)
from reviews.scoring.aggregates import EncodedSnapshot, snapshots_compute
from reviews.services.platform_priors import platform_priors
from reviews.services.score_due import score_due_clear, score_due_read
from reviews.services.score_payloads import (
    score_cache_key,
    snapshot_payload,
    stored_payload,
    stored_scores,
)
from reviews.services.score_publish import GENERATION_KEY, READY_KEY, publish, score_cache


def published_generation() -> int:
    return score_cache().get(GENERATION_KEY) or 0


def requester_scores_recompute(
    *,
    requester_ids: list[int],
    now: datetime | None = None,
    priors: dict | None = None,
    computed: dict[int, EncodedSnapshot] | None = None,
) -> int:
    """Recompute, store and (after commit) publish the snapshots of these requesters.

    `computed` (the full recompute's) are snapshots computed before the row locks were
    taken: then a snapshot stored by a recompute that started after `now` is newer than
    them and is kept (see _recompute_streamed).
    """
    now = now or timezone.now()
    priors = priors if priors is not None else platform_priors()
    read_before_locking = computed is not None
    with transaction.atomic():
        requesters = list(
            Requester.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk__any_of=requester_ids)
            .order_by("pk")
            .values(
                "pk",
                "platform_id",
                "platform__slug",
                "external_id",
                "display_name",
                "merged_into_id",
            )
        )
        ids = [r["pk"] for r in requesters]
        # The due marks are read before the reviews, so every change they count is seen;
        # the full recompute (computed before locking) leaves them to the sweep.
        due = {} if read_before_locking else score_due_read(ids)
        if computed is None:
            computed = snapshots_compute(ids, **scoring_settings(now, priors))
        snapshots = {pk: computed[pk] for pk in ids if pk in computed}
        versions = _store(snapshots, computed_at=now, keep_newer=read_before_locking)
        score_due_clear(due)
        # A merged duplicate's id is answered with its keeper's snapshot (published below
        # when the keeper is recomputed), never with its own, now empty, one. A snapshot
        # that wasn't stored (a newer one was kept) isn't published either.
        kept = [r for r in requesters if r["merged_into_id"] is None and r["pk"] in versions]
        payloads = {
            score_cache_key(r["platform__slug"], r["external_id"]): snapshot_payload(
                r,
                version=versions[r["pk"]],
                computed_at=now,
                data_json=snapshots[r["pk"]].data_json,
            )
            for r in kept
        }
        sources = {
            score_cache_key(r["platform__slug"], r["external_id"]): (r["pk"], versions[r["pk"]])
            for r in kept
        }
        payloads.update(_payloads_for_merged_duplicates(kept, payloads, sources))
        # Publishing before commit could show a snapshot that a rollback then erases.
        transaction.on_commit(lambda: publish(payloads, sources))
    return len(snapshots)


def scoring_settings(now: datetime, priors: dict) -> dict:
    """What a snapshot depends on besides the reviews: one moment, the priors, settings."""
    since = now - timedelta(days=settings.SCORES_RECENT_DAYS)
    return {
        "now": now.timestamp(),
        "since": since.timestamp(),
        "priors": priors,
        "prior_weight": settings.SCORES_PRIOR_WEIGHT,
        "half_life_days": settings.SCORES_HALF_LIFE_DAYS,
    }


def _payloads_for_merged_duplicates(
    requesters: list[dict], payloads: dict[str, str], sources: dict[str, tuple[int, int]]
) -> dict:
    """Extensions still look merged duplicates up by their old ids: answer those with the
    snapshot of the requester they were merged into (its reviews are all there now). Each
    duplicate's key is added to `sources` with its keeper's."""
    kept = {r["pk"]: score_cache_key(r["platform__slug"], r["external_id"]) for r in requesters}
    duplicates = Requester.objects.filter(merged_into_id__any_of=list(kept)).values_list(
        "merged_into_id", "platform__slug", "external_id"
    )
    answers = {}
    for keeper, slug, external_id in duplicates:
        key = score_cache_key(slug, external_id)
        answers[key] = payloads[kept[keeper]]
        sources[key] = sources[kept[keeper]]
    return answers


# The chunk is copied into a temporary table and upserted from there: COPY is the cheapest
# way into PostgreSQL (one JSON document holding the whole chunk, parsed with
# jsonb_to_recordset, cost twice as much; Django's bulk upsert more still).
_STAGING_SQL = """
    CREATE TEMPORARY TABLE IF NOT EXISTS lantern_score_staging
        (id bigint, n integer, wage float8, data text, charts text) ON COMMIT DELETE ROWS
"""
_UPSERT_SQL = """
    INSERT INTO reviews_requesterscore
        (requester_id, version, computed_at, review_count, wage_median, data, charts)
    SELECT s.id, 1, %(computed_at)s, s.n, s.wage, s.data, s.charts FROM lantern_score_staging s
    ON CONFLICT (requester_id) DO UPDATE SET
        version = reviews_requesterscore.version + 1,
        computed_at = EXCLUDED.computed_at,
        review_count = EXCLUDED.review_count,
        wage_median = EXCLUDED.wage_median,
        data = EXCLUDED.data,
        charts = EXCLUDED.charts
    {keep_newer}
    RETURNING requester_id, version
"""
_KEEP_NEWER = "WHERE reviews_requesterscore.computed_at <= EXCLUDED.computed_at"


def _store(
    snapshots: dict[int, EncodedSnapshot], *, computed_at: datetime, keep_newer: bool = False
) -> dict[int, int]:
    """Upsert the snapshots, each with its version one higher; returns the new versions.

    With `keep_newer` a stored snapshot computed after `computed_at` stays as it is (and is
    missing from the answer); only the full recompute on PostgreSQL asks for it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_STAGING_SQL)
            with cursor.copy(
                "COPY lantern_score_staging (id, n, wage, data, charts) FROM STDIN"
            ) as copy:
                for pk, snapshot in snapshots.items():
                    copy.write_row((pk, *snapshot))
            upsert = _UPSERT_SQL.format(keep_newer=_KEEP_NEWER if keep_newer else "")
            cursor.execute(upsert, {"computed_at": computed_at})
            versions = dict(cursor.fetchall())
            cursor.execute("TRUNCATE lantern_score_staging")  # the next chunk, same transaction
            return versions
    versions = dict(
        RequesterScore.objects.filter(requester_id__in=snapshots).values_list(
            "requester_id", "version"
        )
    )
    RequesterScore.objects.bulk_create(
        [
            RequesterScore(
                requester_id=pk,
                version=versions.get(pk, 0) + 1,
                computed_at=computed_at,
                review_count=snapshot.review_count,
                wage_median=snapshot.wage_median,
                data=json.loads(snapshot.data_json),
                charts=json.loads(snapshot.charts_json),
            )
            for pk, snapshot in snapshots.items()
        ],
        update_conflicts=True,
        unique_fields=["requester"],
        update_fields=["version", "computed_at", "review_count", "wage_median", "data", "charts"],
    )
    return {pk: versions.get(pk, 0) + 1 for pk in snapshots}


def requester_score_recompute(*, requester_id: int, now: datetime | None = None) -> None:
    requester_scores_recompute(requester_ids=[requester_id], now=now)


def scores_republish_all(*, progress: Callable[[int], None] | None = None) -> int:
    """Copy every stored snapshot from PostgreSQL back into the cache (after Redis was lost)."""
    published = 0
    last = 0
    while True:
        chunk = list(
            stored_scores(RequesterScore.objects.filter(requester_id__gt=last)).order_by(
                "requester_id"
            )[: settings.SCORES_CHUNK_SIZE]
        )
        if not chunk:
            break
        kept = [s for s in chunk if s.requester.merged_into_id is None]
        requesters = [
            {
                "pk": s.requester_id,
                "platform__slug": s.requester.platform.slug,
                "external_id": s.requester.external_id,
            }
            for s in kept
        ]
        payloads, sources = {}, {}
        for r, s in zip(requesters, kept, strict=True):
            key = score_cache_key(r["platform__slug"], r["external_id"])
            payloads[key] = stored_payload(s)
            sources[key] = (s.requester_id, s.version)
        payloads.update(_payloads_for_merged_duplicates(requesters, payloads, sources))
        publish(payloads, sources)
        published += len(chunk)
        last = chunk[-1].requester_id
        if progress:
            progress(len(chunk))
    score_cache().set(READY_KEY, timezone.now().isoformat(), timeout=None)
    return published


def scores_ensure_published() -> bool:
    """Republish everything if the cache lost the snapshots; True when it had to."""
    if score_cache().get(READY_KEY) is not None:
        return False
    scores_republish_all()
    return True


def published_score(*, platform_slug: str, external_id: str) -> dict | None:
    payload = score_cache().get(score_cache_key(platform_slug, external_id))
    return json.loads(payload) if payload else None

"""The full recompute: every requester's snapshot, a chunk at a time (bounded memory), on
PostgreSQL from one statement per part with the parts side by side (see _recompute_streamed).
Each chunk is stored and published by the incremental path (reviews/services/scores.py)."""

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from threading import Lock

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from reviews.models import Requester
from reviews.scoring import sql as score_sql
from reviews.scoring.aggregates import EncodedSnapshot
from reviews.services.platform_priors import platform_priors_refresh
from reviews.services.score_publish import READY_KEY, score_cache
from reviews.services.scores import requester_scores_recompute, scoring_settings


def _id_chunks(chunk_size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(
            Requester.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:chunk_size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def _recompute_chunk_in_thread(
    ids: list[int], computed: dict[int, EncodedSnapshot], *, now: datetime, priors: dict
) -> int:
    try:
        return requester_scores_recompute(
            requester_ids=ids, now=now, priors=priors, computed=computed
        )
    finally:
        # Each thread has its own database connection; don't leave it open behind us.
        connection.close()


def _snapshot_chunks(
    chunk_size: int, *, part: int, parts: int, statement_params: dict
) -> Iterator[dict[int, EncodedSnapshot]]:
    chunk = {}
    for pk, *row in score_sql.stream_snapshots(
        part=part, parts=parts, statement_params=statement_params
    ):
        chunk[pk] = EncodedSnapshot(*row)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = {}
    if chunk:
        yield chunk


def _recompute_part(
    part: int, parts: int, *, now: datetime, priors: dict, progress: Callable | None
) -> int:
    """One part of the requesters: this thread reads their snapshots from one statement,
    a chunk at a time, while a second thread stores and publishes the chunk before (each
    thread has its own connection; at most two chunks are in memory)."""
    statement_params = score_sql.params(**scoring_settings(now, priors))
    done = 0
    try:
        with transaction.atomic(), ThreadPoolExecutor(max_workers=1) as writer:
            in_flight: deque = deque()
            for computed in _snapshot_chunks(
                settings.SCORES_CHUNK_SIZE,
                part=part,
                parts=parts,
                statement_params=statement_params,
            ):
                if len(in_flight) >= 2:
                    done += _report(in_flight.popleft().result(), progress)
                in_flight.append(
                    writer.submit(
                        _recompute_chunk_in_thread, list(computed), computed, now=now, priors=priors
                    )
                )
            while in_flight:
                done += _report(in_flight.popleft().result(), progress)
    finally:
        connection.close()
    return done


def _recompute_streamed(*, now: datetime, priors: dict, progress, threads: int) -> int:
    """PostgreSQL: the requesters are split into `threads` parts (by id), and each part's
    snapshots come from one statement (score_sql.stream_snapshots), so the parts use the
    cores side by side.

    The snapshots are computed before a chunk's rows are locked, so a recompute of one of
    its requesters that started after `now` (a review came in meanwhile) may have stored a
    newer snapshot by then: that one is kept. Any older one is replaced, as by the
    incremental path, and every change after `now` has its own recompute after it commits.
    """
    lock = Lock()

    def report(count: int) -> None:
        with lock:
            progress(count)

    report_done = report if progress else None
    with ThreadPoolExecutor(max_workers=threads) as pool:
        parts = [
            pool.submit(
                _recompute_part, part, threads, now=now, priors=priors, progress=report_done
            )
            for part in range(threads)
        ]
        return sum(part.result() for part in parts)


def _report(count: int, progress: Callable[[int], None] | None) -> int:
    if progress:
        progress(count)
    return count


def scores_recompute_all(
    *, now: datetime | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Recompute every requester's snapshot, a chunk at a time (bounded memory).

    Every chunk is computed at the same `now` with the same priors, so the result is exactly
    what the incremental path gives for each requester at that moment. On PostgreSQL the
    statistics come from one pass over the reviews while threads store the chunks (see
    _recompute_streamed). Inside a caller's transaction (another connection could not see
    its uncommitted rows), and elsewhere, the chunks are computed one after the other.
    """
    now = now or timezone.now()
    priors = platform_priors_refresh(now=now)
    threads = settings.SCORES_RECOMPUTE_THREADS
    if connection.vendor == "postgresql" and threads > 1 and not connection.in_atomic_block:
        done = _recompute_streamed(now=now, priors=priors, progress=progress, threads=threads)
    else:
        done = 0
        for ids in _id_chunks(settings.SCORES_CHUNK_SIZE):
            count = requester_scores_recompute(requester_ids=ids, now=now, priors=priors)
            done += _report(count, progress)
    score_cache().set(READY_KEY, now.isoformat(), timeout=None)
    return done

"""The daily export of every published score snapshot, for extensions' offline copies.

Two gzip'ed JSON documents, written in the same pass and saved in the same row:

- the full export, every snapshot as the bulk lookup serves a found requester
  ({"platform", "id", "name", "version", "computed_at", "all", "recent"}):

    {"format": 1, "created_at": "…", "requesters": [snapshot, …], "requester_count": N}

- the compact export, each requester as the compact lookup's item
  (reviews/services/compact_payloads.py), by platform (the item doesn't name it):

    {"format": 1, "fields": "compact", "created_at": "…",
     "platforms": {"mturk": [item, …], "prolific": […]}, "requester_count": N}

Each is written a chunk of RequesterScore rows at a time straight into a gzip stream on a
temporary file, so memory holds one chunk and, at the end, the compressed files (a tenth of
the JSON), never a whole document.
"""

import gzip
import hashlib
import json
import tempfile
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reviews.models import Platform, RequesterScore, ScoreExport
from reviews.services.compact_payloads import compact_item_json

FORMAT_VERSION = 1
# Older exports are only derived files; a couple are kept so a client downloading the
# previous one while a new one is saved still gets it.
KEEP_EXPORTS = 2

_FIELDS = (
    "requester_id",
    "requester__platform__slug",
    "requester__external_id",
    "requester__display_name",
    "version",
    "computed_at",
    "data",
)


class _HashingFile:
    """A write-only file that hashes what passes through it (the compressed bytes: the ETag)."""

    def __init__(self, target, hasher) -> None:
        self.target = target
        self.hasher = hasher

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()


class _GzipSpool:
    """One export being written: a gzip stream on a temporary file, hashed as it goes."""

    def __init__(self, spool) -> None:
        self.hasher = hashlib.sha256()
        self.spool = spool
        # mtime=0: the same snapshots always compress to the same bytes, hence the same ETag.
        self.out = gzip.GzipFile(
            fileobj=_HashingFile(self.spool, self.hasher), mode="wb", compresslevel=6, mtime=0
        )

    def write(self, text: str | bytes) -> None:
        self.out.write(text.encode() if isinstance(text, str) else text)

    def finish(self) -> tuple[bytes, str]:
        """(the compressed document, its ETag)."""
        self.out.close()
        self.spool.seek(0)
        return self.spool.read(), self.hasher.hexdigest()


def _snapshot(row: tuple) -> dict:
    _, platform, external_id, name, version, computed_at, data = row
    return {
        "platform": platform,
        "id": external_id,
        "name": name,
        "version": version,
        "computed_at": computed_at.isoformat(),
        **data,
    }


def _score_rows(platform_id: int, chunk_size: int):
    last = 0
    while True:
        rows = list(
            RequesterScore.objects.filter(requester__platform_id=platform_id, requester_id__gt=last)
            .order_by("requester_id")
            .values_list(*_FIELDS)[:chunk_size]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _head(now: datetime, **extra) -> str:
    """The document's opening, up to its first list (left open)."""
    head = {"format": FORMAT_VERSION, **extra, "created_at": now.isoformat()}
    return json.dumps(head, separators=(",", ":"))[:-1]


def _write_exports(full: _GzipSpool, compact: _GzipSpool, now: datetime, progress) -> int:
    full.write(_head(now) + ',"requesters":[')
    compact.write(_head(now, fields="compact") + ',"platforms":{')
    count = 0
    platforms = Platform.objects.order_by("slug").values_list("pk", "slug")
    for number, (platform_id, slug) in enumerate(platforms):
        compact.write(("," if number else "") + json.dumps(slug) + ":[")
        in_platform = 0
        for rows in _score_rows(platform_id, settings.SCORES_CHUNK_SIZE):
            snapshots = [_snapshot(row) for row in rows]
            full.write(
                ("," if count else "")
                + ",".join(json.dumps(s, separators=(",", ":")) for s in snapshots)
            )
            compact.write(
                (b"," if in_platform else b"") + b",".join(map(compact_item_json, snapshots))
            )
            count += len(rows)
            in_platform += len(rows)
            if progress:
                progress(len(rows))
        compact.write("]")
    full.write(f'],"requester_count":{count}}}')
    compact.write(f'}},"requester_count":{count}}}')
    return count


def score_export_build(
    *, now: datetime | None = None, progress: Callable[[int], None] | None = None
) -> ScoreExport:
    """Write a new export (both forms) of every stored snapshot and drop all but the newest
    few."""
    now = now or timezone.now()
    with tempfile.TemporaryFile() as full_file, tempfile.TemporaryFile() as compact_file:
        full, compact = _GzipSpool(full_file), _GzipSpool(compact_file)
        count = _write_exports(full, compact, now, progress)
        content, etag = full.finish()
        compact_content, compact_etag = compact.finish()
    with transaction.atomic():
        export = ScoreExport.objects.create(
            requester_count=count,
            etag=etag,
            content=content,
            compact_etag=compact_etag,
            compact_content=compact_content,
        )
        stale = ScoreExport.objects.order_by("-created_at", "-id").values_list("pk", flat=True)
        ScoreExport.objects.filter(pk__in=list(stale[KEEP_EXPORTS:])).delete()
    return export

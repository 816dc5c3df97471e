"""The daily export of every published score snapshot, for extensions' offline copies.

One gzip'ed JSON document:

    {"format": 1, "created_at": "…", "requesters": [snapshot, …], "requester_count": N}

where each snapshot is what the bulk lookup serves for a found requester ({"platform", "id",
"name", "version", "computed_at", "all", "recent"}). It is written a chunk of RequesterScore
rows at a time straight into a gzip stream on a temporary file, so memory holds one chunk
and, at the end, the compressed file (a tenth of the JSON), never the whole document.
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

from reviews.models import RequesterScore, ScoreExport

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


def _snapshot_json(row: tuple) -> str:
    _, platform, external_id, name, version, computed_at, data = row
    snapshot = {
        "platform": platform,
        "id": external_id,
        "name": name,
        "version": version,
        "computed_at": computed_at.isoformat(),
        **data,
    }
    return json.dumps(snapshot, separators=(",", ":"))


def _score_rows(chunk_size: int):
    last = 0
    while True:
        rows = list(
            RequesterScore.objects.filter(requester_id__gt=last)
            .order_by("requester_id")
            .values_list(*_FIELDS)[:chunk_size]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def score_export_build(
    *, now: datetime | None = None, progress: Callable[[int], None] | None = None
) -> ScoreExport:
    """Write a new export of every stored snapshot and drop all but the newest few."""
    now = now or timezone.now()
    hasher = hashlib.sha256()
    count = 0
    with tempfile.TemporaryFile() as spool:
        # mtime=0: the same snapshots always compress to the same bytes, hence the same ETag.
        with gzip.GzipFile(
            fileobj=_HashingFile(spool, hasher), mode="wb", compresslevel=6, mtime=0
        ) as out:
            head = {"format": FORMAT_VERSION, "created_at": now.isoformat()}
            out.write(json.dumps(head, separators=(",", ":"))[:-1].encode())
            out.write(b',"requesters":[')
            for rows in _score_rows(settings.SCORES_CHUNK_SIZE):
                out.write(
                    ("," if count else "").encode()
                    + ",".join(_snapshot_json(row) for row in rows).encode()
                )
                count += len(rows)
                if progress:
                    progress(len(rows))
            out.write(f'],"requester_count":{count}}}'.encode())
        spool.seek(0)
        content = spool.read()
    with transaction.atomic():
        export = ScoreExport.objects.create(
            requester_count=count, etag=hasher.hexdigest(), content=content
        )
        stale = ScoreExport.objects.order_by("-created_at", "-id").values_list("pk", flat=True)
        ScoreExport.objects.filter(pk__in=list(stale[KEEP_EXPORTS:])).delete()
    return export

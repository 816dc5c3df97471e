"""The bulk score lookup's answer, assembled from pre-serialised parts.

The answer for 100 found requesters is ~170 kB of JSON. It is never built as Python objects:
each found requester's item is already JSON bytes in the score reader's memory (see
api/score_reader.py), and the envelope is joined around them. The ETag is a hash of the
items' digests (each a hash of its item's bytes), so it changes exactly when the body does
and costs a few microseconds instead of hashing the whole body.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from rest_framework.exceptions import ValidationError

from api.score_reader import (
    MAX_ID_LENGTH,
    Entry,
    PlatformInfo,
    platform_directory,
    score_reader,
)


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    body: bytes
    etag: str
    ready: bool


def platform_or_400(slug: object) -> PlatformInfo:
    if not slug or not isinstance(slug, str):
        raise ValidationError({"platform": ["Say which platform the ids are from, e.g. mturk."]})
    platform = platform_directory.get(slug)
    if platform is None:
        known = ", ".join(sorted(platform_directory.all()))
        raise ValidationError({"platform": [f"Unknown platform “{slug[:40]}”. Known: {known}."]})
    return platform


def split_ids(values: list[str]) -> list[str]:
    """Comma-separated ids (one or several `ids` parameters) as a list, blanks left out."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def ids_or_400(ids: object, *, field: str = "ids") -> list[str]:
    """The distinct ids in the order first given; 400 when there are none or too many."""
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ValidationError({field: ["Send the requester ids as a list of strings."]})
    limit = settings.API_MAX_IDS
    # dict.fromkeys keeps the first occurrence's order; the cap before it bounds the work
    # a huge request can cause.
    distinct = list(dict.fromkeys(filter(None, [i.strip() for i in ids[: limit * 10]])))
    if not distinct:
        raise ValidationError({field: ["Give at least one requester id."]})
    if len(distinct) > limit or len(ids) > limit * 10:
        count = len(distinct) if len(ids) <= limit * 10 else f"over {limit * 10}"
        raise ValidationError(
            {field: [f"At most {limit} ids per request; this one has {count}. Split it up."]}
        )
    return distinct


def _id_json(external_id: str) -> bytes:
    return json.dumps(external_id[:MAX_ID_LENGTH]).encode()


def score_lookup(platform: PlatformInfo, ids: list[str]) -> LookupAnswer:
    """One item per id, in order: found (the published snapshot), not_found or invalid_id.

    A requester that exists but has no published snapshot yet is not_found: telling it apart
    would cost a PostgreSQL query per lookup, and to an extension both mean "no score yet".
    Raises ScoresUnavailable when the score cache can't be read.
    """
    published = published_entries(platform, ids)
    ready = score_reader.ready
    head = b'{"platform":' + json.dumps(platform.slug).encode()
    head += b',"ready":' + (b"true" if ready else b"false") + b',"results":['
    parts = [head]  # items with commas between them, joined once at the end
    digests = [head]
    for external_id in ids:
        if external_id in published:
            entry = published[external_id]
            if entry is not None:
                parts += (entry.item, b",")
                digests.append(entry.digest)
                continue
            item = b'{"status":"not_found","id":' + _id_json(external_id) + b"}"
        else:
            item = b'{"status":"invalid_id","id":' + _id_json(external_id) + b"}"
        parts += (item, b",")
        digests.append(item)
    if len(parts) > 1:
        parts.pop()  # the comma after the last item
    parts.append(b"]}")
    tag = hashlib.blake2b(b"\x00".join(digests), digest_size=16).hexdigest()
    return LookupAnswer(body=b"".join(parts), etag=f'"{tag}"', ready=ready)


def public_cache_headers(*, etag: str | None = None, max_age: int | None = None) -> dict:
    max_age = settings.API_CACHE_MAX_AGE if max_age is None else max_age
    headers = {"Cache-Control": f"public, max-age={max_age}"}
    if etag:
        headers["ETag"] = etag
    return headers


def lookup_headers(result: LookupAnswer) -> dict[str, str]:
    """The caching headers of a lookup answer.

    While the cache is being rebuilt a not_found may be wrong: don't let it be reused."""
    return public_cache_headers(etag=result.etag, max_age=None if result.ready else 0)


def lookup_response(result: LookupAnswer) -> HttpResponse:
    return HttpResponse(
        result.body, content_type="application/json", headers=lookup_headers(result)
    )


def published_entries(platform: PlatformInfo, ids: list[str]) -> dict[str, Entry | None]:
    """{id: its published entry or None} for the ids that are valid on the platform."""
    valid = [i for i in ids if platform.is_valid_id(i)]
    if not valid:
        return {}
    return dict(zip(valid, score_reader.lookup(platform.slug, valid), strict=True))

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
from rest_framework.exceptions import ValidationError

from api.score_reader import Entry, PlatformInfo, platform_directory, score_reader

# A requester id is at most 64 characters (Requester.external_id); anything longer can't
# match and isn't echoed back in full.
MAX_ID_LENGTH = 64


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    parts: list[bytes]
    etag: str
    ready: bool

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)


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
    distinct = list(dict.fromkeys(i.strip() for i in ids[: limit * 10] if i.strip()))
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
    valid = [i for i in ids if len(i) <= MAX_ID_LENGTH and platform.is_valid_id(i)]
    entries = iter(score_reader.lookup(platform.slug, valid)) if valid else iter(())
    ready = score_reader.ready
    head = b'{"platform":' + json.dumps(platform.slug).encode()
    head += b',"ready":' + (b"true" if ready else b"false") + b',"results":['
    parts = [head]
    tag = hashlib.blake2b(head, digest_size=16)
    valid_set = set(valid)
    for position, external_id in enumerate(ids):
        if external_id in valid_set:
            entry = next(entries)
            if entry is not None:
                item, digest = entry.item, entry.digest
            else:
                item = digest = b'{"status":"not_found","id":' + _id_json(external_id) + b"}"
        else:
            item = digest = b'{"status":"invalid_id","id":' + _id_json(external_id) + b"}"
        if position:
            parts.append(b",")
        parts.append(item)
        tag.update(digest)
        tag.update(b"\x00")
    parts.append(b"]}")
    return LookupAnswer(parts=parts, etag=f'"{tag.hexdigest()}"', ready=ready)


def published_entries(platform: PlatformInfo, ids: list[str]) -> dict[str, Entry | None]:
    """{id: its published entry or None} for the ids that are valid on the platform."""
    valid = [i for i in ids if len(i) <= MAX_ID_LENGTH and platform.is_valid_id(i)]
    if not valid:
        return {}
    return dict(zip(valid, score_reader.lookup(platform.slug, valid), strict=True))

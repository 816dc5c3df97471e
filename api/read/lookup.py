"""The bulk score lookup's answer, assembled from pre-serialised parts.

The answer for 100 found requesters is ~170 kB of JSON. It is never built as Python objects:
each found requester's item is already JSON bytes in the score reader's memory (see
api/score_reader.py), and the envelope is joined around them. The ETag is a hash of the
items' digests (each a hash of its item's bytes), so it changes exactly when the body does
and costs a few microseconds instead of hashing the whole body.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from rest_framework.exceptions import ValidationError

from api.read.compact import compact_entry
from api.read.precompressed import gzip_member, stored
from api.score_reader import (
    MAX_ID_LENGTH,
    Entry,
    PlatformInfo,
    platform_directory,
    score_reader,
)


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    head: bytes
    entries: list[Entry]
    etag: str
    ready: bool
    degraded: bool

    @property
    def body(self) -> bytes:
        items = [e.item for e in self.entries]
        return b"".join(_framed(self.head, items, b",", _TAIL))  # one join: one copy

    def gzipped(self, body: bytes) -> bytes:
        """The body (self.body), gzip'ed from the entries' pieces compressed ahead of time."""
        items = [e.deflated() for e in self.entries]
        return gzip_member(body, _framed(stored(self.head), items, _STORED_COMMA, _STORED_TAIL))


def _framed(head: bytes, items: list[bytes], comma: bytes, tail: bytes) -> list[bytes]:
    """[head, item, comma, item, …, item, tail]: the answer's pieces in order."""
    if not items:
        return [head, tail]
    parts = [comma] * (2 * len(items) + 1)
    parts[0] = head
    parts[1::2] = items
    parts[-1] = tail
    return parts


_TAIL = b"]}"
_STORED_COMMA = stored(b",")
_STORED_TAIL = stored(_TAIL)


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


def query_ids(query, field: str = "ids") -> list[str]:
    """The distinct ids of a query's `field` parameters (comma-separated, one or several);
    400 as ids_or_400 words it."""
    return ids_or_400(split_ids(query.getlist(field)), field=field)


# A lookup's query string as extensions write it: the platform and the ids, in either order,
# nothing escaped, no blanks. QueryDict, split_ids and ids_or_400 read it as plain splits.
_PLAIN_IDS = r"[A-Za-z0-9_.-]+(?:,[A-Za-z0-9_.-]+)*"
_PLAIN_QUERY = re.compile(
    rf"platform=(?P<p1>[A-Za-z0-9_-]+)&ids=(?P<i1>{_PLAIN_IDS})"
    rf"|ids=(?P<i2>{_PLAIN_IDS})&platform=(?P<p2>[A-Za-z0-9_-]+)"
)


def plain_lookup_query(query_string: str) -> tuple[str, list[str]] | None:
    """(platform slug, distinct ids) of a plain query string with at most API_MAX_IDS ids,
    the same as the general reading gives; None for any other query (read it in full)."""
    match = _PLAIN_QUERY.fullmatch(query_string)
    if match is None:
        return None
    slug, ids = match.group("p1", "i1") if match.group("p1") else match.group("p2", "i2")
    parts = ids.split(",")
    if len(parts) > settings.API_MAX_IDS:
        return None  # maybe repeats within the limit, maybe too many: ids_or_400 words it
    return slug, list(dict.fromkeys(parts))


JSON = "application/json"
# Shorter answers aren't worth compressing (the threshold of Django's GZipMiddleware).
GZIP_MIN_LENGTH = 200


def _id_json(external_id: str) -> bytes:
    return json.dumps(external_id[:MAX_ID_LENGTH]).encode()


def score_lookup(platform: PlatformInfo, ids: list[str], *, compact: bool = False) -> LookupAnswer:
    """One item per id, in order: found (the published snapshot, or its compact form, see
    api/read/compact.py), not_found or invalid_id.

    A requester that exists but has no published snapshot yet is not_found: telling it apart
    would cost a PostgreSQL query per lookup, and to an extension both mean "no score yet".
    With Redis unreachable the answer says `"degraded":true` (see api/score_reader.py).
    Raises ScoresUnavailable when neither the score cache nor PostgreSQL can be read.
    """
    entries = score_reader.current(platform.slug, ids)
    if entries is not None:  # the usual case: each id valid and already read
        return _answer(platform, ids, entries, compact)
    valid = platform.valid_ids(ids)
    entries = score_reader.lookup(platform.slug, valid) if valid else []
    if len(valid) < len(ids):
        by_id = dict(zip(valid, entries, strict=True))
        entries = [by_id.get(i, _INVALID) for i in ids]
        for position in [p for p, e in enumerate(entries) if e is _INVALID]:
            entries[position] = _status_entry(b"invalid_id", ids[position])
    return _answer(platform, ids, entries, compact)


def _status_entry(status: bytes, external_id: str) -> Entry:
    item = b'{"status":"' + status + b'","id":' + _id_json(external_id) + b"}"
    return Entry(item=item, digest=item, compressed=stored(item))


def _answer(
    platform: PlatformInfo, ids: list[str], entries: list[Entry | None], compact: bool
) -> LookupAnswer:
    if not all(entries):  # None is the only falsy entry: a valid id with nothing published
        for position in [p for p, e in enumerate(entries) if e is None]:
            entries[position] = _status_entry(b"not_found", ids[position])
    if compact:
        entries = [compact_entry(e) for e in entries]
    ready = score_reader.ready
    degraded = score_reader.degraded
    head = _answer_head(platform.slug, ready, degraded, compact)
    tag = hashlib.blake2b(b"\x00".join([head, *[e.digest for e in entries]]), digest_size=16)
    return LookupAnswer(
        head=head, entries=entries, etag=f'"{tag.hexdigest()}"', ready=ready, degraded=degraded
    )


def _json_bool(value: bool) -> bytes:
    return b"true" if value else b"false"


@functools.lru_cache(maxsize=64)
def _answer_head(platform_slug: str, ready: bool, degraded: bool, compact: bool) -> bytes:
    """The answer up to its first item; the compact form says so (and so has its own ETag)."""
    head = b'{"platform":' + json.dumps(platform_slug).encode()
    head += b',"ready":' + _json_bool(ready) + b',"degraded":' + _json_bool(degraded)
    return head + (b',"fields":"compact"' if compact else b"") + b',"results":['


# Marks an id that can't be the platform's in score_lookup (None marks "not published").
_INVALID = Entry(item=b"", digest=b"")


def public_cache_headers(*, etag: str | None = None, max_age: int | None = None) -> dict:
    max_age = settings.API_CACHE_MAX_AGE if max_age is None else max_age
    headers = {"Cache-Control": f"public, max-age={max_age}"}
    if etag:
        headers["ETag"] = etag
    return headers


def lookup_headers(result: LookupAnswer) -> dict[str, str]:
    """The caching headers of a lookup answer.

    While the cache is being rebuilt a not_found may be wrong, and while Redis is down an
    answer may be stale: don't let either be reused."""
    fresh = result.ready and not result.degraded
    return public_cache_headers(etag=result.etag, max_age=None if fresh else 0)


def encoded_answer(result: LookupAnswer, accept_encoding: str) -> tuple[dict[str, str], bytes]:
    """The answer's headers and body, gzip'ed for a client that accepts it, as Django's
    gzip_page would (Vary: Accept-Encoding on every answer worth compressing, a weak ETag
    when compressed), but from pieces compressed ahead of time (api/read/precompressed.py)."""
    headers = {"Content-Type": JSON, **lookup_headers(result)}
    body = result.body
    worth_compressing = len(body) >= GZIP_MIN_LENGTH
    if worth_compressing and re_accepts_gzip.search(accept_encoding):
        body = result.gzipped(body)
        headers["ETag"] = "W/" + result.etag
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(body))
    if worth_compressing:
        headers["Vary"] = "Accept-Encoding"
    return headers, body


def lookup_response(request, result: LookupAnswer) -> HttpResponse:
    headers, body = encoded_answer(result, request.META.get("HTTP_ACCEPT_ENCODING", ""))
    return HttpResponse(body, headers=headers)


def published_entries(platform: PlatformInfo, ids: list[str]) -> dict[str, Entry | None]:
    """{id: its published entry or None} for the ids that are valid on the platform."""
    valid = platform.valid_ids(ids)
    if not valid:
        return {}
    return dict(zip(valid, score_reader.lookup(platform.slug, valid), strict=True))

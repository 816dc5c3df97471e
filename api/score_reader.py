"""The bulk lookup's source: published score snapshots, held in process memory.

reviews/services/scores.py publishes each requester's snapshot into the "scores" cache
(Redis in production) as a JSON string, and bumps a generation counter on every publish.
A web process keeps the snapshots it has served in a dict, each tagged with the "epoch" in
which it was read. At most once per API_SCORES_CHECK_SECONDS the reader asks Redis for the
generation (and the time of the last full publish, which changes when the cache is rebuilt);
when that changed it starts a new epoch, and an entry of an older epoch is read again (one
get_many for all of a request's stale or missing ids) the next time it is asked for. So:

- a steady stream of lookups costs no PostgreSQL query and, between publishes, no Redis
  round trip beyond the periodic generation check;
- a new snapshot is served within API_SCORES_CHECK_SECONDS of its publication;
- a requester without a published snapshot is remembered as absent the same way, so
  extensions asking again and again for unknown ids don't each cost a Redis read.

Each entry keeps the snapshot's JSON already wrapped as the lookup answer's item (bytes),
with a digest of it for the ETag, so answering is a join of byte strings: parsing and
re-serialising 100 snapshots per request would cost more than everything else together.

If Redis can't be reached (or doesn't answer within REDIS_SOCKET_TIMEOUT) the reader is
*degraded* (`degraded`, which the answers carry), and asks again only REDIS_RETRY_AFTER
seconds after the last failure (backend/cache.py's redis_outage), so a Redis that never
answers holds up one lookup in that time, not every one. Degraded, whatever is in memory
is served as it is (stale beats nothing), and ids not in memory are read from PostgreSQL,
their items made from the stored rows with the same bytes as the published ones but for a
renamed requester's name (reviews/services/score_payloads.py). Those
are kept in memory for as long as Redis stays unreachable (each id is read once) and read
again from Redis once it answers.
Redis that answers but holds no complete publication (no READY_KEY: it restarted empty and
beat's republish hasn't finished) is degraded too: ids Redis lacks are read from PostgreSQL
the same way, once each, rather than answered not_found.
Only if PostgreSQL can't be read either does a lookup raise ScoresUnavailable. While Redis
answers and is fully published, no lookup queries PostgreSQL. Platforms (for the
requester-id patterns) are read from the database once per PLATFORMS_TTL and kept when it
is down.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import DatabaseError

from api.read.precompressed import deflated
from backend.cache import redis_outage
from reviews.selectors.requesters import platforms_list
from reviews.services.score_payloads import score_cache_key, stored_payloads
from reviews.services.score_publish import (
    GENERATION_KEY,
    READY_KEY,
    publication_marks,
    score_cache,
)

PLATFORMS_TTL = 300.0

# The head of a published snapshot, as _snapshot_payload writes it (json.dumps with compact
# separators keeps the window's key order): its all-time count and confidence are lifted
# into the answer's item without parsing the whole snapshot. A snapshot written another way
# falls back to json.loads.
_ALL_HEAD = re.compile(rb'"all":\{"n":(\d+),"last_review_at":[^,]*,"confidence":"([a-z]+)"')


class ScoresUnavailable(Exception):
    """Neither the score cache nor PostgreSQL can be read, and memory doesn't hold the answer."""


@dataclass(slots=True, eq=False)
class Entry:
    """One requester's published snapshot as the lookup serves it."""

    item: bytes  # {"status":"found","n":…,"confidence":…,<the snapshot's own keys>}
    digest: bytes
    # The legacy shapes' parts, made on first use (api/read/legacy.py).
    legacy: dict = field(default_factory=dict)
    # The item as deflate blocks for gzip'ed answers, made on first use.
    compressed: bytes | None = None

    def deflated(self) -> bytes:
        if self.compressed is None:
            self.compressed = deflated(self.item)
        return self.compressed

    def snapshot(self) -> dict:
        """The parsed item (for the legacy shapes, which re-arrange the numbers)."""
        return json.loads(self.item)


def entry_from_payload(payload: str | bytes) -> Entry:
    raw = payload.encode() if isinstance(payload, str) else payload
    head = _ALL_HEAD.search(raw)
    if head:
        n, confidence = head.group(1), head.group(2)
    else:
        window = json.loads(raw).get("all") or {}
        n = str(int(window.get("n", 0))).encode()
        confidence = str(window.get("confidence", "none")).encode()
    item = b'{"status":"found","n":' + n + b',"confidence":"' + confidence + b'",' + raw[1:]
    return Entry(item=item, digest=hashlib.blake2b(item, digest_size=12).digest())


# What ScoreReader._current.get answers for an id not read in the current epoch.
_UNREAD = Entry(item=b"", digest=b"")
# The epoch of entries read from PostgreSQL while Redis was unreachable: never current, so
# each is read from Redis again at its first lookup once Redis answers.
_FROM_DATABASE = -1


@dataclass(slots=True)
class _Slot:
    epoch: int
    entry: Entry | None  # None: no snapshot published for this key


@dataclass
class ScoreReader:
    cache_alias: str = "scores"
    _slots: dict[str, _Slot] = field(default_factory=dict)
    # The entries read in the current epoch, by platform and id: what a steady stream of
    # lookups reads, with one dict lookup per id. Emptied whenever the epoch changes.
    _current: dict[str, dict[str, Entry | None]] = field(default_factory=dict)
    _epoch: int = 0
    _state: tuple | None = None
    _checked_at: float = float("-inf")
    reachable: bool = True
    ready: bool = False

    @property
    def degraded(self) -> bool:
        """True while Redis is unreachable (answers come from memory, maybe stale, and
        PostgreSQL) or holds no complete publication (ids it lacks are read from
        PostgreSQL). As of the last check (see _sync); call sync() for a current one."""
        return not (self.reachable and self.ready)

    def sync(self) -> None:
        """Ask Redis for the generation, if not asked within API_SCORES_CHECK_SECONDS."""
        self._sync()

    def reset(self) -> None:
        self._slots.clear()
        self._current.clear()
        self._epoch += 1
        self._state = None
        self._checked_at = float("-inf")
        self.reachable = True
        self.ready = False

    def _sync(self) -> None:
        """Start a new epoch if the published generation changed since the last look."""
        now = time.monotonic()
        interval = settings.API_SCORES_CHECK_SECONDS
        if now - self._checked_at < interval:
            return
        self._checked_at = now
        values = publication_marks()  # no waiting on a Redis that failed moments ago
        self.reachable = values is not None
        if values is None:
            return
        self.ready = values.get(READY_KEY) is not None
        state = (values.get(GENERATION_KEY) or 0, values.get(READY_KEY))
        if state != self._state:
            self._state = state
            self._epoch += 1
            self._current.clear()

    def lookup(self, platform: str, ids: list[str]) -> list[Entry | None]:
        """The published entry of each id (None: nothing published), in order."""
        found = self.current(platform, ids)
        return self._read(platform, ids) if found is None else found

    def current(self, platform: str, ids: list[str]) -> list[Entry | None] | None:
        """lookup()'s answer if every id was read in this epoch (so every id was valid:
        only valid ids are looked up), else None."""
        self._sync()
        current = self._current.get(platform)
        if current is None:
            return None
        found = [current.get(i, _UNREAD) for i in ids]
        return None if _UNREAD in found else found

    def _read(self, platform: str, ids: list[str]) -> list[Entry | None]:
        """lookup() for ids not all read in this epoch: from memory if still current, the
        rest with one get_many."""
        slots = self._slots
        epoch = self._epoch
        prefix = score_cache_key(platform, "")
        keys = [prefix + external_id for external_id in ids]
        got = [slots.get(key) for key in keys]
        found: list[Entry | None] = [None if slot is None else slot.entry for slot in got]
        stale = [p for p, slot in enumerate(got) if slot is None or slot.epoch != epoch]
        if not stale:
            self._current.setdefault(platform, {}).update(zip(ids, found, strict=True))
            return found
        if not self.reachable:
            return self._from_database(platform, ids, keys, found, stale)
        wanted = [keys[p] for p in stale]
        try:
            payloads = score_cache().get_many(wanted)
        except Exception:
            redis_outage.failed()
            self.reachable = False
            return self._from_database(platform, ids, keys, found, stale)
        self._make_room(len(wanted))
        unpublished = []
        for position in stale:
            key = keys[position]
            payload = payloads.get(key)
            if not payload and not self.ready:
                # Redis lost it (restarted empty) or the republish hasn't reached it yet.
                unpublished.append(position)
                continue
            entry = entry_from_payload(payload) if payload else None
            previous = found[position]
            if entry is not None and previous is not None and entry.digest == previous.digest:
                entry = previous  # unchanged since the last epoch: keep what was made from it
            slots.pop(key, None)  # re-insert at the end: the oldest entries go first
            slots[key] = _Slot(epoch, entry)
            found[position] = entry
        if unpublished:
            self._unpublished_from_database(platform, ids, keys, found, unpublished)
        self._current.setdefault(platform, {}).update(zip(ids, found, strict=True))
        return found

    def _unpublished_from_database(
        self,
        platform: str,
        ids: list[str],
        keys: list[str],
        found: list[Entry | None],
        unpublished: list[int],
    ) -> None:
        """Fill in the ids that Redis, holding no complete publication, lacks: from
        PostgreSQL, each once (a slot read from it is kept until the publication is complete,
        when every epoch changes). The answers are current until the next publish changes the
        epoch, so a stream of lookups costs no query and one Redis read per publish."""
        slots = self._slots
        for position in unpublished:
            slot = slots.get(keys[position])
            if slot is not None and slot.epoch != _FROM_DATABASE:
                del slots[keys[position]]  # an earlier publication's: PostgreSQL knows better
        self._from_database(platform, ids, keys, found, unpublished)

    def _from_database(
        self,
        platform: str,
        ids: list[str],
        keys: list[str],
        found: list[Entry | None],
        stale: list[int],
    ) -> list[Entry | None]:
        """_read()'s answer with Redis unreachable: memory as it is (stale, but the best
        there is), the ids never read from PostgreSQL."""
        slots = self._slots
        missing = [p for p in stale if keys[p] not in slots]
        if not missing:
            return found
        try:
            payloads = stored_payloads(
                platform_slug=platform, external_ids=[ids[p] for p in missing]
            )
        except DatabaseError as exc:
            raise ScoresUnavailable from exc
        self._make_room(len(missing))
        for position in missing:
            payload = payloads.get(ids[position])
            entry = entry_from_payload(payload) if payload else None
            slots[keys[position]] = _Slot(_FROM_DATABASE, entry)
            found[position] = entry
        return found

    def _make_room(self, incoming: int) -> None:
        limit = settings.API_SCORES_MEMORY_ENTRIES
        excess = len(self._slots) + incoming - limit
        if excess > 0:
            # Drop the least recently read quarter at once, so this rarely runs.
            for key in list(islice(self._slots, max(excess, limit // 4))):
                del self._slots[key]
            self._current.clear()  # it would hold on to the dropped entries


# A requester id is at most 64 characters (Requester.external_id); anything longer can't
# match and isn't echoed back in full.
MAX_ID_LENGTH = 64
# Ids whose validity a platform remembers; past this many it forgets them all and starts over.
VALIDITY_MEMORY = 100_000


@dataclass(frozen=True, slots=True)
class PlatformInfo:
    slug: str
    name: str
    pattern: re.Pattern
    hint: str
    # Extensions ask for the same ids all day: a dict lookup is cheaper than the regex.
    _validity: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def valid_ids(self, ids: list[str]) -> list[str]:
        """The ids that can be this platform's, in order."""
        known = self._validity.get
        if all(map(known, ids)):
            return ids  # the usual case: all of them, each seen before
        for external_id in [i for i in ids if known(i) is None]:
            self.is_valid_id(external_id)
        return [i for i in ids if known(i)]

    def is_valid_id(self, external_id: str) -> bool:
        valid = self._validity.get(external_id)
        if valid is None:
            valid = (
                len(external_id) <= MAX_ID_LENGTH
                and self.pattern.fullmatch(external_id) is not None
            )
            if len(self._validity) >= VALIDITY_MEMORY:
                self._validity.clear()
            self._validity[external_id] = valid
        return valid


@dataclass
class PlatformDirectory:
    """The platforms by slug, refreshed from the database now and then (they rarely change)."""

    _platforms: dict[str, PlatformInfo] | None = None
    _loaded_at: float = float("-inf")

    def reset(self) -> None:
        self._platforms = None
        self._loaded_at = float("-inf")

    def get(self, slug: str) -> PlatformInfo | None:
        return self.all().get(slug)

    def all(self) -> dict[str, PlatformInfo]:
        now = time.monotonic()
        if self._platforms is None or now - self._loaded_at > PLATFORMS_TTL:
            try:
                self._platforms = {
                    p.slug: PlatformInfo(
                        p.slug, p.name, re.compile(p.requester_id_pattern), p.requester_id_hint
                    )
                    for p in platforms_list()
                }
            except DatabaseError as exc:
                if self._platforms is None:
                    raise ScoresUnavailable from exc
            self._loaded_at = now
        return self._platforms


score_reader = ScoreReader()
platform_directory = PlatformDirectory()


def reset() -> None:
    """Forget everything held in memory (tests, or after changing platforms)."""
    score_reader.reset()
    platform_directory.reset()

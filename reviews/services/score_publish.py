"""Publishing score snapshots into the score cache, monotonically.

Several processes publish at once: a recompute after a review (its snapshot just stored),
and scores_republish_all copying stored rows back after Redis was lost. A republish may
have read a row before a concurrent recompute stored a newer one; publishing it afterwards
would put the older snapshot back over the newer. So each key's publication carries the
requester whose snapshot it is and that snapshot's version, kept in a Redis hash next to
the payloads, and a Lua script (one atomic step in Redis) writes a payload only if the key
doesn't hold a higher version of the same requester's snapshot. A key may change requester
(a merged duplicate's id answers with its keeper's snapshot): that is always written.

The embedded default (no Redis: one process, files or local memory) writes plainly.
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from backend.cache import redis_outage

READY_KEY = "__published__"
GENERATION_KEY = "__generation__"
VERSIONS_KEY = "__versions__"

# KEYS: the payloads' cache keys. ARGV[1]: the versions hash; then per key its serialised
# payload, the requester's id and the snapshot's version. Answers how many were written.
_PUBLISH_NEWER = """
local written = 0
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 3
  local source, version = ARGV[base + 1], tonumber(ARGV[base + 2])
  local held = redis.call('HGET', ARGV[1], key)
  local held_source, held_version
  if held then
    held_source, held_version = string.match(held, '^(%d+):(%d+)$')
  end
  if not (held_source == source and tonumber(held_version) > version) then
    redis.call('SET', key, ARGV[base])
    redis.call('HSET', ARGV[1], key, source .. ':' .. version)
    written = written + 1
  end
end
return written
"""


def score_cache():
    return caches["scores"]


def publication_marks() -> dict | None:
    """The cache's GENERATION_KEY and READY_KEY values (those set), or None when Redis can't
    be reached, doesn't answer, or failed in this process within REDIS_RETRY_AFTER seconds
    (then it isn't asked: backend/cache.py's redis_outage)."""
    if redis_outage.recent():
        return None
    try:
        return score_cache().get_many([GENERATION_KEY, READY_KEY])
    except Exception:  # any cache backend error: Redis down, restarting or not answering
        redis_outage.failed()
        return None


def publish(payloads: dict[str, str], sources: dict[str, tuple[int, int]]) -> int:
    """Store the payloads, each unless its key holds a newer version of the same requester's
    snapshot (`sources`: key → (requester id, version)), and bump the generation, which tells
    readers that keep snapshots in process memory that something changed. Answers how many
    were written."""
    if not payloads:
        return 0
    cache = score_cache()
    if isinstance(cache, RedisCache):
        written = _publish_newer(cache, payloads, sources)
    else:
        cache.set_many(payloads, timeout=None)
        written = len(payloads)
    cache.add(GENERATION_KEY, 0, timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the cache was emptied in between; the next publish counts again
        cache.add(GENERATION_KEY, 1, timeout=None)
    return written


def _publish_newer(cache: RedisCache, payloads: dict[str, str], sources: dict) -> int:
    # Django's RedisCache has no scripting call: its own client, key names and serialiser
    # make the script's keys and values exactly what get_many reads back.
    client = cache._cache.get_client(None, write=True)
    dumps = cache._cache._serializer.dumps
    keys, args = [], [cache.make_and_validate_key(VERSIONS_KEY)]
    for key, payload in payloads.items():
        source, version = sources[key]
        keys.append(cache.make_and_validate_key(key))
        args += [dumps(payload), str(source), str(version)]
    return client.eval(_PUBLISH_NEWER, len(keys), *keys, *args)

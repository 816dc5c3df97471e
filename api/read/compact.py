"""The compact form of the bulk lookup (`fields=compact`), for slow connections.

The full answer carries each requester's whole snapshot (~2 kB, some 120 numbers, both
windows); an extension shows a handful of them beside a requester's name. The compact item
holds just those, for both windows (`all`, `recent`):

    {"status":"found","id":"A1B2C3D4E5F6G7","n":12,"confidence":"medium",
     "all":{"n":12,"wage":9.5,"wage_n":11,"rejected":8.3,"blocked":0.0,"recommend":91.7},
     "recent":{…the same keys…}}

- `wage`: the median hourly wage (the platform's currency; null without timed reviews) and
  `wage_n` the number of reviews it is the median of;
- `rejected`, `blocked`, `recommend`: percentages of the window's reviews that answered,
  one decimal (null when none answered);
- the requester's page is `/r/<platform>/<id>/` (not repeated in every item).

At most ~260 bytes per requester with a 64-character id (COMPACT_ITEM_LIMIT, tested).
not_found and invalid_id items are the same as in the full form. Each found entry's compact
form is made once per snapshot and kept beside it in memory, as an Entry of its own, so
the answer is assembled, hashed for its ETag and gzip'ed exactly as the full one is.
"""

from __future__ import annotations

import hashlib
import json

from rest_framework.exceptions import ValidationError

from api.score_reader import Entry

FULL, COMPACT = "full", "compact"
COMPACT_ITEM_LIMIT = 300  # bytes per found requester, uncompressed: the documented bound
_FOUND = b'{"status":"found"'
_RATES = ("rejected", "blocked", "recommend")


def compact_or_400(value: object) -> bool:
    """True for `fields=compact`, False for the full form (`full` or absent)."""
    if value in (None, "", FULL):
        return False
    if value == COMPACT:
        return True
    shown = str(value)[:40]
    raise ValidationError({"fields": [f"“{shown}” is not a form: use compact or full."]})


_SUFFIX, _PREFIX = "&fields=compact", "fields=compact&"


def without_compact_field(query_string: str) -> tuple[str, bool]:
    """(the query without a leading or trailing `fields=compact`, whether it had one), so
    that the lookup's shortcut for plain queries (plain_lookup_query) serves compact
    lookups too, as extensions write them."""
    if query_string.endswith(_SUFFIX):
        return query_string[: -len(_SUFFIX)], True
    if query_string.startswith(_PREFIX):
        return query_string[len(_PREFIX) :], True
    return query_string, False


def _percent(rate: dict) -> float | None:
    total = rate.get("total") or 0
    return round(100 * rate["count"] / total, 1) if total else None


def _window(window: dict) -> dict:
    wage = window["wage"]
    rates = window["rates"]
    return {
        "n": window["n"],
        "wage": wage["median"],
        "wage_n": wage["n"],
        **{name: _percent(rates[name]) for name in _RATES},
    }


def compact_entry(entry: Entry) -> Entry:
    """The entry's compact form; status items (not_found, invalid_id) are already compact."""
    if not entry.item.startswith(_FOUND):
        return entry
    compact = entry.legacy.get(COMPACT)
    if compact is None:
        snapshot = entry.snapshot()
        item = {
            "status": "found",
            "id": snapshot["id"],
            "n": snapshot["n"],
            "confidence": snapshot["confidence"],
            **{name: _window(snapshot[name]) for name in ("all", "recent")},
        }
        raw = json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode()
        compact = Entry(item=raw, digest=hashlib.blake2b(raw, digest_size=12).digest())
        entry.legacy[COMPACT] = compact
    return compact

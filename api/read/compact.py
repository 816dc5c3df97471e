"""The compact form of the bulk lookup (`fields=compact`), for slow connections.

The full answer carries each requester's whole snapshot (~2 kB, some 120 numbers, both
windows); an extension shows a handful of them beside a requester's name. The compact item
holds just those (its shape and bounds: reviews/services/compact_payloads.py, which the
compact daily export uses too). not_found and invalid_id items are the same as in the full
form. Each found entry's compact form is made once per snapshot and kept beside it in
memory, as an Entry of its own, so the answer is assembled, hashed for its ETag and gzip'ed
exactly as the full one is.
"""

from __future__ import annotations

import hashlib

from rest_framework.exceptions import ValidationError

from api.score_reader import Entry
from reviews.services.compact_payloads import COMPACT_ITEM_LIMIT, compact_item_json

__all__ = [
    "COMPACT",
    "COMPACT_ITEM_LIMIT",
    "FULL",
    "compact_entry",
    "compact_or_400",
    "without_compact_field",
]

FULL, COMPACT = "full", "compact"
_FOUND = b'{"status":"found"'


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


def compact_entry(entry: Entry) -> Entry:
    """The entry's compact form; status items (not_found, invalid_id) are already compact."""
    if not entry.item.startswith(_FOUND):
        return entry
    compact = entry.legacy.get(COMPACT)
    if compact is None:
        raw = compact_item_json(entry.snapshot())
        compact = Entry(item=raw, digest=hashlib.blake2b(raw, digest_size=12).digest())
        entry.legacy[COMPACT] = compact
    return compact

"""Turkopticon 1 and 2 answer shapes, so existing userscripts only change the host.

Both read the same published snapshots as the bulk lookup (no PostgreSQL, except for TO2's
aliases, which aren't in the snapshot: one indexed query, skipped when the client's sparse
fieldset `fields[requesters]=…` leaves them out, as MTurk Suite's does). Each snapshot's
legacy form is made once and kept with the snapshot in memory.

Turkopticon 1, decided: `attrs` are the plain means of the 1–5 ratings (all time) with two
decimals, as Turkopticon 1 showed them; userscripts colour them by thresholds chosen for
plain means, and `reviews` (the sample size) travels alongside. The shrunk Bayesian averages
are in the v1 API. An attribute nobody rated is "", and a requester that is unknown, not
yet scored or without published reviews is "" as a whole, which is what Turkopticon 1 sent
and what its clients test for.

Turkopticon 2: `pending` is the *median* seconds from submission to approval (Turkopticon 2
sent the mean; Lantern publishes the median, which one slow outlier can't distort).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

from api.score_reader import Entry

TO1_ATTRIBUTES = ("comm", "pay", "fair", "fast")
TO2_FIELDS = ("name", "rid", "aliases", "aggregates")
EMPTY = b'""'


def _two_places(value: float | None) -> str:
    if value is None:
        return ""
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _dumps(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def to1_item(entry: Entry | None) -> bytes:
    if entry is None:
        return EMPTY
    item = entry.legacy.get("to1")
    if item is None:
        snapshot = entry.snapshot()
        window = snapshot["all"]
        if not window["n"]:
            item = EMPTY
        else:
            item = _dumps(
                {
                    "name": snapshot["name"],
                    "attrs": {
                        attr: _two_places(window["ratings"][attr]["mean"])
                        for attr in TO1_ATTRIBUTES
                    },
                    "reviews": window["n"],
                    "tos_flags": window["rates"]["tos"]["count"],
                }
            )
        entry.legacy["to1"] = item
    return item


def to1_body(ids: list[str], entries: dict[str, Entry | None]) -> bytes:
    """{"<id>": {...} or "", …} in the order asked."""
    parts = [_dumps(external_id) + b":" + to1_item(entries.get(external_id)) for external_id in ids]
    return b"{" + b",".join(parts) + b"}"


def _to2_window(window: dict) -> dict:
    rates = window["rates"]
    wage = window["wage"]
    n = window["n"]

    def triple(name: str) -> list[int]:
        return [rates[name]["count"], rates[name]["total"], n]

    return {
        "reward": [wage.get("pay_total", 0.0), wage.get("seconds_total", 0), wage["n"]],
        "pending": window["approval"]["median_seconds"],
        "comm": triple("responsive"),
        "recommend": triple("recommend"),
        "rejected": triple("rejected"),
        "tos": [rates["tos"]["count"], n],
        "broken": [rates["broken"]["count"], n],
    }


def _to2_parts(entry: Entry) -> tuple[bytes, bytes]:
    """(name as JSON, aggregates as JSON), made once per snapshot."""
    parts = entry.legacy.get("to2")
    if parts is None:
        snapshot = entry.snapshot()
        aggregates = {w: _to2_window(snapshot[w]) for w in ("all", "recent")}
        parts = entry.legacy["to2"] = (_dumps(snapshot["name"]), _dumps(aggregates))
    return parts


def to2_fieldset(raw: str | None) -> tuple[str, ...]:
    """JSON:API sparse fieldset `fields[requesters]=rid,aggregates`; all fields without one."""
    if raw is None:
        return TO2_FIELDS
    wanted = {name.strip() for name in raw.split(",")}
    return tuple(name for name in TO2_FIELDS if name in wanted)


def to2_resource(
    external_id: str, entry: Entry, *, fields: tuple[str, ...], aliases: list[str]
) -> bytes:
    name, aggregates = _to2_parts(entry)
    rid = _dumps(external_id)
    values = {"name": name, "rid": rid, "aggregates": aggregates}
    attributes = [
        b'"' + f.encode() + b'":' + (_dumps(aliases) if f == "aliases" else values[f])
        for f in fields
    ]
    return b'{"type":"requesters","id":' + rid + b',"attributes":{' + b",".join(attributes) + b"}}"

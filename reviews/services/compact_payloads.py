"""The compact form of a published score snapshot: just what an extension shows beside a
requester's name, for both windows (`all`, `recent`).

    {"status":"found","id":"A1B2C3D4E5F6G7","n":12,"confidence":"medium",
     "all":{"n":12,"wage":9.5,"wage_n":11,"rejected":8.3,"blocked":0.0,"recommend":91.7},
     "recent":{…the same keys…}}

- `n`, `confidence`: the all-time window's count and confidence;
- `wage`: the median hourly wage (the platform's currency; null without timed reviews) and
  `wage_n` the number of reviews it is the median of;
- `rejected`, `blocked`, `recommend`: percentages of the window's reviews that answered,
  one decimal (null when none answered);
- the requester's page is `/r/<platform>/<id>/` (not repeated in every item).

At most ~260 bytes per requester with a 64-character id (COMPACT_ITEM_LIMIT, tested). The
compact lookup (api/read/compact.py) and the compact daily export
(reviews/services/exports.py) both make their items here, so they are the same bytes.
"""

import json

COMPACT_ITEM_LIMIT = 300  # bytes per found requester, uncompressed: the documented bound
_RATES = ("rejected", "blocked", "recommend")
_WINDOWS = ("all", "recent")


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


def compact_item(snapshot: dict) -> dict:
    """The compact item of a published snapshot ({"id", "all", "recent", …})."""
    everything = snapshot["all"]
    return {
        "status": "found",
        "id": snapshot["id"],
        "n": everything["n"],
        "confidence": everything["confidence"],
        **{name: _window(snapshot[name]) for name in _WINDOWS},
    }


def compact_item_json(snapshot: dict) -> bytes:
    """compact_item as the answers carry it: compact separators, UTF-8."""
    return json.dumps(compact_item(snapshot), separators=(",", ":"), ensure_ascii=False).encode()

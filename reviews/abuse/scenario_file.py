"""Scenario files: JSON Lines that ``detect_abuse`` reads and ``make_scenario`` writes.

One JSON object a line; blank lines are skipped. The ``type`` field says what a line is:

- ``"review"`` (the default when ``type`` is absent): ``review_id``, ``author``,
  ``author_joined_at`` (ISO 8601 with a time zone), ``network`` (opaque string or null),
  ``platform``, ``requester_id``, ``created_at``, ``text``; optional ``ratings``
  (``{"pay", "fair", "fast", "comm"}``, each 1–5), ``recommend`` (true/false) and ``label``
  (``"honest"`` or ``"abusive"``).
- ``"representative"``: ``platform``, ``requester_id``, ``author`` — an approved representative
  of that requester — and optional ``networks`` (the fingerprints seen for that account on
  any action, e.g. replies and disputes).
- ``"flag"``: ``flag_id``, ``flagger``, ``review_id`` (a review in the file), ``created_at``,
  optional ``label``. Whether the flagger represents the review's requester follows from the
  representative lines.

Ids may be strings or integers. Every problem is reported with its line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any

from reviews.abuse.rows import (
    LABELS,
    RATING_NAMES,
    FlagRow,
    Id,
    RequesterKey,
    ReviewRow,
    Scenario,
    id_key,
)

REVIEW_FIELDS = {
    "required": (
        "review_id",
        "author",
        "author_joined_at",
        "network",
        "platform",
        "requester_id",
        "created_at",
        "text",
    ),
    "optional": ("ratings", "recommend", "label", "type"),
}
REPRESENTATIVE_FIELDS = {
    "required": ("platform", "requester_id", "author"),
    "optional": ("networks", "type"),
}
FLAG_FIELDS = {
    "required": ("flag_id", "flagger", "review_id", "created_at"),
    "optional": ("label", "type"),
}
MAX_ERRORS = 20


class ScenarioError(ValueError):
    """A scenario file that can't be read; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:MAX_ERRORS]
        more = len(errors) - len(shown)
        message = "\n".join(shown) + (f"\n… and {more} more problems" if more > 0 else "")
        super().__init__(message)


class _LineError(Exception):
    pass


def _check_fields(data: dict, spec: dict) -> None:
    missing = [name for name in spec["required"] if name not in data]
    if missing:
        raise _LineError("missing " + ", ".join(repr(name) for name in missing))
    unknown = sorted(set(data) - set(spec["required"]) - set(spec["optional"]))
    if unknown:
        raise _LineError("unknown field " + ", ".join(repr(name) for name in unknown))


def _id(data: dict, name: str) -> Id:
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        raise _LineError(f"{name!r} must be a non-empty string or an integer, not {value!r}")
    return value


def _text(data: dict, name: str, *, allow_empty: bool = False, allow_null: bool = False):
    value = data[name]
    if value is None and allow_null:
        return None
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        kind = "a string" if allow_empty else "a non-empty string"
        raise _LineError(f"{name!r} must be {kind}{' or null' if allow_null else ''}")
    return value


def _moment(data: dict, name: str) -> datetime:
    value = data[name]
    if not isinstance(value, str):
        raise _LineError(f"{name!r} must be an ISO 8601 date and time string, not {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _LineError(
            f"{name!r} is not an ISO 8601 date and time: {value!r} "
            "(expected e.g. 2026-01-05T14:30:00Z)"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _LineError(f"{name!r} has no time zone: {value!r} (add Z or +00:00)")
    return moment


def _label(data: dict) -> str | None:
    label = data.get("label")
    if label is not None and label not in LABELS:
        raise _LineError(f"'label' must be one of {', '.join(LABELS)}, not {label!r}")
    return label


def _ratings(data: dict) -> dict[str, int] | None:
    ratings = data.get("ratings")
    if ratings is None:
        return None
    if not isinstance(ratings, dict):
        raise _LineError('\'ratings\' must be an object like {"pay": 4, "fair": 5}')
    clean = {}
    for name, value in ratings.items():
        if name not in RATING_NAMES:
            raise _LineError(f"unknown rating {name!r} (use {', '.join(RATING_NAMES)})")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise _LineError(f"rating {name!r} must be an integer from 1 to 5, not {value!r}")
        clean[name] = value
    return clean or None


def _review(data: dict) -> ReviewRow:
    _check_fields(data, REVIEW_FIELDS)
    recommend = data.get("recommend")
    if recommend is not None and not isinstance(recommend, bool):
        raise _LineError(f"'recommend' must be true, false or null, not {recommend!r}")
    return ReviewRow(
        review_id=_id(data, "review_id"),
        author=_id(data, "author"),
        author_joined_at=_moment(data, "author_joined_at"),
        network=_text(data, "network", allow_null=True),
        platform=_text(data, "platform"),
        requester_id=_id(data, "requester_id"),
        created_at=_moment(data, "created_at"),
        text=_text(data, "text", allow_empty=True),
        ratings=_ratings(data),
        recommend=recommend,
        label=_label(data),
    )


def read_scenario(lines: Iterable[str]) -> Scenario:
    """Parse a scenario; raises ScenarioError listing every malformed line."""
    errors: list[str] = []
    reviews: list[ReviewRow] = []
    review_lines: dict[Id, int] = {}
    representatives: dict[RequesterKey, set[Id]] = {}
    networks: dict[Id, set[str]] = {}
    pending_flags: list[tuple[int, dict]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise _LineError(f"not valid JSON ({error.msg} at column {error.colno})") from None
            if not isinstance(data, dict):
                raise _LineError(f"expected a JSON object, got {type(data).__name__}")
            kind = data.get("type", "review")
            if kind == "review":
                row = _review(data)
                if row.review_id in review_lines:
                    raise _LineError(
                        f"review_id {row.review_id!r} is already used on line "
                        f"{review_lines[row.review_id]}"
                    )
                review_lines[row.review_id] = number
                reviews.append(row)
            elif kind == "representative":
                _check_fields(data, REPRESENTATIVE_FIELDS)
                key = (_text(data, "platform"), _id(data, "requester_id"))
                author = _id(data, "author")
                representatives.setdefault(key, set()).add(author)
                extra = data.get("networks") or []
                if not isinstance(extra, list) or not all(isinstance(n, str) for n in extra):
                    raise _LineError("'networks' must be a list of strings")
                networks.setdefault(author, set()).update(extra)
            elif kind == "flag":
                _check_fields(data, FLAG_FIELDS)
                pending_flags.append((number, data))
            else:
                raise _LineError(
                    f"unknown type {kind!r} (use 'review', 'flag' or 'representative')"
                )
        except _LineError as error:
            errors.append(f"line {number}: {error}")
    by_id = {row.review_id: row for row in reviews}
    flags: list[FlagRow] = []
    flag_lines: dict[Id, int] = {}
    for number, data in pending_flags:
        try:
            flag_id = _id(data, "flag_id")
            if flag_id in flag_lines:
                raise _LineError(
                    f"flag_id {flag_id!r} is already used on line {flag_lines[flag_id]}"
                )
            review_id = _id(data, "review_id")
            review = by_id.get(review_id)
            if review is None:
                raise _LineError(f"flag names review_id {review_id!r}, which is not in the file")
            flagger = _id(data, "flagger")
            flag_lines[flag_id] = number
            flags.append(
                FlagRow(
                    flag_id=flag_id,
                    flagger=flagger,
                    review_id=review_id,
                    platform=review.platform,
                    requester_id=review.requester_id,
                    created_at=_moment(data, "created_at"),
                    flagger_is_representative=flagger in representatives.get(review.requester, ()),
                    label=_label(data),
                )
            )
        except _LineError as error:
            errors.append(f"line {number}: {error}")
    if errors:
        errors.sort(key=lambda e: int(e.split(":", 1)[0].removeprefix("line ")))
        raise ScenarioError(errors)
    return Scenario(
        reviews=reviews,
        flags=flags,
        representatives={k: frozenset(v) for k, v in representatives.items()},
        account_networks={k: frozenset(v) for k, v in networks.items() if v},
    )


def review_line(row: ReviewRow) -> dict[str, Any]:
    data: dict[str, Any] = {
        "review_id": row.review_id,
        "author": row.author,
        "author_joined_at": row.author_joined_at.isoformat(),
        "network": row.network,
        "platform": row.platform,
        "requester_id": row.requester_id,
        "created_at": row.created_at.isoformat(),
        "text": row.text,
    }
    if row.ratings:
        data["ratings"] = dict(row.ratings)
    if row.recommend is not None:
        data["recommend"] = row.recommend
    if row.label is not None:
        data["label"] = row.label
    return data


def write_scenario(scenario: Scenario, out: IO[str]) -> int:
    """Write representatives, reviews (in time order) and flags; returns the line count."""
    lines = 0
    for (platform, requester_id), authors in sorted(
        scenario.representatives.items(), key=lambda kv: (kv[0][0], id_key(kv[0][1]))
    ):
        for author in sorted(authors, key=id_key):
            data: dict[str, Any] = {
                "type": "representative",
                "platform": platform,
                "requester_id": requester_id,
                "author": author,
            }
            if scenario.account_networks.get(author):
                data["networks"] = sorted(scenario.account_networks[author])
            out.write(json.dumps(data) + "\n")
            lines += 1
    for row in scenario.reviews:
        out.write(json.dumps(review_line(row), ensure_ascii=False) + "\n")
        lines += 1
    for flag in scenario.flags:
        data = {
            "type": "flag",
            "flag_id": flag.flag_id,
            "flagger": flag.flagger,
            "review_id": flag.review_id,
            "created_at": flag.created_at.isoformat(),
        }
        if flag.label is not None:
            data["label"] = flag.label
        out.write(json.dumps(data) + "\n")
        lines += 1
    return lines

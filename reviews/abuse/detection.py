"""What a detector reports: a Detection, explainable to the moderator who decides on it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from reviews.abuse.rows import Id, id_key
from reviews.abuse.thresholds import Thresholds

BURST = "burst"
NEW_ACCOUNT_BURST = "new_account_burst"
SHARED_NETWORK = "shared_network"
NEAR_DUPLICATE = "near_duplicate"
CONSENSUS_OUTLIER = "consensus_outlier"
RATING_SWING = "rating_swing"
PRAISE_BURST = "praise_burst"
SELF_REVIEW = "self_review"
MASS_FLAGGING = "mass_flagging"
KINDS = (
    BURST,
    NEW_ACCOUNT_BURST,
    SHARED_NETWORK,
    NEAR_DUPLICATE,
    CONSENSUS_OUTLIER,
    RATING_SWING,
    PRAISE_BURST,
    SELF_REVIEW,
    MASS_FLAGGING,
)
# The reviews a mass-flagging detection names are the ones being flagged: holding them would
# hand the flaggers what they want.
HOLDING_KINDS = frozenset(KINDS) - {MASS_FLAGGING}


@dataclass(frozen=True)
class Detection:
    kind: str
    strength: float
    review_ids: tuple[Id, ...]
    accounts: tuple[Id, ...]
    evidence: str
    details: dict[str, Any] = field(default_factory=dict, compare=False)
    # Only mass flagging names flags.
    flag_ids: tuple[Id, ...] = ()

    def __post_init__(self) -> None:
        # Sorted and rounded here, so equal findings compare and serialise equal.
        object.__setattr__(self, "strength", round(min(1.0, max(0.0, self.strength)), 3))
        object.__setattr__(self, "review_ids", tuple(sorted(set(self.review_ids), key=id_key)))
        object.__setattr__(self, "accounts", tuple(sorted(set(self.accounts), key=id_key)))
        object.__setattr__(self, "flag_ids", tuple(sorted(set(self.flag_ids), key=id_key)))

    @property
    def fingerprint(self) -> str:
        """64 hex characters naming what was found (kind and the reviews or flags involved),
        so running a detector twice yields one AbuseSignal."""
        parts = [self.kind, *map(repr, self.review_ids), "|", *map(repr, self.flag_ids)]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def holds(self, thresholds: Thresholds) -> bool:
        """Whether this detection puts its reviews on hold."""
        return self.kind in HOLDING_KINDS and self.strength >= thresholds.hold_threshold

    def as_dict(self, thresholds: Thresholds | None = None) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "strength": self.strength,
            "review_ids": list(self.review_ids),
            "accounts": list(self.accounts),
            "evidence": self.evidence,
            "details": self.details,
            "fingerprint": self.fingerprint,
        }
        if self.flag_ids:
            data["flag_ids"] = list(self.flag_ids)
        if thresholds is not None:
            data["holds_reviews"] = self.holds(thresholds)
        return data


def sort_detections(detections: Iterable[Detection]) -> list[Detection]:
    """Strongest first; ties in a fixed order, so output never depends on dict order."""
    return sorted(
        detections,
        key=lambda d: (
            -d.strength,
            d.kind,
            [id_key(i) for i in d.review_ids],
            [id_key(i) for i in d.flag_ids],
        ),
    )


def held_review_ids(detections: Iterable[Detection], thresholds: Thresholds) -> set[Id]:
    held: set[Id] = set()
    for detection in detections:
        if detection.holds(thresholds):
            held.update(detection.review_ids)
    return held


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def span_phrase(start: datetime, end: datetime) -> str:
    """'40 minutes', '3 hours', '2 days': how long a set of events took, for evidence."""
    span = max(end - start, timedelta(0))
    minutes = span.total_seconds() / 60
    if minutes < 90:
        return plural(max(1, round(minutes)), "minute")
    if minutes < 48 * 60:
        return plural(round(minutes / 60), "hour")
    return plural(round(minutes / 1440), "day")

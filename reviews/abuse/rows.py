"""The plain rows the detectors read: no models, so the detectors run anywhere.

The Celery flow builds them from the database (see ``sweep.py``); ``detect_abuse`` builds
them from a scenario file. Ids are opaque (a database pk or a scenario string): detectors only
compare them, and sort them for deterministic output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

Id = int | str
# A requester is named by its platform and its id there (external ids are unique per platform).
RequesterKey = tuple[str, Id]
# Approved representatives of each requester: requester → author ids.
Representatives = Mapping[RequesterKey, frozenset[Id] | set[Id]]
# Every network fingerprint known for an account (from any action, not only reviews).
AccountNetworks = Mapping[Id, frozenset[str] | set[str]]

RATING_NAMES = ("pay", "fair", "fast", "comm")
LABELS = ("honest", "abusive")


@dataclass(frozen=True, slots=True)
class ReviewRow:
    review_id: Id
    author: Id
    author_joined_at: datetime
    network: str | None
    platform: str
    requester_id: Id
    created_at: datetime
    text: str = ""
    # Any of pay, fair, fast, comm (1–5); None when the review has no ratings.
    ratings: Mapping[str, int] | None = None
    recommend: bool | None = None
    # Only in evaluation scenarios: "honest" or "abusive".
    label: str | None = None

    @property
    def requester(self) -> RequesterKey:
        return (self.platform, self.requester_id)

    def mean_rating(self) -> float | None:
        """The review's overall rating: its 1–5 ratings' mean, else 5 or 1 from recommend."""
        if self.ratings:
            values = [v for v in self.ratings.values() if v is not None]
            if values:
                return sum(values) / len(values)
        if self.recommend is not None:
            return 5.0 if self.recommend else 1.0
        return None

    def account_age_days(self) -> float:
        return (self.created_at - self.author_joined_at).total_seconds() / 86400


@dataclass(frozen=True, slots=True)
class FlagRow:
    flag_id: Id
    flagger: Id
    review_id: Id
    platform: str
    requester_id: Id
    created_at: datetime
    # The flagger is an approved representative of the flagged review's requester.
    flagger_is_representative: bool = False
    label: str | None = None

    @property
    def requester(self) -> RequesterKey:
        return (self.platform, self.requester_id)


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything one detection run reads."""

    reviews: list[ReviewRow]
    flags: list[FlagRow] = field(default_factory=list)
    representatives: dict[RequesterKey, frozenset[Id]] = field(default_factory=dict)
    account_networks: dict[Id, frozenset[str]] = field(default_factory=dict)


def id_key(value: Id) -> tuple[bool, Id]:
    """Sort key for ids that may be ints or strings: ints first, never compared across types."""
    return (isinstance(value, str), value)


def requester_key(requester: RequesterKey) -> tuple[str, tuple[bool, Id]]:
    """Sort key for requesters."""
    return (requester[0], id_key(requester[1]))


def requester_label(requester: RequesterKey) -> str:
    """How evidence names a requester: platform:id."""
    return f"{requester[0]}:{requester[1]}"

"""What the templates model's generator (scenario_generator) and its attacks
(scenario_template_attacks) build reviews from: workers, requesters, and drafts of reviews
before ids are assigned in time order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

END = datetime(2026, 3, 1, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


@dataclass
class Worker:
    id: str
    joined_at: datetime
    activity: float
    bias: float
    home: str
    extra_networks: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class RequesterSpec:
    platform: str
    id: str
    quality: float
    weight: float


@dataclass
class Draft:
    """A review before ids are assigned in time order."""

    worker: Worker
    requester: RequesterSpec
    created_at: datetime
    text: str
    ratings: dict[str, int] | None
    recommend: bool | None
    label: str
    network: str | None = None

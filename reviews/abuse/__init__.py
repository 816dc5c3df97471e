"""Abuse detection: pure detectors over plain rows (no database, no side effects).

    from reviews.abuse import Thresholds, run_all
    detections = run_all(rows, flags, representatives, Thresholds.from_settings())

Each Detection names its kind, strength (0–1), the reviews and accounts involved and a
sentence of evidence; ``detection.holds(thresholds)`` says whether it should hold its reviews.
Turning detections into AbuseSignals, holds and moderator decisions is the Celery flow's job;
``reviews.abuse.sweep`` streams rows from the database for it.
"""

from reviews.abuse.detection import (
    HOLDING_KINDS,
    KINDS,
    Detection,
    held_review_ids,
    sort_detections,
)
from reviews.abuse.rows import FlagRow, ReviewRow, Scenario
from reviews.abuse.run import run_all
from reviews.abuse.thresholds import Thresholds

__all__ = [
    "HOLDING_KINDS",
    "KINDS",
    "Detection",
    "FlagRow",
    "ReviewRow",
    "Scenario",
    "Thresholds",
    "held_review_ids",
    "run_all",
    "sort_detections",
]

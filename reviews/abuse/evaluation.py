"""Precision and recall of detections against a scenario's labels.

A review counts as caught by a detector when one of its detections names it, and as held when
a detection strong enough to hold names it (see ``Detection.holds``). Recall is always out of
every abusive review, so a detector aimed at one attack shows a low recall on its own; the
overall line (held reviews, any detector) is the one the targets apply to. Mass flagging is
judged on flags, since the reviews it names are the flags' targets, not the abuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reviews.abuse.detection import KINDS, MASS_FLAGGING, Detection, held_review_ids
from reviews.abuse.queue import moderation_queue
from reviews.abuse.rows import Id, Scenario
from reviews.abuse.thresholds import Thresholds


@dataclass(frozen=True)
class Score:
    named: int
    true_positives: int
    positives: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.named if self.named else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.positives if self.positives else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "named": self.named,
            "true_positives": self.true_positives,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _per_1000(count: int, honest: int) -> float | None:
    return round(1000 * count / honest, 3) if honest else None


def _score(named: set[Id], labels: dict[Id, str]) -> Score:
    labelled = {i for i in named if i in labels}
    return Score(
        named=len(labelled),
        true_positives=sum(1 for i in labelled if labels[i] == "abusive"),
        positives=sum(1 for label in labels.values() if label == "abusive"),
    )


def evaluate(
    scenario: Scenario, detections: Sequence[Detection], thresholds: Thresholds
) -> dict[str, Any] | None:
    """Scores per detector and overall, or None when the scenario carries no labels."""
    labels = {r.review_id: r.label for r in scenario.reviews if r.label is not None}
    flag_labels = {f.flag_id: f.label for f in scenario.flags if f.label is not None}
    if not labels and not flag_labels:
        return None
    honest = sum(1 for label in labels.values() if label == "honest")
    held = held_review_ids(detections, thresholds)
    per_kind = {}
    for kind in KINDS:
        found = [d for d in detections if d.kind == kind]
        if kind == MASS_FLAGGING:
            score = _score({i for d in found for i in d.flag_ids}, flag_labels)
            per_kind[kind] = {"signals": len(found), "judged_on": "flags", **score.as_dict()}
            continue
        named = {i for d in found for i in d.review_ids}
        held_here = {i for d in found if d.holds(thresholds) for i in d.review_ids}
        per_kind[kind] = {
            "signals": len(found),
            "judged_on": "reviews",
            **_score(named, labels).as_dict(),
            "held": len(held_here & labels.keys()),
        }
    any_signal = {i for d in detections if d.kind != MASS_FLAGGING for i in d.review_ids}
    held_honest = sum(1 for i in held if labels.get(i) == "honest")
    queue = moderation_queue(detections, thresholds)
    entries = [e for e in queue if not e.collapsed]
    # An entry is a false alarm when none of the reviews or flags it names is abusive.
    false_alarms = sum(
        1
        for e in entries
        if not any(labels.get(i) == "abusive" for d in e.detections for i in d.review_ids)
        and not any(flag_labels.get(f) == "abusive" for d in e.detections for f in d.flag_ids)
    )
    return {
        "reviews": len(labels),
        "honest": honest,
        "abusive": len(labels) - honest,
        "flags": len(flag_labels),
        "abusive_flags": sum(1 for label in flag_labels.values() if label == "abusive"),
        "hold_threshold": thresholds.hold_threshold,
        "detectors": per_kind,
        "held": {
            **_score(held, labels).as_dict(),
            "honest_held": held_honest,
            "honest_held_share": _round(held_honest / honest) if honest else None,
        },
        "any_signal": _score(any_signal, labels).as_dict(),
        "queue": {
            "entries": len(entries),
            "false_alarm_entries": false_alarms,
            "collapsed_hint_groups": len(queue) - len(entries),
            "entries_per_1000_honest": _per_1000(len(entries), honest),
            "false_alarms_per_1000_honest": _per_1000(false_alarms, honest),
        },
    }

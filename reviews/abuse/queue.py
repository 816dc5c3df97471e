"""What reaches the moderators' queue: holding signals one by one, hints grouped and folded.

Moderator attention is the scarce resource, so the queue shows what needs a decision:

- signals that **hold** reviews are entries (reviews are out of the scores until a moderator
  decides); holding signals that share a review or an account are one incident seen by
  several detectors (a ring is a burst of new accounts, on shared networks, with copied
  text) and make one entry; every **mass-flagging** signal is an entry (it points at
  flaggers);
- every other signal is a **hint** (a burst, an uncorroborated text match, a network or
  consensus finding below the hold threshold). Hints are grouped per requester and UTC day
  into one group; a group whose reviews all already sit in a holding entry is folded into it;
  a group is **collapsed** (listed folded under the queue, not an entry of its own) unless it
  holds two or more different kinds of hint: one weak signal is ordinary traffic (an honest
  batch brings a burst every few days), two different ones on the same requester and day are
  worth a look.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from reviews.abuse.detection import MASS_FLAGGING, Detection
from reviews.abuse.thresholds import Thresholds
from reviews.abuse.union_find import components


@dataclass(frozen=True)
class QueueEntry:
    detections: tuple[Detection, ...]
    # Requester as (platform, id), or None when the signal spans several requesters.
    requester: tuple | None
    day: str
    collapsed: bool


def _requester(detection: Detection) -> tuple | None:
    requester = detection.details.get("requester")
    return tuple(requester) if requester else None


def _day(detection: Detection) -> str:
    moment = detection.details.get("start") or detection.details.get("last_vote_at") or ""
    return datetime.fromisoformat(moment).date().isoformat() if moment else ""


def moderation_queue(detections: Iterable[Detection], thresholds: Thresholds) -> list[QueueEntry]:
    """The queue entries for ``detections``, entries first, collapsed hint groups after."""
    holding: list[Detection] = []
    entries: list[QueueEntry] = []
    hints: dict[tuple, list[Detection]] = defaultdict(list)
    for detection in detections:
        if detection.holds(thresholds):
            holding.append(detection)
        elif detection.kind == MASS_FLAGGING:
            entries.append(
                QueueEntry((detection,), _requester(detection), _day(detection), collapsed=False)
            )
        else:
            hints[(_requester(detection), _day(detection))].append(detection)
    for incident in _incidents(holding):
        first = incident[0]
        entries.append(QueueEntry(tuple(incident), _requester(first), _day(first), False))
    covered = {i for d in holding for i in d.review_ids}
    collapsed = []
    for (requester, day), group in hints.items():
        if all(set(d.review_ids) <= covered for d in group):
            continue
        entry = QueueEntry(tuple(group), requester, day, len({d.kind for d in group}) < 2)
        (collapsed if entry.collapsed else entries).append(entry)
    return entries + collapsed


def _incidents(holding: list[Detection]) -> list[list[Detection]]:
    """Holding detections joined when they share a review or an account (union–find)."""
    owner: dict = {}
    links = []
    for index, detection in enumerate(holding):
        for key in [("r", i) for i in detection.review_ids] + [
            ("a", a) for a in detection.accounts
        ]:
            links.append((owner.setdefault(key, index), index))
    root_of = components(len(holding), links)
    groups: dict[int, list[Detection]] = defaultdict(list)
    for index, detection in enumerate(holding):
        groups[root_of[index]].append(detection)
    return [groups[root] for root in sorted(groups)]

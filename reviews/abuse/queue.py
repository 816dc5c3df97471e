"""What reaches the moderators' queue: holding signals one by one, hints grouped and folded.

Moderator attention is the scarce resource, so the queue shows what needs a decision, and
every signal is in exactly one place in it (an entry expands to all its signals; nothing is
dropped):

- signals that **hold** reviews are entries (reviews are out of the scores until a moderator
  decides); holding signals that share a review or an account are one incident seen by
  several detectors (a ring is a burst of new accounts, on shared networks, with copied
  text) and make one entry. A held review is always in a holding entry of its own, never in
  a hint group. Every **mass-flagging** signal is an entry (it points at flaggers);
- every other signal is a **hint** (a burst, an uncorroborated text match, a network or
  consensus finding below the hold threshold). Hints are grouped per requester and UTC day
  into one group; a group whose reviews all already sit in a holding entry is folded into
  that entry (listed in it, marked as hints); a group is **collapsed** (listed folded under
  the queue, not an entry of its own) unless it holds two or more different kinds of hint:
  one weak signal is ordinary traffic (an honest batch brings a burst every few days), two
  different ones on the same requester and day are worth a look;
- hint entries about the **same accounts** (two or more accounts in common, bursts aside)
  are one entry across requesters and days. What a moderator decides on a network or text
  hint is whether those accounts act together: a household of four reviewing together
  during one batch after another is one question (a household or a ring?), answered once
  with every occasion in view, not one entry per batch. A burst's accounts are whoever
  reviewed in the busy hours, so they link nothing; one account in common links nothing
  either (a busy worker is in many groups without acting with anyone).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from reviews.abuse.detection import BURST, MASS_FLAGGING, Detection
from reviews.abuse.rows import id_key
from reviews.abuse.thresholds import Thresholds
from reviews.abuse.union_find import components

# Accounts sharing one hint entry need this many in common with another's to be one entry.
SAME_ACCOUNTS = 2


@dataclass(frozen=True)
class QueueEntry:
    # Every signal of the entry, holding ones first: the entry expands to all of them.
    detections: tuple[Detection, ...]
    # Requester as (platform, id), or None when the signals span several requesters.
    requester: tuple | None
    # The first UTC day of the entry's signals ("" when none carries a time).
    day: str
    collapsed: bool
    # Hints folded into a holding entry because every review they name is held there.
    folded_hints: tuple[Detection, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The entry's kinds of signal, each once, sorted: what its line in the queue lists."""
        return tuple(sorted({d.kind for d in self.signals}))

    @property
    def signals(self) -> tuple[Detection, ...]:
        """Every signal the entry stands for, folded hints included."""
        return (*self.detections, *self.folded_hints)

    @property
    def days(self) -> tuple[str, ...]:
        return tuple(sorted({day for d in self.signals if (day := _day(d))}))


def _requester(detection: Detection) -> tuple | None:
    requester = detection.details.get("requester")
    return tuple(requester) if requester else None


def _day(detection: Detection) -> str:
    moment = detection.details.get("start") or detection.details.get("last_vote_at") or ""
    return datetime.fromisoformat(moment).date().isoformat() if moment else ""


def _entry(detections: list[Detection], collapsed: bool, folded=()) -> QueueEntry:
    requesters = {_requester(d) for d in detections}
    days = sorted(day for d in detections if (day := _day(d)))
    return QueueEntry(
        tuple(detections),
        requesters.pop() if len(requesters) == 1 else None,
        days[0] if days else "",
        collapsed,
        tuple(folded),
    )


def moderation_queue(detections: Iterable[Detection], thresholds: Thresholds) -> list[QueueEntry]:
    """The queue entries for ``detections``: holding incidents, mass flagging and hint
    entries, then collapsed hint groups. Each detection is in exactly one of them."""
    holding: list[Detection] = []
    flagging: list[QueueEntry] = []
    hints: list[Detection] = []
    for detection in detections:
        if detection.holds(thresholds):
            holding.append(detection)
        elif detection.kind == MASS_FLAGGING:
            flagging.append(_entry([detection], collapsed=False))
        else:
            hints.append(detection)
    incidents = _incidents(holding)
    incident_of = {
        i: n for n, incident in enumerate(incidents) for d in incident for i in d.review_ids
    }
    folded: dict[int, list[Detection]] = defaultdict(list)
    open_groups = []
    for group in _per_requester_and_day(hints):
        covering = {incident_of.get(i) for d in group for i in d.review_ids}
        if None not in covering:
            # Every review named is held: the hints are context of (the first) holding entry.
            folded[min(covering)].extend(group)
        else:
            open_groups.append(group)
    entries = [_entry(incident, False, folded[n]) for n, incident in enumerate(incidents)]
    return entries + flagging + _hint_entries(open_groups)


def hint_entries(hints: Iterable[Detection]) -> list[QueueEntry]:
    """Signals that hold nothing, grouped as the queue groups them: entries (two kinds on
    one requester and day, joined across them by the same accounts), then collapsed groups.
    For the moderation page, which lists holding signals one by one."""
    return _hint_entries(_per_requester_and_day(hints))


def _per_requester_and_day(hints: Iterable[Detection]) -> list[list[Detection]]:
    groups: dict[tuple, list[Detection]] = defaultdict(list)
    for hint in hints:
        groups[(_requester(hint), _day(hint))].append(hint)
    return list(groups.values())


def _hint_entries(groups: list[list[Detection]]) -> list[QueueEntry]:
    promoted = [g for g in groups if len({d.kind for d in g}) >= 2]
    collapsed = [_entry(g, collapsed=True) for g in groups if len({d.kind for d in g}) < 2]
    return [_entry(g, collapsed=False) for g in _same_accounts(promoted)] + collapsed


def _incidents(holding: list[Detection]) -> list[list[Detection]]:
    """Holding detections joined when they share a review or an account (union–find)."""
    return _joined(
        holding,
        lambda d: [("r", i) for i in d.review_ids] + [("a", a) for a in d.accounts],
    )


def _same_accounts(groups: list[list[Detection]]) -> list[list[Detection]]:
    """Hint groups joined when they name the same two or more accounts (bursts aside)."""

    def pairs(group: list[Detection]) -> list:
        accounts = sorted({a for d in group if d.kind != BURST for a in d.accounts}, key=id_key)
        return list(combinations(accounts, SAME_ACCOUNTS))

    return [[d for group in joined for d in group] for joined in _joined(groups, pairs)]


def _joined(items: list, keys) -> list[list]:
    """``items`` in groups of those sharing a key (union–find), in first-seen order."""
    owner: dict = {}
    links = []
    for index, item in enumerate(items):
        for key in keys(item):
            links.append((owner.setdefault(key, index), index))
    root_of = components(len(items), links)
    groups: dict[int, list] = defaultdict(list)
    for index, item in enumerate(items):
        groups[root_of[index]].append(item)
    return [groups[root] for root in sorted(groups)]

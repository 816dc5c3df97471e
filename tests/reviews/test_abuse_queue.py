"""The moderation queue (reviews/abuse/queue.py): holding signals as entries, one per
incident; hints grouped per requester and day, collapsed unless two kinds meet."""

from reviews.abuse import Thresholds
from reviews.abuse.queue import moderation_queue
from tests.reviews.abuse_signals import signal

T = Thresholds()


def test_holding_signals_about_the_same_accounts_are_one_entry():
    ring = [
        signal("new_account_burst", 0.9, ["r1", "r2"], ["a", "b"]),
        signal("shared_network", 0.8, ["r3"], ["b", "c"]),
        signal("self_review", 0.95, ["r9"], ["rep"]),
    ]

    queue = moderation_queue(ring, T)

    assert [len(e.detections) for e in queue] == [2, 1]
    assert not any(e.collapsed for e in queue)


def test_bursts_on_one_requester_and_day_are_one_collapsed_group():
    bursts = [
        signal("burst", 0.5, ["r1", "r2"], ["a", "b"], day="2026-02-01"),
        signal("burst", 0.5, ["r3"], ["c"], day="2026-02-01"),
        signal("burst", 0.5, ["r4"], ["d"], day="2026-02-02"),
    ]

    queue = moderation_queue(bursts, T)

    assert [(len(e.detections), e.day, e.collapsed) for e in queue] == [
        (2, "2026-02-01", True),
        (1, "2026-02-02", True),
    ]


def test_two_kinds_of_hint_on_one_requester_and_day_reach_the_queue():
    hints = [
        signal("burst", 0.5, ["r1", "r2"], ["a", "b"]),
        signal("consensus_outlier", 0.5, ["r2"], ["b"]),
    ]

    [entry] = moderation_queue(hints, T)

    assert not entry.collapsed


def test_a_hint_about_reviews_already_held_is_folded_into_the_holding_entry():
    found = [
        signal("new_account_burst", 0.9, ["r1", "r2"], ["a", "b"]),
        signal("burst", 0.5, ["r1", "r2"], ["a", "b"]),
    ]

    [entry] = moderation_queue(found, T)

    assert [d.kind for d in entry.detections] == ["new_account_burst"]

"""The queue's grouping (reviews/abuse/queue.py), hand-worked: which signals make one entry,
which make two, and that every signal is still in the queue exactly once."""

import random
from collections import Counter

from reviews.abuse import Thresholds
from reviews.abuse.queue import moderation_queue
from tests.reviews.abuse_signals import signal

T = Thresholds()
LAB = ("mturk", "A1")
OTHER_LAB = ("prolific", "P7")


def burst(reviews, accounts, requester=LAB, day="2026-02-01"):
    return signal("burst", 0.5, reviews, accounts, requester, day)


def household(reviews, accounts=("h1", "h2", "h3"), requester=LAB, day="2026-02-01"):
    return signal("shared_network", 0.6, reviews, accounts, requester, day)


def entries(queue):
    return [e for e in queue if not e.collapsed]


def test_two_kinds_on_one_requester_and_day_are_one_entry_listing_both_kinds():
    found = [burst(["r1", "r2", "r3"], ["h1", "h2", "x"]), household(["r1", "r2"])]

    [entry] = moderation_queue(found, T)

    assert not entry.collapsed
    assert entry.kinds == ("burst", "shared_network")
    assert (entry.requester, entry.day) == (LAB, "2026-02-01")
    assert set(entry.detections) == set(found)


def test_the_same_two_kinds_on_different_days_by_different_accounts_are_two_entries():
    found = [
        burst(["r1", "r2"], ["h1", "x"], day="2026-02-01"),
        household(["r1", "r2"], ["h1", "h2", "h3"], day="2026-02-01"),
        burst(["r5", "r6"], ["k1", "y"], day="2026-02-02"),
        household(["r5", "r6"], ["k1", "k2", "k3"], day="2026-02-02"),
    ]

    queue = moderation_queue(found, T)

    assert [(e.day, e.kinds, e.collapsed) for e in queue] == [
        ("2026-02-01", ("burst", "shared_network"), False),
        ("2026-02-02", ("burst", "shared_network"), False),
    ]


def test_two_kinds_on_different_days_are_two_collapsed_groups():
    found = [burst(["r1"], ["a"], day="2026-02-01"), household(["r2"], day="2026-02-02")]

    queue = moderation_queue(found, T)

    assert [(e.day, e.kinds, e.collapsed) for e in queue] == [
        ("2026-02-01", ("burst",), True),
        ("2026-02-02", ("shared_network",), True),
    ]


def test_hint_entries_about_the_same_accounts_are_one_entry_across_requesters_and_days():
    # One household on two requesters' batches: one question for a moderator, asked once.
    found = [
        burst(["r1", "r2"], ["h1", "x"], LAB, "2026-02-01"),
        household(["r1", "r2"], ["h1", "h2", "h3"], LAB, "2026-02-01"),
        burst(["r7", "r8"], ["h2", "y"], OTHER_LAB, "2026-02-09"),
        household(["r7", "r8"], ["h2", "h3"], OTHER_LAB, "2026-02-09"),
    ]

    [entry] = moderation_queue(found, T)

    assert entry.requester is None  # spans two requesters
    assert entry.days == ("2026-02-01", "2026-02-09") and entry.day == "2026-02-01"
    assert set(entry.detections) == set(found)


def test_one_account_in_common_or_a_burst_in_common_links_nothing():
    found = [
        # a busy worker (h1) in two households' groups: not the same accounts
        burst(["r1"], ["z"], LAB, "2026-02-01"),
        household(["r1", "r2"], ["h1", "h2", "h3"], LAB, "2026-02-01"),
        burst(["r5"], ["z"], OTHER_LAB, "2026-02-03"),
        household(["r5", "r6"], ["h1", "k2", "k3"], OTHER_LAB, "2026-02-03"),
        # the same two reviewers in two bursts: being there together is not acting together
        burst(["r9"], ["p", "q"], LAB, "2026-02-05"),
        signal("consensus_outlier", 0.5, ["r9"], ["p"], LAB, "2026-02-05"),
        burst(["r11"], ["p", "q"], OTHER_LAB, "2026-02-06"),
        signal("consensus_outlier", 0.5, ["r11"], ["q"], OTHER_LAB, "2026-02-06"),
    ]

    assert len(entries(moderation_queue(found, T))) == 4


def test_a_held_review_is_never_folded_into_a_hint_group():
    ring = signal("new_account_burst", 0.9, ["r1", "r2"], ["h1", "h2"])
    hints = [burst(["r1", "r2", "r3"], ["h1", "h2", "x"]), household(["r2", "r3"], ["h1", "h2"])]
    # the same accounts' hints on another requester do not join the holding entry either
    elsewhere = [
        burst(["r7"], ["h1", "y"], OTHER_LAB, "2026-02-09"),
        household(["r7", "r8"], ["h1", "h2"], OTHER_LAB, "2026-02-09"),
    ]

    queue = moderation_queue([*hints, ring, *elsewhere], T)

    holding = [e for e in queue if any(d.holds(T) for d in e.signals)]
    assert [e.detections for e in holding] == [(ring,)]
    assert holding[0].folded_hints == ()  # r3 is not held: the hints are not about it alone
    assert all(ring not in e.signals for e in queue if e is not holding[0])
    [hint_entry] = [e for e in entries(queue) if e is not holding[0]]
    assert set(hint_entry.detections) == {*hints, *elsewhere}


def test_hints_about_held_reviews_only_are_listed_in_the_holding_entry():
    ring = signal("new_account_burst", 0.9, ["r1", "r2"], ["a", "b"])
    hint = burst(["r1", "r2"], ["a", "b"])

    [entry] = moderation_queue([ring, hint], T)

    assert entry.detections == (ring,) and entry.folded_hints == (hint,)
    assert entry.kinds == ("burst", "new_account_burst")


def test_every_signal_is_in_the_queue_exactly_once():
    rng = random.Random(12)
    kinds = ["burst", "shared_network", "near_duplicate", "consensus_outlier", "rating_swing"]
    found = []
    for _ in range(300):
        found.append(
            signal(
                rng.choice([*kinds, "mass_flagging"]),
                rng.choice([0.4, 0.6, 0.8]),
                [f"r{rng.randrange(200)}" for _ in range(rng.randint(1, 4))],
                [f"a{rng.randrange(60)}" for _ in range(rng.randint(1, 4))],
                rng.choice([LAB, OTHER_LAB]),
                f"2026-02-{rng.randint(1, 9):02d}",
            )
        )

    queue = moderation_queue(found, T)

    listed = Counter(id(d) for e in queue for d in e.signals)
    assert sorted(listed.values()) == [1] * len(found)
    assert set(listed) == {id(d) for d in found}
    assert all(
        not any(d.holds(T) for d in e.signals) for e in queue if e.collapsed
    )  # held reviews never sit in a collapsed group

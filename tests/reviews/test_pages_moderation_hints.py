"""The moderation queue page groups abuse hints as reviews/abuse/queue.py does: a group
where two kinds met is shown as worth a look and expands to every one of its signals, the
same accounts' groups on other requesters join it, and a holding signal stays in the
decision list, never in a hint group."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import AbuseSignal
from tests.factories import ReviewFactory, UserFactory
from tests.reviews.moderation_cast import with_role

pytestmark = pytest.mark.django_db

QUEUE = reverse("reviews:moderation_queue")


@pytest.fixture
def mod_client(db):
    client = Client()
    client.force_login(with_role(UserFactory(pseudonym="lamplighter"), "moderator"))
    return client


def hint(kind, number, reviews, accounts, requester, day, holds=False):
    signal = AbuseSignal.objects.create(
        kind=kind,
        strength=0.9 if holds else 0.5,
        evidence=f"evidence {number}",
        fingerprint=f"fp{number}",
        holds_reviews=holds,
        details={"requester": list(requester), "start": f"{day}T10:00:00+00:00"},
    )
    signal.reviews.add(*reviews)
    signal.accounts.add(*accounts)
    return signal


def worth_a_look(page: str) -> list[str]:
    """The groups listed as worth a look, each as its HTML."""
    listing = page.split('<ul class="hint-groups">', 1)[1].split('<details class="hints">')[0]
    return re.findall(r'<details class="hint-group">(.*?)</details>', listing, re.S)


def test_a_group_of_two_kinds_expands_to_all_its_signals_and_joins_the_same_accounts(
    mod_client,
):
    house = [UserFactory() for _ in range(3)]
    reviews = [ReviewFactory(author=a) for a in house]
    other = ReviewFactory()
    lab, other_lab = ("mturk", "A1"), ("prolific", "P7")
    group = [
        hint("burst", 1, [*reviews, other], [*house, other.author], lab, "2026-02-01"),
        hint("shared_network", 2, reviews, house, lab, "2026-02-01"),
        # the same household during another requester's batch, a week later
        hint("burst", 3, reviews[:2], house[:2], other_lab, "2026-02-08"),
        hint("shared_network", 4, reviews[:2], house[:2], other_lab, "2026-02-08"),
    ]
    lone = hint("burst", 5, [other], [other.author], lab, "2026-02-03")
    held = hint("new_account_burst", 6, reviews[:1], house[:1], lab, "2026-02-01", holds=True)

    page = mod_client.get(QUEUE, {"queue": "signals"}).content.decode()

    [entry] = worth_a_look(page)
    assert "several requesters, 2026-02-01, 2026-02-08: burst + shared_network" in entry
    assert "(4 signals)" in entry
    for number, signal in enumerate(group, 1):
        assert reverse("reviews:moderation_signal", args=[signal.pk]) in entry
        assert f"evidence {number}" in entry
    assert reverse("reviews:moderation_signal", args=[lone.pk]) not in entry
    assert reverse("reviews:moderation_signal", args=[held.pk]) not in entry
    folded = page.split('<details class="hints">', 1)[1]
    assert reverse("reviews:moderation_signal", args=[lone.pk]) in folded
    assert "(1 group)" in folded
    assert reverse("reviews:moderation_signal", args=[held.pk]) not in folded
    decisions = page.split("Hints worth a look", 1)[0]
    assert "new_account_burst #" in decisions and "holds reviews" in decisions


def test_hints_on_different_days_are_not_worth_a_look_together(mod_client):
    house = [UserFactory() for _ in range(3)]
    reviews = [ReviewFactory(author=a) for a in house]
    hint("burst", 1, reviews, house, ("mturk", "A1"), "2026-02-01")
    hint("shared_network", 2, reviews, house, ("mturk", "A1"), "2026-02-02")

    page = mod_client.get(QUEUE, {"queue": "signals"}).content.decode()

    assert "Hints worth a look" not in page
    assert "(2 groups)" in page


def test_hints_past_a_page_are_on_older_hint_pages_most_recent_first(mod_client, monkeypatch):
    monkeypatch.setattr("reviews.selectors.moderation.HINTS_PER_PAGE", 2)
    signals = [
        hint("burst", n, [ReviewFactory()], [UserFactory()], ("mturk", f"A{n}"), f"2026-02-0{n}")
        for n in (1, 2, 3)
    ]  # created in this order: signal 3 is the most recent
    link = {n: reverse("reviews:moderation_signal", args=[s.pk]) for n, s in enumerate(signals, 1)}

    first = mod_client.get(QUEUE, {"queue": "signals"}).content.decode()
    older = mod_client.get(QUEUE, {"queue": "signals", "hints": "2"}).content.decode()
    past_the_end = mod_client.get(QUEUE, {"queue": "signals", "hints": "9"}).content.decode()
    not_a_number = mod_client.get(QUEUE, {"queue": "signals", "hints": "x"}).content.decode()

    assert link[3] in first and link[2] in first and link[1] not in first
    assert "Hints 1–2 of 3" in first
    assert 'href="?queue=signals&amp;hints=2" rel="next">Older hints' in first
    assert "Newer hints" not in first
    assert link[1] in older and link[2] not in older and link[3] not in older
    assert "Hints 3–3 of 3" in older
    assert 'href="?queue=signals&amp;hints=1" rel="prev">Newer hints' in older
    assert "Older hints" not in older
    assert link[1] in past_the_end  # the last page
    assert link[3] in not_a_number and link[1] not in not_a_number


def test_one_page_of_hints_shows_no_hint_pages(mod_client):
    hint("burst", 1, [ReviewFactory()], [UserFactory()], ("mturk", "A1"), "2026-02-01")

    page = mod_client.get(QUEUE, {"queue": "signals"}).content.decode()

    assert "Hint pages" not in page and "Older hints" not in page


def test_the_signals_page_counts_the_open_hints_once(mod_client):
    """A flood of hints makes the COUNT of open hints the page's slowest query: the queue's
    counts and the hint page share one."""
    hint("burst", 1, [ReviewFactory()], [UserFactory()], ("mturk", "A1"), "2026-02-01")
    hint("burst", 2, [ReviewFactory()], [UserFactory()], ("mturk", "A2"), "2026-02-02")

    with CaptureQueriesContext(connection) as queries:
        page = mod_client.get(QUEUE, {"queue": "signals"}).content.decode()

    hint_counts = [  # open signals that need no decision: NOT (holds or mass flagging)
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT(")
        and '"reviews_abusesignal"' in q["sql"]
        and "AND NOT (" in q["sql"]
    ]
    assert "evidence 1" in page and "evidence 2" in page
    assert len(hint_counts) == 1, hint_counts

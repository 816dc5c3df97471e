"""Who may clear or confirm an abuse signal, at the service and on the web pages: moderators
and admins with no stake in it; everyone else is refused and nothing changes or is logged.
And the signal page shows accounts by pseudonym only."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from reviews.models import AbuseSignal, Dispute, ModerationAction, Review
from reviews.services.abuse import signal_clear, signal_confirm
from tests.factories import ReviewFactory, UserFactory
from tests.reviews.abuse_flow_cast import held_signal
from tests.reviews.moderation_cast import (
    MODERATORS,
    PERSONAS,
    approved_claim,
    cast_make,
    with_role,
)

pytestmark = pytest.mark.django_db

REASON = "Three accounts on one network praising one lab."
OPERATIONS = {
    "clear": lambda signal, actor: signal_clear(signal=signal, moderator=actor, reason=REASON),
    "confirm": lambda signal, actor: signal_confirm(signal=signal, moderator=actor, reason=REASON),
}
OUTCOME = {"clear": Review.Status.PUBLISHED, "confirm": Review.Status.HIDDEN}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_each_persona_gets_exactly_the_allowed_outcome_from_the_service(operation, persona):
    cast = cast_make()
    signal = held_signal(cast.review, ReviewFactory(requester=cast.requester))

    if persona in MODERATORS:
        OPERATIONS[operation](signal, cast[persona])
        signal.refresh_from_db()
        assert signal.status == ("cleared" if operation == "clear" else "confirmed")
        assert Review.objects.get(pk=cast.review.pk).status == OUTCOME[operation]
        assert ModerationAction.objects.get().actor == cast[persona]
    else:
        with pytest.raises(PermissionDenied):
            OPERATIONS[operation](signal, cast[persona])
        signal.refresh_from_db()
        assert signal.status == AbuseSignal.Status.OPEN
        assert Review.objects.get(pk=cast.review.pk).status == Review.Status.HELD
        assert not ModerationAction.objects.exists()


def _moderator_with_stake(cast, stake: str):
    moderator = with_role(UserFactory(pseudonym=f"mod-{stake}"), "moderator")
    if stake == "own_review":
        review = ReviewFactory(author=moderator, requester=cast.requester)
    else:
        review = cast.review
    signal = held_signal(review, ReviewFactory(requester=cast.requester))
    if stake == "named_account":
        signal.accounts.add(moderator)
    elif stake == "represents":
        approved_claim(moderator, cast.requester)
    elif stake == "disputed":
        Dispute.objects.create(
            review=cast.review, opened_by=moderator, ground="false", statement="Not true."
        )
    return moderator, signal


@pytest.mark.parametrize("stake", ["own_review", "named_account", "represents", "disputed"])
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_moderator_with_a_stake_in_the_signal_cannot_decide_it(operation, stake):
    cast = cast_make()
    moderator, signal = _moderator_with_stake(cast, stake)

    with pytest.raises(PermissionDenied, match="another moderator"):
        OPERATIONS[operation](signal, moderator)

    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.OPEN
    assert not ModerationAction.objects.exists()


def test_a_suspended_moderator_cannot_decide():
    cast = cast_make()
    moderator = cast["moderator"]
    moderator.profile.posting_suspended_until = timezone.now() + timedelta(days=2)
    moderator.profile.save()
    signal = held_signal(cast.review)

    with pytest.raises(PermissionDenied):
        signal_clear(signal=signal, moderator=moderator, reason=REASON)


# --- The web pages --------------------------------------------------------------------------


def _page(signal) -> str:
    return reverse("reviews:moderation_signal", args=[signal.pk])


def _decide(signal, decision: str) -> str:
    return reverse("reviews:moderation_signal_decide", args=[signal.pk, decision])


def _login(client, cast, persona: str):
    if persona != "stranger":
        client.force_login(cast[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_moderators_see_the_signal_page(client, persona):
    cast = cast_make()
    signal = held_signal(cast.review)
    _login(client, cast, persona)

    response = client.get(_page(signal))

    if persona == "stranger":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona in MODERATORS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("decision", ["clear", "confirm"])
def test_each_persona_gets_exactly_the_allowed_answer_from_the_decision_forms(
    client, decision, persona
):
    cast = cast_make()
    signal = held_signal(cast.review)
    _login(client, cast, persona)

    response = client.post(_decide(signal, decision), {"reason": REASON})

    signal.refresh_from_db()
    if persona in MODERATORS:
        assert response.status_code == 302 and response["Location"] == _page(signal)
        assert signal.status != AbuseSignal.Status.OPEN
        assert ModerationAction.objects.get().actor == cast[persona]
    else:
        assert response.status_code == (302 if persona == "stranger" else 403)
        assert signal.status == AbuseSignal.Status.OPEN
        assert not ModerationAction.objects.exists()


def test_the_signal_page_shows_evidence_reviews_and_pseudonyms_but_no_email_or_network(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    signal.details = {"network": "f" * 64}
    signal.save()
    client.force_login(cast["moderator"])

    page = client.get(_page(signal)).content.decode()

    assert signal.evidence in page
    assert reverse("reviews:moderation_case", args=[cast.review.pk]) in page
    assert "the-author" in page
    assert cast["author"].email not in page
    assert "f" * 64 not in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.count('name="reason"') == 2 and "required" in page


def test_the_signal_page_tells_a_moderator_with_a_stake_to_leave_it_to_another(client):
    cast = cast_make()
    moderator, signal = _moderator_with_stake(cast, "own_review")
    client.force_login(moderator)

    page = client.get(_page(signal)).content.decode()

    assert "another moderator must decide it" in page
    assert _decide(signal, "clear") not in page


def test_a_decision_without_a_reason_changes_nothing_and_says_why(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    client.force_login(cast["moderator"])

    response = client.post(_decide(signal, "clear"), {"reason": ""}, follow=True)

    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.OPEN
    assert "Give a reason" in response.content.decode()


def test_confirming_on_the_web_can_suspend_until_a_date(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    client.force_login(cast["moderator"])
    day = (timezone.now() + timedelta(days=10)).date()

    client.post(_decide(signal, "confirm"), {"reason": REASON, "suspend_until": day.isoformat()})

    profile = cast["author"].profile
    profile.refresh_from_db()
    assert profile.posting_suspended_until.date() == day
    assert Review.objects.get(pk=cast.review.pk).status == Review.Status.HIDDEN


def test_the_queue_links_each_signal_to_its_page(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    client.force_login(cast["moderator"])

    page = client.get(reverse("reviews:moderation_queue") + "?queue=signals").content.decode()

    assert _page(signal) in page


def test_a_decided_signal_page_shows_who_decided_and_offers_no_forms(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    signal_clear(signal=signal, moderator=cast["moderator"], reason=REASON)
    client.force_login(cast["admin"])

    page = client.get(_page(signal)).content.decode()

    assert "Cleared by a moderator" in page and "lamplighter" in page
    assert _decide(signal, "clear") not in page and _decide(signal, "confirm") not in page

"""The abuse-signal endpoints: GET /api/v1/abuse-signals, POST …/{id}/clear and …/confirm.
Moderators only (no token 401, anyone else 403), the same rules as the services, pseudonyms
only, and documented in the OpenAPI schema."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import AbuseSignal, ModerationAction, Review
from reviews.services.tokens import token_create
from tests.factories import ReviewFactory, UserFactory
from tests.reviews.abuse_flow_cast import held_signal
from tests.reviews.moderation_cast import MODERATORS, PERSONAS, cast_make, with_role

pytestmark = pytest.mark.django_db

REASON = "Three accounts on one network praising one lab."
LIST = reverse("api:abuse-signals")
_token_names = itertools.count()


def _send(client, user, method: str, url: str, body: dict | None = None):
    headers = {}
    if user is not None and user.is_authenticated:
        secret = token_create(user=user, name=f"t{next(_token_names)}")[1]
        headers["Authorization"] = f"Token {secret}"
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def _url(signal, decision: str) -> str:
    return reverse(f"api:abuse-signal-{decision}", args=[signal.pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("decision", ["clear", "confirm"])
def test_each_persona_gets_exactly_the_allowed_answer_from_each_decision(client, decision, persona):
    cast = cast_make()
    signal = held_signal(cast.review)

    response = _send(client, cast[persona], "post", _url(signal, decision), {"reason": REASON})

    signal.refresh_from_db()
    if persona == "stranger":
        assert response.status_code == 401
    elif persona in MODERATORS:
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == signal.status != AbuseSignal.Status.OPEN
        assert ModerationAction.objects.get().actor == cast[persona]
        return
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert signal.status == AbuseSignal.Status.OPEN
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_moderators_list_the_signals(client, persona):
    cast = cast_make()
    held_signal(cast.review)

    response = _send(client, cast[persona], "get", LIST)

    expected = 401 if persona == "stranger" else (200 if persona in MODERATORS else 403)
    assert response.status_code == expected


def test_the_list_shows_evidence_reviews_and_pseudonyms_but_no_email_or_network(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    signal.details = {"network": "f" * 64}
    signal.save()

    response = _send(client, cast["moderator"], "get", LIST)

    body = response.json()
    assert body["count"] == 1
    [item] = body["results"]
    assert (item["id"], item["kind"], item["status"], item["holds_reviews"]) == (
        signal.pk,
        "shared_network",
        "open",
        True,
    )
    assert item["evidence"] == signal.evidence
    assert item["accounts"] == ["the-author"]
    assert item["reviews"][0]["id"] == cast.review.pk
    assert item["reviews"][0]["status"] == "held"
    assert item["reviews"][0]["author"] == "the-author"
    text = response.content.decode()
    assert cast["author"].email not in text and "f" * 64 not in text
    assert "details" not in item


def test_the_list_filters_by_status(client):
    cast = cast_make()
    open_signal = held_signal(cast.review)
    cleared = held_signal(ReviewFactory(), kind="near_duplicate")
    AbuseSignal.objects.filter(pk=cleared.pk).update(status=AbuseSignal.Status.CLEARED)
    moderator = cast["moderator"]

    def ids(query: str) -> list[int]:
        return [s["id"] for s in _send(client, moderator, "get", LIST + query).json()["results"]]

    assert ids("") == [open_signal.pk]
    assert ids("?status=cleared") == [cleared.pk]
    assert sorted(ids("?status=all")) == sorted([open_signal.pk, cleared.pk])
    assert _send(client, moderator, "get", LIST + "?status=maybe").status_code == 400


def test_clearing_over_the_api_returns_the_reviews(client):
    cast = cast_make()
    signal = held_signal(cast.review)

    response = _send(client, cast["moderator"], "post", _url(signal, "clear"), {"reason": REASON})

    assert response.status_code == 200
    assert response.json()["decided_by"] == "lamplighter"
    assert response.json()["reviews"][0]["status"] == "published"
    assert Review.objects.get(pk=cast.review.pk).status == Review.Status.PUBLISHED


def test_confirming_over_the_api_hides_and_suspends(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    until = (timezone.now() + timedelta(days=14)).replace(microsecond=0)

    response = _send(
        client,
        cast["admin"],
        "post",
        _url(signal, "confirm"),
        {"reason": REASON, "suspend_until": until.isoformat()},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "confirmed"
    assert Review.objects.get(pk=cast.review.pk).status == Review.Status.HIDDEN
    cast["author"].profile.refresh_from_db()
    assert cast["author"].profile.posting_suspended_until == until


def test_a_decision_without_a_reason_is_refused(client):
    cast = cast_make()
    signal = held_signal(cast.review)

    response = _send(client, cast["moderator"], "post", _url(signal, "clear"), {"reason": ""})

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.OPEN


def test_deciding_twice_is_refused(client):
    cast = cast_make()
    signal = held_signal(cast.review)
    _send(client, cast["moderator"], "post", _url(signal, "clear"), {"reason": REASON})

    response = _send(client, cast["admin"], "post", _url(signal, "confirm"), {"reason": REASON})

    assert response.status_code == 400 and response.json()["code"] == "refused"
    assert Review.objects.get(pk=cast.review.pk).status == Review.Status.PUBLISHED


def test_a_moderator_cannot_decide_a_signal_involving_their_own_review(client):
    moderator = with_role(UserFactory(pseudonym="mod-author"), "moderator")
    signal = held_signal(ReviewFactory(author=moderator))

    response = _send(client, moderator, "post", _url(signal, "clear"), {"reason": REASON})

    assert response.status_code == 403
    assert "your own review" in response.json()["detail"]


def test_an_unknown_signal_is_404(client):
    moderator = with_role(UserFactory(), "moderator")

    response = _send(client, moderator, "post", "/api/v1/abuse-signals/999/clear", {"reason": "x"})

    assert response.status_code == 404


def test_the_endpoints_are_documented_with_examples(client):
    schema = client.get(reverse("api:schema") + "?format=json").json()

    for path, method in [
        ("/api/v1/abuse-signals", "get"),
        ("/api/v1/abuse-signals/{signal_id}/clear", "post"),
        ("/api/v1/abuse-signals/{signal_id}/confirm", "post"),
    ]:
        operation = schema["paths"][path][method]
        assert operation["summary"]
        assert {"401", "403"} <= set(operation["responses"])
        assert "examples" in operation["responses"]["200"]["content"]["application/json"]

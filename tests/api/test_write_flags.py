"""POST /api/v1/reviews/{id}/flags: once per worker, a listed reason, never your own review,
and the answer says nothing about other flaggers."""

import pytest
from django.urls import reverse

from api import throttles
from reviews.models import Flag, Review
from reviews.services.flags import flag_create
from reviews.services.tokens import token_create
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Write counters are per user id, and ids repeat between tests."""
    throttles.reset()


def flags_url(review) -> str:
    return reverse("api:review-flags", args=[review.pk])


@pytest.fixture
def review(other_worker):
    """A published review by someone else than the flagging worker."""
    return ReviewFactory(author=other_worker)


@pytest.fixture
def api(client, author):
    """Sends JSON as `author` (the flagging worker here), with their token."""
    secret = token_create(user=author, name="Firefox")[1]

    def send(url: str, body: dict):
        return client.post(
            url, body, content_type="application/json", headers={"Authorization": f"Token {secret}"}
        )

    return send


def test_a_worker_flags_a_review(api, review, author):
    response = api(flags_url(review), {"reason": "disclosure", "explanation": "Gives the code."})

    assert response.status_code == 201
    flag = Flag.objects.get()
    assert (flag.review, flag.flagger, flag.reason) == (review, author, "disclosure")
    body = response.json()
    assert body["id"] == flag.pk
    assert body["review_id"] == review.pk
    assert (body["reason"], body["explanation"], body["status"]) == (
        "disclosure",
        "Gives the code.",
        "open",
    )


def test_the_answer_never_names_other_flaggers(api, review):
    earlier = UserFactory(pseudonym="earlier-flagger")
    flag_create(review=review, flagger=earlier, reason=Flag.Reason.SPAM, explanation="Spam!")

    response = api(flags_url(review), {"reason": "insult"})

    text = response.content.decode()
    assert response.status_code == 201
    assert "earlier-flagger" not in text
    assert earlier.email not in text
    assert "Spam!" not in text
    assert set(response.json()) == {
        "id",
        "review_id",
        "reason",
        "explanation",
        "status",
        "created_at",
    }


def test_a_second_flag_by_the_same_worker_gets_409(api, review):
    first = api(flags_url(review), {"reason": "spam"}).json()

    response = api(flags_url(review), {"reason": "insult"})

    assert response.status_code == 409
    assert response.json()["code"] == "flag_exists"
    assert response.json()["flag"] == {"id": first["id"]}
    assert Flag.objects.count() == 1
    assert Flag.objects.get().reason == "spam"


def test_other_without_an_explanation_gets_400_on_the_explanation(api, review):
    response = api(flags_url(review), {"reason": "other", "explanation": "  "})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["explanation"]
    assert not Flag.objects.exists()


def test_other_with_an_explanation_is_accepted(api, review):
    response = api(flags_url(review), {"reason": "other", "explanation": "Posted twice."})

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "boring"}, "reason"),
        ({}, "reason"),
        ({"reason": "spam", "explanation": "x" * 1001}, "explanation"),
        ({"reason": "spam", "flagger": 1}, "flagger"),
    ],
)
def test_invalid_flags_get_field_errors(api, review, body, field):
    response = api(flags_url(review), body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Flag.objects.exists()


def test_a_worker_cannot_flag_their_own_review(api, author):
    own = ReviewFactory(author=author)

    response = api(flags_url(own), {"reason": "spam"})

    assert response.status_code == 403
    assert "your own review" in response.json()["detail"]
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    "status", [Review.Status.WITHDRAWN, Review.Status.HIDDEN, Review.Status.HELD]
)
def test_a_review_not_published_cannot_be_flagged(api, other_worker, status):
    hidden = ReviewFactory(author=other_worker, status=status)

    response = api(flags_url(hidden), {"reason": "spam"})

    assert response.status_code == 404
    assert not Flag.objects.exists()


def test_an_unknown_review_gets_404(api):
    response = api(reverse("api:review-flags", args=[999999]), {"reason": "spam"})

    assert response.status_code == 404

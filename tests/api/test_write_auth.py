"""Who may write through the API: token holders who may post; everyone else is refused,
and nothing is written. Also: cookies never authenticate, CORS never allows credentials."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.settings import api_settings

from api import throttles
from reviews.models import Flag, Review
from reviews.services.reviews import review_create
from reviews.services.tokens import token_create, token_revoke
from tests.factories import ReviewFactory, UserFactory, review_fields

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Write counters are per user id, and ids repeat between tests."""
    throttles.reset()


def api_fields(**overrides) -> dict:
    """A valid JSON body for POST /api/v1/reviews."""
    return {
        "platform": "mturk",
        "requester_id": "A9Z8Y7X6W5V4U3",
        "requester_name": "Survey Lab",
        "task_title": "Ten-minute survey",
        "reward": "1.50",
        "time_worked_seconds": 600,
        "outcome": "approved",
        **overrides,
    }


def send(client, method: str, url: str, body: dict, secret: str | None = None, **headers):
    if secret is not None:
        headers["Authorization"] = f"Token {secret}"
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


@pytest.fixture
def others_review(other_worker):
    """A published review by someone else: the one the acting worker PATCHes or flags."""
    return ReviewFactory(author=other_worker)


# Each write endpoint, as (method, url, body) for an acting worker and a review by another.
ENDPOINTS = {
    "post review": lambda review: ("post", reverse("api:review-create"), api_fields()),
    "patch review": lambda review: (
        "patch",
        reverse("api:review-update", args=[review.pk]),
        {"text": "Changed"},
    ),
    "flag review": lambda review: (
        "post",
        reverse("api:review-flags", args=[review.pk]),
        {"reason": "spam"},
    ),
}


def nothing_written(review) -> bool:
    review.refresh_from_db()
    return Review.objects.count() == 1 and review.text != "Changed" and not Flag.objects.exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_stranger_without_a_token_gets_401(client, others_review, endpoint):
    method, url, body = ENDPOINTS[endpoint](others_review)

    response = send(client, method, url, body)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"
    assert nothing_written(others_review)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("secret", ["lnt_not-a-real-token-at-all-000000000000000", "garbage"])
def test_an_unknown_token_gets_401(client, others_review, endpoint, secret):
    method, url, body = ENDPOINTS[endpoint](others_review)

    response = send(client, method, url, body, secret=secret)

    assert response.status_code == 401
    assert "Invalid or revoked API token" in response.json()["detail"]
    assert nothing_written(others_review)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_revoked_token_gets_401(client, author, others_review, endpoint):
    token, secret = token_create(user=author, name="Firefox")
    token_revoke(token=token, actor=author)
    method, url, body = ENDPOINTS[endpoint](others_review)

    response = send(client, method, url, body, secret=secret)

    assert response.status_code == 401
    assert nothing_written(others_review)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_logged_in_browser_without_a_token_cannot_write(client, author, others_review, endpoint):
    client.force_login(author)
    method, url, body = ENDPOINTS[endpoint](others_review)

    response = send(client, method, url, body)

    assert response.status_code == 401
    assert nothing_written(others_review)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unverified_worker_gets_403_with_the_reason(client, others_review, endpoint):
    _, secret = token_create(user=UserFactory(verified=False), name="Firefox")
    method, url, body = ENDPOINTS[endpoint](others_review)

    response = send(client, method, url, body, secret=secret)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Verify your e-mail address before posting.",
        "code": "permission_denied",
    }
    assert nothing_written(others_review)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_suspended_worker_gets_403_with_the_reason(client, author, others_review, endpoint):
    author.profile.posting_suspended_until = timezone.now() + timedelta(days=3)
    author.profile.save()
    _, secret = token_create(user=author, name="Firefox")
    method, url, body = ENDPOINTS[endpoint](others_review)

    response = send(client, method, url, body, secret=secret)

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Your posting is suspended until")
    assert nothing_written(others_review)


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token", "bearer"])
def test_token_and_bearer_headers_both_authenticate(client, author, keyword):
    _, secret = token_create(user=author, name="Firefox")

    response = client.post(
        reverse("api:review-create"),
        api_fields(),
        content_type="application/json",
        headers={"Authorization": f"{keyword} {secret}"},
    )

    assert response.status_code == 201
    assert Review.objects.get().author == author


def test_a_token_header_with_spaces_in_the_secret_gets_401(client, author):
    _, secret = token_create(user=author, name="Firefox")

    response = client.post(
        reverse("api:review-create"),
        api_fields(),
        content_type="application/json",
        headers={"Authorization": f"Token {secret} extra"},
    )

    assert response.status_code == 401
    assert "Malformed" in response.json()["detail"]
    assert not Review.objects.exists()


def test_another_authorization_scheme_is_not_a_token(client, author):
    response = client.post(
        reverse("api:review-create"),
        api_fields(),
        content_type="application/json",
        headers={"Authorization": "Basic dXNlcjpwYXNz"},
    )

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_cookie_and_a_token_together_act_as_the_tokens_owner(client, author, other_worker):
    client.force_login(other_worker)
    _, secret = token_create(user=author, name="Firefox")

    response = send(client, "post", reverse("api:review-create"), api_fields(), secret=secret)

    assert response.status_code == 201
    assert response.json()["author"] == "owner"


def test_the_api_answers_without_asking_for_a_csrf_token(author):
    browser = Client(enforce_csrf_checks=True)
    _, secret = token_create(user=author, name="Firefox")

    response = send(browser, "post", reverse("api:review-create"), api_fields(), secret=secret)

    assert response.status_code == 201


# --- cross-origin -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [reverse("api:review-create"), reverse("api:review-update", args=[1])]
)
def test_a_cross_origin_preflight_allows_the_token_header_but_never_credentials(client, url):
    response = client.options(
        url,
        headers={
            "Origin": "https://tasks.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )

    assert response.status_code == 200
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed
    assert "idempotency-key" in allowed
    assert response["Access-Control-Allow-Origin"] in ("*", "https://tasks.example.com")
    assert "Access-Control-Allow-Credentials" not in response


def test_a_cross_origin_write_answer_never_allows_credentials(client, author):
    _, secret = token_create(user=author, name="Firefox")

    response = send(
        client,
        "post",
        reverse("api:review-create"),
        api_fields(),
        secret=secret,
        Origin="https://tasks.example.com",
    )

    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" in response
    assert "Access-Control-Allow-Credentials" not in response


# --- rate limit ---------------------------------------------------------------------------


def test_writes_are_limited_per_user_with_retry_after(client, author, other_worker, monkeypatch):
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "write", "2/min")
    _, secret = token_create(user=author, name="Firefox")
    _, other_secret = token_create(user=other_worker, name="Firefox")
    review = review_create(author=author, **review_fields())
    url = reverse("api:review-update", args=[review.pk])

    answers = [send(client, "patch", url, {"text": f"Edit {n}"}, secret=secret) for n in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["code"] == "throttled"
    review.refresh_from_db()
    assert review.text == "Edit 1"
    other = send(client, "post", reverse("api:review-create"), api_fields(), secret=other_secret)
    assert other.status_code == 201

"""Attacks a security scanner, or a hostile worker, would try first, and what they get.

- another user's token: revoking it, listing it, or using a revoked one;
- an open redirect through `next=` after log-in;
- SQL metacharacters in the requester search;
- oversize and malformed bodies on the API's writes: a clear 4xx in JSON, nothing stored.
"""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reviews.models import ApiToken, Flag, HelpfulVote, Review
from reviews.services.tokens import token_create
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long unusual passphrase 42"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(user) -> APIClient:
    _token, secret = token_create(user=user, name="attack test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


# --- Tokens -----------------------------------------------------------------------------


def test_revoking_another_users_token_is_refused_and_changes_nothing():
    owner, attacker = UserFactory(), UserFactory()
    token, _secret = token_create(user=owner, name="owner's extension")

    response = logged_in(attacker).post(f"/account/tokens/{token.pk}/revoke/")

    assert response.status_code in (403, 404)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_list_shows_only_ones_own_tokens():
    owner, attacker = UserFactory(), UserFactory()
    token_create(user=owner, name="owner-secret-name")

    page = logged_in(attacker).get("/account/tokens/").content.decode()

    assert "owner-secret-name" not in page


def test_a_revoked_token_no_longer_authenticates():
    owner = UserFactory()
    token, secret = token_create(user=owner, name="to revoke")
    logged_in(owner).post(f"/account/tokens/{token.pk}/revoke/")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")

    response = client.get("/api/v1/me/export")

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert response.status_code == 401


def test_revoking_needs_a_post_with_csrf():
    owner = UserFactory()
    token, _secret = token_create(user=owner, name="kept")
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code in (302, 405)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


# --- Open redirect --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example"]
)
def test_log_in_never_redirects_off_the_site(target):
    user = UserFactory(email="redirect@example.org")
    user.set_password(PASSWORD)
    user.save()

    response = Client().post(
        f"/accounts/login/?next={target}", {"login": "redirect@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil.example" not in location


# --- Search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["' OR '1'='1", '"; DROP TABLE reviews_review; --', "%", "_", "\\", "Lab' --"]
)
def test_sql_metacharacters_in_search_are_only_text(query):
    RequesterFactory(display_name="Memory Lab")
    RequesterFactory(display_name="100% Pay Co")

    response = Client().get("/", {"q": query})

    assert response.status_code == 200
    page = response.content.decode()
    if query not in ("%", "_"):
        assert "Memory Lab" not in page  # no wildcard or injection matches everything
    assert Review.objects.model._meta.db_table  # the table is still there
    assert RequesterFactory._meta.model.objects.count() == 2


def test_a_percent_sign_matches_a_literal_percent_only():
    RequesterFactory(display_name="Memory Lab")
    RequesterFactory(display_name="100% Pay Co")

    page = Client().get("/", {"q": "%"}).content.decode()

    assert "100% Pay Co" in page and "Memory Lab" not in page


# --- API bodies -------------------------------------------------------------------------


def writes_on(review: Review) -> list[tuple[str, str]]:
    """The writes that name a review and read a body. Every API write with every kind of bad
    body, on the caller's own objects, is tests/integration/test_api_bad_bodies.py (generated
    from the OpenAPI schema); here the bodies are aimed at someone else's review."""
    return [
        ("patch", f"/api/v1/reviews/{review.pk}"),
        ("post", f"/api/v1/reviews/{review.pk}/flags"),
    ]


def stored_counts() -> tuple[int, int, int]:
    return Review.objects.count(), Flag.objects.count(), HelpfulVote.objects.count()


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[1, 2, 3]",
        '"just a string"',
        "null",
        json.dumps({"text": "x" * (3 * 1024 * 1024)}),  # past DATA_UPLOAD_MAX_MEMORY_SIZE
        "\xff\xfe binary",
    ],
    ids=["malformed", "array", "string", "null", "oversize", "not-utf8"],
)
def test_bad_bodies_aimed_at_another_users_review_get_a_json_4xx_and_store_nothing(body):
    author, other = UserFactory(), UserFactory()
    theirs = ReviewFactory(author=other)
    client = token_client(author)
    before = stored_counts()
    text_before = Review.objects.get(pk=theirs.pk).text

    for method, path in writes_on(theirs):
        response = getattr(client, method)(
            path,
            data=body.encode("latin-1") if body.startswith("\xff") else body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="attack-key",
        )
        assert 400 <= response.status_code < 500, (method, path, response.status_code)
        assert response["Content-Type"].startswith("application/json"), (method, path)
        assert "detail" in response.json(), (method, path)

    assert stored_counts() == before
    assert Review.objects.get(pk=theirs.pk).text == text_before


def test_patching_another_users_review_is_refused_and_changes_nothing():
    author, attacker = UserFactory(), UserFactory()
    review = ReviewFactory(author=author, text="My own words.")

    response = token_client(attacker).patch(
        f"/api/v1/reviews/{review.pk}", {"text": "Defaced."}, format="json"
    )

    assert response.status_code in (403, 404)
    assert Review.objects.get(pk=review.pk).text == "My own words."


def test_an_oversize_body_is_a_json_413_that_says_the_limit():
    client = token_client(UserFactory())

    response = client.post(
        "/api/v1/reviews",
        data=json.dumps({"text": "x" * (3 * 1024 * 1024)}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="big",
    )

    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert Review.objects.count() == 0


def test_a_site_page_refused_by_django_still_gets_its_html_400(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = Client().post("/accounts/login/", {f"f{n}": "x" for n in range(10)})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# --- Sessions ---------------------------------------------------------------------------


def test_a_stolen_session_stops_working_when_the_owner_changes_the_password():
    user = UserFactory(email="owner@example.org")
    user.set_password(PASSWORD)
    user.save()
    owner, thief = Client(), Client()
    assert owner.post("/accounts/login/", {"login": "owner@example.org", "password": PASSWORD})
    thief.cookies["sessionid"] = owner.cookies["sessionid"].value  # the stolen cookie
    assert thief.get("/account/").status_code == 200

    changed = owner.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": PASSWORD + " new", "password2": PASSWORD + " new"},
    )

    assert changed.status_code == 302
    assert owner.get("/account/").status_code == 200  # the changer stays logged in
    after = thief.get("/account/")
    assert after.status_code == 302 and "/accounts/login/" in after["Location"]

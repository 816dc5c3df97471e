"""The API token page: create, list and revoke tokens; the secret is shown once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import ApiToken
from reviews.services.tokens import token_authenticate, token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKENS = reverse("reviews:tokens")


def revoke_url(token) -> str:
    return reverse("reviews:token_revoke", args=[token.pk])


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def shown_secret(page: str) -> str:
    match = re.search(r'id="new-token-secret"[^>]*value="([^"]+)"', page)
    assert match, "the new secret is not on the page"
    return match.group(1)


def test_creating_a_token_shows_its_secret_once(author_client, author):
    created = author_client.post(TOKENS, {"name": "Firefox at home"})

    secret = shown_secret(created.content.decode())
    assert created.status_code == 200
    assert token_authenticate(secret=secret) == author
    later = author_client.get(TOKENS).content.decode()
    assert "Firefox at home" in later
    assert secret not in later
    assert 'id="new-token-secret"' not in later


def test_the_secret_is_kept_neither_in_the_session_nor_in_a_message(author_client):
    created = author_client.post(TOKENS, {"name": "Firefox"})
    secret = shown_secret(created.content.decode())

    session = author_client.session
    assert all(secret not in str(value) for value in session.values())
    assert secret not in author_client.get(reverse("reviews:home")).content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_token_page_is_never_cached(author_client, method):
    response = getattr(author_client, method)(TOKENS, {"name": "Firefox"})

    assert "no-store" in response["Cache-Control"]


def test_the_list_shows_name_prefix_dates_and_status_but_no_secret(author_client, author):
    active, active_secret = token_create(user=author, name="Firefox")
    revoked, _ = token_create(user=author, name="Old laptop")
    author_client.post(revoke_url(revoked))

    page = author_client.get(TOKENS).content.decode()

    assert "Firefox" in page and "Old laptop" in page
    assert f"{active.prefix}…" in page
    assert "Never" in page
    assert "Revoked" in page and "Active" in page
    assert active_secret not in page
    assert f'action="{revoke_url(active)}"' in page
    assert f'action="{revoke_url(revoked)}"' not in page


def test_a_worker_sees_only_their_own_tokens(author_client, other_worker):
    token_create(user=other_worker, name="Someone else's script")

    page = author_client.get(TOKENS).content.decode()

    assert "Someone else's script" not in page
    assert "You have no tokens yet." in page


def test_an_invalid_name_shows_an_error_and_creates_nothing(author_client):
    response = author_client.post(TOKENS, {"name": "x" * 101})

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert 'id="new-token-secret"' not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_duplicate_name_shows_the_services_message(author_client, author):
    token_create(user=author, name="Firefox")

    response = author_client.post(TOKENS, {"name": "Firefox"})

    assert "already have an active token with that name" in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_the_owner_revokes_a_token_and_it_stops_working(author_client, author):
    token, secret = token_create(user=author, name="Firefox")

    response = author_client.post(revoke_url(token))

    assert response.status_code == 302
    assert response.url == TOKENS
    assert token_authenticate(secret=secret) is None


def test_another_worker_cannot_revoke_a_token(client, author, other_worker):
    token, secret = token_create(user=author, name="Firefox")
    client.force_login(other_worker)

    response = client.post(revoke_url(token))

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token_authenticate(secret=secret) == author


def test_revoking_is_a_post_only(author_client, author):
    token, _ = token_create(user=author, name="Firefox")

    response = author_client.get(revoke_url(token))

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_for", [lambda token: TOKENS, revoke_url])
def test_anonymous_visitor_is_sent_to_log_in(stranger, author, method, url_for):
    token, _ = token_create(user=author, name="Firefox")

    response = getattr(stranger, method)(url_for(token), {"name": "Another"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("url_for", [lambda token: TOKENS, revoke_url])
def test_token_forms_refuse_a_post_without_a_csrf_token(author, url_for):
    token, _ = token_create(user=author, name="Firefox")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(author)

    response = browser.post(url_for(token), {"name": "Another"})

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_the_page_has_csrf_protected_forms(author_client, author):
    token_create(user=author, name="Firefox")

    page = author_client.get(TOKENS).content.decode()

    assert page.count('name="csrfmiddlewaretoken"') >= 3  # log out, create, revoke


def test_the_site_navigation_links_to_the_token_page_for_logged_in_workers(author_client):
    page = author_client.get(reverse("reviews:home")).content.decode()

    assert f'href="{TOKENS}"' in page


def test_the_navigation_has_no_token_link_for_visitors():
    page = Client().get(reverse("reviews:home")).content.decode()

    assert f'href="{TOKENS}"' not in page


def test_an_unverified_worker_can_make_a_token_and_is_told_posting_needs_verification(client):
    client.force_login(UserFactory(verified=False))

    response = client.post(TOKENS, {"name": "Firefox"})

    assert ApiToken.objects.count() == 1
    assert "needs a verified e-mail address" in response.content.decode()

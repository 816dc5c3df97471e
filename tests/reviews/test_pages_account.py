"""The account page and deleting the account from it: a session form with CSRF, the password
again, the reviews' fate chosen, refusals for everyone who must be refused."""

import logging

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from reviews.models import Review
from tests.own_data_cast import EMAIL, PASSWORD, make_life

pytestmark = pytest.mark.django_db

DELETE = reverse("reviews:account_delete")


@pytest.fixture
def life():
    return make_life()


@pytest.fixture
def worker_client(client, life):
    client.force_login(life.worker)
    return client


def still_there(user) -> bool:
    user.refresh_from_db()
    return user.is_active and EmailAddress.objects.filter(user=user).exists()


def test_the_form_asks_for_the_password_and_the_reviews_choice(worker_client):
    page = worker_client.get(DELETE).content.decode()

    assert 'type="password"' in page and 'name="password"' in page
    assert 'value="keep"' in page and 'value="withdraw"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_deleting_logs_out_and_erases_the_account(worker_client, life):
    response = worker_client.post(DELETE, {"password": PASSWORD, "reviews": "withdraw"})

    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not still_there(life.worker)
    assert "_auth_user_id" not in worker_client.session
    assert worker_client.get(reverse("reviews:account")).status_code == 302
    assert not Review.objects.filter(author=life.worker, status="published").exists()


def test_a_wrong_password_is_refused_and_nothing_changes(worker_client, life):
    response = worker_client.post(DELETE, {"password": "not it", "reviews": "keep"})

    assert response.status_code == 200
    assert "That is not your password; nothing was deleted." in response.content.decode()
    assert still_there(life.worker)


def test_the_reviews_choice_is_required(worker_client, life):
    response = worker_client.post(DELETE, {"password": PASSWORD})

    assert "This field is required." in response.content.decode()
    assert still_there(life.worker)


def test_guessing_the_password_is_rate_limited(worker_client, life):
    for _ in range(10):
        worker_client.post(DELETE, {"password": "guess", "reviews": "keep"})

    response = worker_client.post(DELETE, {"password": PASSWORD, "reviews": "keep"})

    assert "Too many attempts" in response.content.decode()
    assert still_there(life.worker)


def test_the_form_needs_the_csrf_token(life):
    client = Client(enforce_csrf_checks=True)
    client.force_login(life.worker)

    response = client.post(DELETE, {"password": PASSWORD, "reviews": "keep"})

    assert response.status_code == 403
    assert still_there(life.worker)


def test_an_anonymous_visitor_is_sent_to_log_in(client, life):
    for url in (DELETE, reverse("reviews:account")):
        response = client.post(url, {"password": PASSWORD, "reviews": "keep"})
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert still_there(life.worker)


def test_a_moderator_is_told_to_hand_the_role_over(client, life):
    client.force_login(life.moderator)

    shown = client.get(DELETE)
    posted = client.post(DELETE, {"password": PASSWORD, "reviews": "keep"})

    assert shown.status_code == posted.status_code == 403
    assert "hand your role over" in posted.content.decode()
    assert 'name="password"' not in posted.content.decode()
    assert still_there(life.moderator)
    account_page = client.get(reverse("reviews:account")).content.decode()
    assert "hand your role over" in account_page


def test_the_whole_request_logs_no_address(worker_client, caplog):
    with caplog.at_level(logging.DEBUG):
        worker_client.post(DELETE, {"password": PASSWORD, "reviews": "keep"})

    assert caplog.records
    text = "\n".join(record.getMessage() for record in caplog.records).casefold()
    assert EMAIL.casefold() not in text
    assert "jane.doe" not in text

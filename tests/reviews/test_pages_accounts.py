"""Accounts through allauth, as a newcomer meets them: sign up, verify, post."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from reviews.models import Review
from tests.reviews.test_pages_writing import form_data

pytestmark = pytest.mark.django_db

EMAIL = "newcomer.private@example.org"


def sign_up(client, **overrides):
    data = {
        "email": EMAIL,
        "password1": "a long unusual passphrase 42",
        "password2": "a long unusual passphrase 42",
        "pseudonym": "nightowl",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def confirmation_link() -> str:
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", message.body).group(1)


def test_signup_verify_and_post_a_review_end_to_end(client):
    signed_up = sign_up(client)

    assert signed_up.status_code == 302
    assert mail.outbox[0].to == [EMAIL]
    refused = client.post(reverse("reviews:review_new"), form_data())
    assert refused.status_code in (302, 403)  # not logged in yet, or logged in but unverified
    assert Review.objects.count() == 0

    link = confirmation_link()
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302

    home = client.get(reverse("reviews:home")).content.decode()
    assert "nightowl" in home
    assert EMAIL not in home
    posted = client.post(reverse("reviews:review_new"), form_data(), follow=True)
    review = Review.objects.get()
    assert review.author.profile.pseudonym == "nightowl"
    page = posted.content.decode()
    assert "nightowl" in page
    assert EMAIL not in page
    assert EMAIL not in client.get(reverse("reviews:my_reviews")).content.decode()


def test_signup_shows_the_pseudonym_field_with_a_label(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert '<label for="id_pseudonym">' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_signup_refuses_an_email_address_as_pseudonym(client):
    response = sign_up(client, pseudonym="me@example.org")

    assert response.status_code == 200
    assert "pseudonym" in response.context["form"].errors
    assert len(mail.outbox) == 0


def test_pages_after_signup_never_show_the_email_address(client):
    # A different address from the other tests: allauth rate-limits confirmation mails per
    # address, in the cache.
    sent = sign_up(client, email="quiet.cat.private@example.org", pseudonym="quietcat")

    page = client.get(sent.url).content.decode()  # "verification sent"
    confirm = client.get(confirmation_link()).content.decode()

    assert "quiet.cat.private" not in page
    assert "quiet.cat.private" not in confirm
    assert "quietcat" in confirm


def test_navigation_shows_the_pseudonym_and_a_log_out_form_not_the_email(client, author):
    client.force_login(author)

    page = client.get(reverse("reviews:home")).content.decode()

    assert 'Signed in as <strong class="pseudonym">owner</strong>' in page
    assert f'action="{reverse("account_logout")}"' in page
    assert author.email not in page


def test_navigation_offers_log_in_and_sign_up_to_a_stranger(stranger):
    page = stranger.get(reverse("reviews:home")).content.decode()

    assert f'href="{reverse("account_login")}"' in page
    assert f'href="{reverse("account_signup")}"' in page
    assert "Log out" not in page


def test_account_pages_use_the_site_layout(client):
    page = client.get(reverse("account_login")).content.decode()

    assert '<nav aria-label="Main">' in page
    assert "reviews/site.css" in page
    assert '<main id="main"' in page

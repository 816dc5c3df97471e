"""Guessing at accounts: enumeration through sign-up, log-in and password reset, and the
log-in rate limits (allauth's, keyed by account and by the hashed client address)."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
WRONG = "wrong password"
KNOWN = "known@example.org"
UNKNOWN = "nobody-here@example.org"
REFUSED = "Too many failed login attempts"


class TimingHasher(PBKDF2PasswordHasher):
    """Slow enough that a hash outweighs the rest of a request, fast enough for a test."""

    algorithm = "pbkdf2_timing_test"
    iterations = 60_000


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def known():
    return UserFactory(email=KNOWN)


def page_text(response, email: str) -> str:
    """The answer with what legitimately differs taken out: the echoed address, the token."""
    text = response.content.decode()
    text = text.replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def log_in(email: str, password: str = WRONG, address: str = "127.0.0.1"):
    return Client().post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


# --- Enumeration ----------------------------------------------------------------------------


def test_log_in_answers_alike_for_a_known_and_an_unknown_address(known):
    for_known, for_unknown = log_in(KNOWN), log_in(UNKNOWN)

    assert for_known.status_code == for_unknown.status_code == 200
    assert page_text(for_known, KNOWN) == page_text(for_unknown, UNKNOWN)


def test_password_reset_answers_alike_for_a_known_and_an_unknown_address(known):
    answers = [
        Client().post(reverse("account_reset_password"), {"email": email})
        for email in (KNOWN, UNKNOWN)
    ]

    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    pages = [Client().get(a["Location"]) for a in answers]
    assert pages[0].content == pages[1].content


def test_sign_up_answers_alike_for_a_taken_and_a_free_address(known):
    answers = [
        Client().post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "pseudonym": name},
        )
        for email, name in ((KNOWN, "latecomer"), (UNKNOWN, "firstcomer"))
    ]

    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]


def _seconds(email: str) -> float:
    caches["default"].clear()  # the rate limits must not cut the attempts short
    start = time.perf_counter()
    log_in(email)
    return time.perf_counter() - start


def test_log_in_with_an_unknown_address_takes_as_long_as_with_a_wrong_password(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.TimingHasher"]
    UserFactory(email=KNOWN)  # hashed with the slow hasher
    log_in(KNOWN), log_in(UNKNOWN)  # warm up

    # Measured in pairs, one right after the other, so that a busy moment of a shared
    # machine slows both sides of a pair alike; the median pair decides.
    ratios = [_seconds(UNKNOWN) / _seconds(KNOWN) for _ in range(9)]

    assert 0.5 <= statistics.median(ratios) <= 2, ratios


# --- Log-in rate limits ---------------------------------------------------------------------


def test_failed_log_ins_on_one_account_from_many_addresses_lock_it_for_a_while(known):
    for n in range(5):
        assert REFUSED not in log_in(KNOWN, address=f"203.0.113.{n + 1}").content.decode()

    refused = log_in(KNOWN, PASSWORD, address="203.0.113.99")  # even the right password

    assert REFUSED in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session
    assert log_in("other@example.org", address="203.0.113.99").status_code == 200


def test_one_address_failing_over_many_accounts_is_refused_after_the_limit(known):
    for n in range(10):
        assert (
            REFUSED not in log_in(f"guess{n}@example.org", address="198.51.100.9").content.decode()
        )

    refused = log_in(KNOWN, PASSWORD, address="198.51.100.9")
    elsewhere = log_in(KNOWN, PASSWORD, address="192.0.2.44")

    assert REFUSED in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session
    assert elsewhere.status_code == 302  # another address still logs in

"""Network fingerprints: keyed hashes of a writer's network and user agent, recorded with each
write by the services, never the raw address; the client address behind proxies; retention."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from reviews.http import client_ip, request_origin
from reviews.models import NetworkFingerprint, Review
from reviews.services.fingerprints import (
    Origin,
    agent_hash,
    fingerprints_erase_old,
    network_hash,
    network_prefix,
)
from reviews.services.flags import flag_create
from reviews.services.reviews import review_create, review_update
from reviews.services.tokens import token_create
from tests.factories import ReviewFactory, UserFactory, review_fields
from worker.tasks import erase_old_fingerprints

RAW_IP = "198.51.100.23"
RAW_AGENT = "Mozilla/5.0 (X11; Linux x86_64) FingerprintTestBrowser/7.3"


# --- Hashing --------------------------------------------------------------------------------


def test_addresses_in_one_ipv4_slash_24_share_a_network_hash():
    assert network_hash("203.0.113.7") == network_hash("203.0.113.250")
    assert network_hash("203.0.113.7") != network_hash("203.0.114.7")


def test_ipv6_addresses_share_a_network_hash_within_a_slash_48():
    assert network_hash("2001:db8:1:a::1") == network_hash("2001:db8:1:ffff::99")
    assert network_hash("2001:db8:1::1") != network_hash("2001:db8:2::1")


def test_an_ipv4_address_mapped_into_ipv6_is_the_same_network():
    assert network_prefix("::ffff:203.0.113.9") == "203.0.113.0/24"
    assert network_hash("::ffff:203.0.113.9") == network_hash("203.0.113.1")


def test_an_address_with_a_port_counts_without_it_and_garbage_is_an_unknown_network():
    assert network_prefix("203.0.113.9:51234") == "203.0.113.0/24"
    assert network_prefix("[2001:db8:1::1]:443") == "2001:db8:1::/48"
    assert network_prefix("not an address") == ""
    assert network_hash("not an address") == network_hash("")


def test_a_different_secret_gives_different_hashes(settings):
    settings.FINGERPRINT_SECRET = "first secret"
    first = network_hash("203.0.113.7"), agent_hash(RAW_AGENT)
    settings.FINGERPRINT_SECRET = "second secret"
    second = network_hash("203.0.113.7"), agent_hash(RAW_AGENT)

    assert first[0] != second[0] and first[1] != second[1]


def test_a_hash_is_64_hex_characters_and_never_contains_the_address():
    value = network_hash(RAW_IP)

    assert len(value) == 64 and int(value, 16) >= 0
    assert "198.51.100" not in value


def test_a_network_and_a_user_agent_with_the_same_text_hash_differently():
    assert network_hash("203.0.113.7") != agent_hash("203.0.113.0/24")


def test_the_default_secret_is_derived_from_the_secret_key_not_equal_to_it(settings):
    assert settings.FINGERPRINT_SECRET
    assert settings.FINGERPRINT_SECRET != settings.SECRET_KEY


def test_an_origin_never_shows_its_address_when_printed():
    origin = Origin(ip=RAW_IP, user_agent=RAW_AGENT)

    assert RAW_IP not in repr(origin) and RAW_IP not in str(origin)


# --- The client's address -------------------------------------------------------------------


def _request(remote: str = "10.0.0.5", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote, "HTTP_USER_AGENT": RAW_AGENT}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/reviews/new/", **extra)


def _proxies(settings, count):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    _proxies(settings, None)

    assert client_ip(_request("198.51.100.23", forwarded="203.0.113.9")) == "198.51.100.23"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    _proxies(settings, 1)
    # The client forged the first entry; nginx appended the address it saw.
    request = _request("10.0.0.5", forwarded="192.0.2.66, 198.51.100.23")

    assert client_ip(request) == "198.51.100.23"


def test_behind_two_proxies_the_client_is_the_second_last_forwarded_address(settings):
    _proxies(settings, 2)
    request = _request("10.0.0.5", forwarded="192.0.2.66, 198.51.100.23, 10.0.0.9")

    assert client_ip(request) == "198.51.100.23"


def test_with_fewer_forwarded_addresses_than_proxies_the_first_one_counts(settings):
    _proxies(settings, 2)

    assert client_ip(_request("10.0.0.5", forwarded="198.51.100.23")) == "198.51.100.23"


def test_behind_a_proxy_a_request_without_the_header_uses_the_remote_address(settings):
    _proxies(settings, 1)

    assert client_ip(_request("198.51.100.23")) == "198.51.100.23"
    assert request_origin(_request("198.51.100.23")) == Origin(ip=RAW_IP, user_agent=RAW_AGENT)


# --- Recorded with each write ---------------------------------------------------------------


@pytest.mark.django_db
def test_review_create_records_a_fingerprint_in_the_same_write():
    author = UserFactory()

    review = review_create(
        author=author, origin=Origin(ip=RAW_IP, user_agent=RAW_AGENT), **review_fields()
    )

    fingerprint = NetworkFingerprint.objects.get()
    assert (fingerprint.user, fingerprint.review, fingerprint.action) == (
        author,
        review,
        "review_create",
    )
    assert fingerprint.network_hash == network_hash(RAW_IP)
    assert fingerprint.agent_hash == agent_hash(RAW_AGENT)


@pytest.mark.django_db
def test_a_write_without_an_origin_records_no_fingerprint():
    review_create(author=UserFactory(), **review_fields())

    assert not NetworkFingerprint.objects.exists()


@pytest.mark.django_db
def test_an_edit_and_a_flag_record_their_own_fingerprints():
    author = UserFactory()
    review = review_create(author=author, **review_fields())
    flagger = UserFactory()

    review_update(
        review=review, editor=author, origin=Origin(ip="203.0.113.5"), text="Changed my mind."
    )
    flag_create(
        review=review, flagger=flagger, reason="spam", origin=Origin(ip="192.0.2.77", user_agent="")
    )

    edit = NetworkFingerprint.objects.get(action="review_update")
    flag = NetworkFingerprint.objects.get(action="flag_create")
    assert (edit.user, edit.review, edit.network_hash) == (
        author,
        review,
        network_hash("203.0.113.5"),
    )
    # A flag's network is the flagger's, never attached to the flagged review.
    assert (flag.user, flag.review, flag.network_hash) == (
        flagger,
        None,
        network_hash("192.0.2.77"),
    )


def _database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_review_posted_on_the_site_is_fingerprinted_and_its_raw_address_is_stored_nowhere(
    client,
):
    author = UserFactory()
    client.force_login(author)

    response = client.post(
        reverse("reviews:review_new"),
        {
            "platform": "mturk",
            "requester_id": "A1B2C3D4E5F6G7",
            "requester_name": "Psychology Lab",
            "task_title": "Decision-making survey",
            "reward": "2.00",
            "time_minutes": "15",
            "time_seconds": "0",
            "outcome": "approved",
            "communication": "not_contacted",
            "recommend": "yes",
            "text": "Fair pay for the time.",
            "idempotency_key": uuid.uuid4().hex,
        },
        REMOTE_ADDR=RAW_IP,
        HTTP_USER_AGENT=RAW_AGENT,
    )

    assert response.status_code == 302
    review = Review.objects.get()
    fingerprint = NetworkFingerprint.objects.get(review=review)
    assert fingerprint.network_hash == network_hash(RAW_IP)
    dump = _database_dump()
    assert "198.51.100" not in dump
    assert "FingerprintTestBrowser" not in dump


@pytest.mark.django_db
def test_reviews_and_flags_posted_through_the_api_are_fingerprinted(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    author = UserFactory()
    headers = {
        "Authorization": f"Token {token_create(user=author, name='ext')[1]}",
        "User-Agent": RAW_AGENT,
        "X-Forwarded-For": f"192.0.2.1, {RAW_IP}",
    }
    other = ReviewFactory()

    created = client.post(
        reverse("api:review-create"),
        {
            "platform": "mturk",
            "requester_id": "A1B2C3D4E5F6G7",
            "task_title": "Decision-making survey",
            "reward": "2.00",
            "time_worked_seconds": 900,
            "outcome": "approved",
        },
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR="10.0.0.5",
    )
    flagged = client.post(
        reverse("api:review-flags", args=[other.pk]),
        {"reason": "spam"},
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR="10.0.0.5",
    )

    assert created.status_code == 201, created.json()
    assert flagged.status_code == 201, flagged.json()
    rows = NetworkFingerprint.objects.filter(user=author)
    assert {r.action for r in rows} == {"review_create", "flag_create"}
    assert {r.network_hash for r in rows} == {network_hash(RAW_IP)}
    assert "198.51.100" not in _database_dump()


# --- Retention ------------------------------------------------------------------------------


def _fingerprint_aged(days: float) -> NetworkFingerprint:
    row = NetworkFingerprint.objects.create(
        user=UserFactory(), action="review_create", network_hash="n", agent_hash="a"
    )
    NetworkFingerprint.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return row


@pytest.mark.django_db
def test_the_retention_task_erases_only_fingerprints_older_than_the_retention_period():
    old = _fingerprint_aged(91)
    recent = _fingerprint_aged(89)

    erased = erase_old_fingerprints.delay().get()

    assert erased == 1
    assert list(NetworkFingerprint.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not NetworkFingerprint.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_the_retention_period_is_a_setting(settings):
    settings.FINGERPRINT_RETENTION_DAYS = 10
    _fingerprint_aged(11)
    kept = _fingerprint_aged(9)

    assert fingerprints_erase_old() == 1
    assert list(NetworkFingerprint.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.django_db
def test_erasing_fingerprints_keeps_the_reviews_they_described():
    review = ReviewFactory()
    row = NetworkFingerprint.objects.create(
        user=review.author, review=review, action="review_create", network_hash="n", agent_hash="a"
    )
    NetworkFingerprint.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(days=200)
    )

    fingerprints_erase_old()

    assert Review.objects.filter(pk=review.pk).exists()
    assert not NetworkFingerprint.objects.exists()

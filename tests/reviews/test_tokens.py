"""Personal API tokens: stored hashed, authenticate until revoked, revocable by the owner."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from reviews.models import ApiToken
from reviews.services.tokens import (
    MAX_ACTIVE_TOKENS,
    token_authenticate,
    token_create,
    token_revoke,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_token_authenticates_its_owner(author):
    token, secret = token_create(user=author, name="Firefox at home")

    assert token_authenticate(secret=secret) == author
    assert token.name == "Firefox at home"
    assert secret.startswith(token.prefix)


def test_the_secret_appears_nowhere_in_the_database(author):
    token, secret = token_create(user=author, name="Firefox")

    everything = StringIO()
    call_command("dumpdata", stdout=everything)
    assert secret not in everything.getvalue()
    assert secret[len(token.prefix) :] not in everything.getvalue()
    assert token.key_hash in everything.getvalue()


def test_each_token_gets_its_own_secret(author):
    secrets = {token_create(user=author, name=f"token {n}")[1] for n in range(5)}

    assert len(secrets) == 5


def test_a_wrong_secret_with_a_real_prefix_is_refused(author):
    _, secret = token_create(user=author, name="Firefox")
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")

    assert token_authenticate(secret=forged) is None


@pytest.mark.parametrize("secret", ["", "   ", "lnt_", "nonsense", "Token lnt_abc", "x" * 500])
def test_malformed_secrets_authenticate_nobody(author, secret):
    token_create(user=author, name="Firefox")

    assert token_authenticate(secret=secret) is None


def test_a_revoked_token_stops_working(author):
    token, secret = token_create(user=author, name="Firefox")

    token_revoke(token=token, actor=author)

    assert token_authenticate(secret=secret) is None
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_another_user_cannot_revoke_a_token(author, other_worker):
    token, secret = token_create(user=author, name="Firefox")

    with pytest.raises(PermissionDenied):
        token_revoke(token=token, actor=other_worker)

    token.refresh_from_db()
    assert token.revoked_at is None
    assert token_authenticate(secret=secret) == author


def test_revoking_twice_keeps_the_first_revocation_time(author):
    token, _ = token_create(user=author, name="Firefox")
    token_revoke(token=token, actor=author)
    first = ApiToken.objects.get(pk=token.pk).revoked_at

    token_revoke(token=ApiToken.objects.get(pk=token.pk), actor=author)

    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_a_deactivated_account_cannot_use_its_token(author):
    _, secret = token_create(user=author, name="Firefox")
    author.is_active = False
    author.save(update_fields=["is_active"])

    assert token_authenticate(secret=secret) is None


def test_use_is_recorded_at_most_once_a_minute(author):
    token, secret = token_create(user=author, name="Firefox")
    assert token.last_used_at is None

    token_authenticate(secret=secret)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    token_authenticate(secret=secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    two_minutes_ago = first - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=two_minutes_ago)
    token_authenticate(secret=secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > two_minutes_ago


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_name_of_1_to_100_characters(author, name):
    with pytest.raises(ValidationError) as caught:
        token_create(user=author, name=name)

    assert "name" in caught.value.error_dict
    assert not ApiToken.objects.exists()


def test_a_name_of_100_characters_is_accepted(author):
    token, _ = token_create(user=author, name="x" * 100)

    assert token.name == "x" * 100


def test_two_active_tokens_cannot_share_a_name(author):
    token_create(user=author, name="Firefox")

    with pytest.raises(ValidationError):
        token_create(user=author, name=" Firefox ")


def test_a_revoked_tokens_name_can_be_reused(author):
    token, _ = token_create(user=author, name="Firefox")
    token_revoke(token=token, actor=author)

    token_create(user=author, name="Firefox")

    assert ApiToken.objects.filter(user=author, name="Firefox").count() == 2


def test_a_worker_has_at_most_twenty_active_tokens(author):
    tokens = [token_create(user=author, name=f"token {n}")[0] for n in range(MAX_ACTIVE_TOKENS)]

    with pytest.raises(ValidationError):
        token_create(user=author, name="one too many")

    token_revoke(token=tokens[0], actor=author)
    token_create(user=author, name="one too many")
    assert ApiToken.objects.filter(user=author, revoked_at__isnull=True).count() == 20


def test_the_limit_is_per_worker(author):
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(user=author, name=f"token {n}")

    token, _ = token_create(user=UserFactory(), name="token 0")

    assert token.pk is not None

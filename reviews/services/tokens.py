"""Personal API tokens: create (the secret is shown once), revoke, and authenticate.

Only a hash of each secret is stored. The row is found by the secret's first characters
(`prefix`, unique and shown to the owner so they can tell their tokens apart); the whole
secret is then checked against the stored hash in constant time.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.models import ApiToken

# Every secret starts with this, so a leaked one is recognisable (secret scanners, logs).
SECRET_START = "lnt_"  # noqa: S105 (a public marker, not a secret)
# The stored prefix: SECRET_START and 8 random characters (48 bits), enough to make a
# collision rare; a collision is simply retried.
PREFIX_LENGTH = 12
NAME_MAX_LENGTH = 100
MAX_ACTIVE_TOKENS = 20
# Writing last_used_at on every request would turn each API read into a database write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    # A plain SHA-256 is the right tool here, unlike for passwords: the secret has 256 bits
    # from secrets.token_urlsafe(32), so a stolen hash can't be brute-forced and a slow,
    # salted hash (Argon2, PBKDF2) would only cost time on every API request.
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    return SECRET_START + secrets.token_urlsafe(32)


def token_name_validate(name: str) -> str:
    """The name as it will be stored, or a ValidationError saying what is wrong."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. the browser it is for."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"A token name has at most {NAME_MAX_LENGTH} characters."})
    return name


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for the user and its secret. The secret can't be recovered later."""
    name = token_name_validate(name)
    with transaction.atomic():
        # Lock the user's row so two concurrent creations can't both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                f"You have {MAX_ACTIVE_TOKENS} active tokens, the most allowed. "
                "Revoke one you no longer use, then create a new one."
            )
        if active.filter(name=name).exists():
            raise ValidationError(
                {"name": "You already have an active token with that name; choose another."}
            )
        for _ in range(5):
            secret = _new_secret()
            try:
                with transaction.atomic():
                    token = ApiToken.objects.create(
                        user=user, name=name, prefix=secret[:PREFIX_LENGTH], key_hash=_hash(secret)
                    )
            except IntegrityError:  # prefix collision: draw another secret
                continue
            return token, secret
    raise RuntimeError("could not generate a token with a free prefix")


def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Stop the token from working. The row stays, so its owner still sees it in the list."""
    if actor is None or actor.pk != token.user_id:
        raise PermissionDenied("Only the owner of a token can revoke it.")
    if token.revoked_at is None:
        now = timezone.now()
        # Filtered update: revoking twice (two tabs) keeps the first revocation time.
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        token.refresh_from_db(fields=["revoked_at"])
    return token


def token_authenticate(*, secret: str):
    """The active user the secret belongs to, or None for an unknown or revoked secret."""
    secret = (secret or "").strip()
    if not secret.startswith(SECRET_START) or len(secret) <= PREFIX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=secret[:PREFIX_LENGTH]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(secret)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.models import WorkerProfile

PSEUDONYM_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,39}$"


def _generated_pseudonym() -> str:
    return f"worker-{secrets.token_hex(4)}"


def pseudonym_validate(pseudonym: str, *, exclude_user=None) -> None:
    if not re.fullmatch(PSEUDONYM_PATTERN, pseudonym or ""):
        raise ValidationError(
            {
                "pseudonym": "Use 3 to 40 letters, digits, dots, dashes or underscores, "
                "starting with a letter or digit."
            }
        )
    if "@" in pseudonym:
        raise ValidationError({"pseudonym": "A pseudonym can't be an e-mail address."})
    taken = WorkerProfile.objects.filter(pseudonym__iexact=pseudonym)
    if exclude_user is not None:
        taken = taken.exclude(user=exclude_user)
    if taken.exists():
        raise ValidationError({"pseudonym": "That pseudonym is taken; choose another."})


def profile_ensure(*, user, pseudonym: str | None = None) -> WorkerProfile:
    """The user's profile, made with a generated pseudonym when they have none yet."""
    profile = WorkerProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    for _ in range(5):
        try:
            with transaction.atomic():
                return WorkerProfile.objects.create(
                    user=user, pseudonym=pseudonym or _generated_pseudonym()
                )
        except IntegrityError:
            if pseudonym:
                raise
    raise RuntimeError("could not generate a free pseudonym")


def profile_set_pseudonym(*, user, pseudonym: str) -> WorkerProfile:
    pseudonym_validate(pseudonym, exclude_user=user)
    profile = profile_ensure(user=user)
    profile.pseudonym = pseudonym
    try:
        with transaction.atomic():
            profile.save(update_fields=["pseudonym"])
    except IntegrityError as exc:  # taken between the check and the save
        raise ValidationError({"pseudonym": "That pseudonym is taken; choose another."}) from exc
    return profile


def public_name(user) -> str:
    """How an account is named on any page: its pseudonym, never its e-mail."""
    return profile_ensure(user=user).pseudonym


def has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def ensure_can_post(user) -> None:
    """Refuse anyone who may not write reviews right now, saying why."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Log in to write reviews.")
    if not user.is_active:
        raise PermissionDenied("This account is deactivated.")
    if not has_verified_email(user):
        raise PermissionDenied("Verify your e-mail address before posting.")
    profile = profile_ensure(user=user)
    if profile.is_suspended(timezone.now()):
        until = timezone.localtime(profile.posting_suspended_until).strftime("%Y-%m-%d %H:%M")
        raise PermissionDenied(f"Your posting is suspended until {until} UTC.")

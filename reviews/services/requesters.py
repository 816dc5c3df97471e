from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews.models import Platform, Requester, RequesterAlias

NAME_MAX_LENGTH = 200


def platform_get(*, slug: str) -> Platform:
    try:
        return Platform.objects.get(slug=slug)
    except Platform.DoesNotExist:
        raise ValidationError({"platform": f"“{slug}” is not a platform Lantern knows."}) from None


def requester_validate(*, platform: Platform, external_id: str, name: str) -> None:
    errors = {}
    try:
        platform.validate_requester_id(external_id)
    except ValidationError as exc:
        errors["requester_id"] = exc.messages
    if len(name) > NAME_MAX_LENGTH:
        errors["requester_name"] = f"A requester name has at most {NAME_MAX_LENGTH} characters."
    if errors:
        raise ValidationError(errors)


def requester_get_or_create(*, platform: Platform, external_id: str, name: str = "") -> Requester:
    """The requester with that id on that platform, created on first sight.

    A name seen for the first time is kept as an alias and becomes the display name, so a
    requester that renames itself can still be found by its old names.
    """
    name = " ".join(name.split())
    requester_validate(platform=platform, external_id=external_id, name=name)
    requester = Requester.objects.filter(platform=platform, external_id=external_id).first()
    if requester is None:
        try:
            with transaction.atomic():
                requester = Requester.objects.create(
                    platform=platform, external_id=external_id, display_name=name or external_id
                )
        except IntegrityError:  # created by a concurrent first review
            requester = Requester.objects.get(platform=platform, external_id=external_id)
    if name:
        _alias_record(requester, name)
    return requester


def _alias_record(requester: Requester, name: str) -> None:
    alias, created = RequesterAlias.objects.get_or_create(requester=requester, name=name)
    if not created:
        alias.save(update_fields=["last_seen_at"])
    if requester.display_name != name:
        requester.display_name = name
        requester.save(update_fields=["display_name"])

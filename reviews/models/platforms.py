import re

from django.core.exceptions import ValidationError
from django.db import models


class Platform(models.Model):
    """A crowd-work marketplace whose requesters workers review."""

    slug = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    url = models.URLField(blank=True)
    currency = models.CharField(max_length=3, help_text="ISO 4217 code, e.g. USD")
    requester_id_pattern = models.CharField(
        max_length=200, help_text="Regular expression a requester id must match in full"
    )
    requester_id_hint = models.CharField(
        max_length=200, help_text="How a valid requester id looks, said to a person"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def validate_requester_id(self, external_id: str) -> None:
        if not re.fullmatch(self.requester_id_pattern, external_id or ""):
            raise ValidationError(
                f"“{external_id}” is not a {self.name} requester id: {self.requester_id_hint}."
            )


class Requester(models.Model):
    """Someone who posts tasks on a platform; created by the first review of them."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="requesters")
    external_id = models.CharField(max_length=64)
    display_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    # A duplicate merged by a moderator: kept so its id still leads somewhere, empty of reviews.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_duplicates"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="requester_unique_per_platform"
            )
        ]
        indexes = [models.Index(fields=["display_name"])]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.platform.slug}:{self.external_id})"


class RequesterAlias(models.Model):
    """A name a requester has been seen under; requesters rename themselves."""

    requester = models.ForeignKey(Requester, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requester", "name"], name="alias_unique_per_requester")
        ]
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.name

from django.conf import settings
from django.db import models

from reviews.models.reviews import Review


class NetworkFingerprint(models.Model):
    """Where a write came from, as keyed hashes only: never a raw IP address or user agent.

    Erased after a retention period by a beat task.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fingerprints"
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="fingerprints"
    )
    action = models.CharField(max_length=24)
    network_hash = models.CharField(max_length=64, db_index=True)
    agent_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Fingerprint of {self.user_id} ({self.action})"


class AbuseSignal(models.Model):
    """One detection, with its evidence; strong ones hold the reviews involved."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLEARED = "cleared", "Cleared by a moderator"
        CONFIRMED = "confirmed", "Confirmed by a moderator"

    kind = models.CharField(max_length=32)
    strength = models.FloatField()
    evidence = models.TextField(max_length=4000)
    details = models.JSONField(default=dict, blank=True)
    # Detections are deduplicated by what they found (kind and the reviews involved).
    fingerprint = models.CharField(max_length=64, unique=True)
    reviews = models.ManyToManyField(Review, related_name="abuse_signals", blank=True)
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="abuse_signals", blank=True
    )
    holds_reviews = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-strength", "created_at"]
        indexes = [models.Index(fields=["status", "-strength"])]

    def __str__(self) -> str:
        return f"{self.kind} signal {self.pk} ({self.status})"

from django.conf import settings
from django.db import models

from reviews.models.reviews import Review


class Flag(models.Model):
    """A worker's report that a review breaks the rules. Flaggers are never shown publicly."""

    class Reason(models.TextChoices):
        INSULT = "insult", "Insults or threats"
        DISCLOSURE = "disclosure", "Discloses screener answers or completion codes"
        WRONG_REQUESTER = "wrong_requester", "Not about this requester"
        FALSE_TOS = "false_tos", "False ToS claim"
        FAKE = "fake", "Suspected self-review or fake"
        SPAM = "spam", "Spam"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        ACTED_ON = "acted_on", "Acted on"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags_raised"
    )
    reason = models.CharField(max_length=24, choices=Reason.choices)
    explanation = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "flagger"], name="one_flag_per_worker")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Flag {self.pk} on review {self.review_id}: {self.reason}"

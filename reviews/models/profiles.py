from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class WorkerProfile(models.Model):
    """The public face of an account: a pseudonym, never the e-mail address."""

    class Role(models.TextChoices):
        WORKER = "worker", "Worker"
        MODERATOR = "moderator", "Moderator"
        ADMIN = "admin", "Admin"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    pseudonym = models.CharField(max_length=40)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.WORKER)
    posting_suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the account was deleted (reviews.services.accounts): the pseudonym stays, so
    # what the account wrote and the moderation log still name it, and nobody can take it.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("pseudonym"), name="pseudonym_unique_case_insensitive")
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def is_moderator(self) -> bool:
        return self.role in (self.Role.MODERATOR, self.Role.ADMIN)

    def is_suspended(self, now=None) -> bool:
        now = now or timezone.now()
        return self.posting_suspended_until is not None and self.posting_suspended_until > now

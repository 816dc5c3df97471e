import re
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q

from reviews.models.platforms import Requester

MAX_TIME_WORKED_SECONDS = 24 * 3600
MAX_APPROVAL_SECONDS = 90 * 24 * 3600
MAX_MONEY = Decimal("10000")
TEXT_MAX_LENGTH = 5000
CONTEXT_MAX_LENGTH = 1000
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def task_key_for(task_id: str, task_title: str) -> str:
    """What makes two reviews 'the same task': the platform's id, else the title."""
    if task_id.strip():
        return "id:" + task_id.strip()
    return "title:" + re.sub(r"\s+", " ", task_title).strip().casefold()[:240]


class Review(models.Model):
    """One worker's account of one task for one requester: facts first, ratings optional."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PARTIALLY_REJECTED = "partially_rejected", "Some rejected"
        PENDING = "pending", "Still pending"
        OVERTURNED = "overturned", "Rejection overturned"

    class Communication(models.TextChoices):
        RESPONSIVE = "responsive", "Responsive"
        UNRESPONSIVE = "unresponsive", "Unresponsive"
        NOT_CONTACTED = "not_contacted", "Not contacted"

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Held by abuse check"
        HIDDEN = "hidden", "Hidden by a moderator"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    requester = models.ForeignKey(Requester, on_delete=models.PROTECT, related_name="reviews")
    task_title = models.CharField(max_length=255)
    task_id = models.CharField(
        max_length=128, blank=True, help_text="The platform's task or group id, if known"
    )
    task_key = models.CharField(max_length=255, editable=False)

    reward = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    bonus = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        max_length=3, validators=[RegexValidator(r"^[A-Z]{3}$", "Use a 3-letter code like USD.")]
    )
    time_worked_seconds = models.PositiveIntegerField(null=True, blank=True)
    did_not_finish = models.BooleanField(default=False)
    hourly_wage = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )

    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    approval_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Time from submission to approval or rejection"
    )
    blocked = models.BooleanField(default=False)
    communication = models.CharField(
        max_length=16, choices=Communication.choices, default=Communication.NOT_CONTACTED
    )
    recommend = models.BooleanField(null=True, blank=True)
    recommend_reason = models.CharField(max_length=CONTEXT_MAX_LENGTH, blank=True)
    tos_violation = models.BooleanField(default=False)
    tos_context = models.CharField(max_length=CONTEXT_MAX_LENGTH, blank=True)
    broken_task = models.BooleanField(default=False)
    broken_context = models.CharField(max_length=CONTEXT_MAX_LENGTH, blank=True)
    unpaid_screener = models.BooleanField(default=False)

    # Turkopticon 1's four attributes, optional.
    rating_pay = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_fair = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_fast = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_comm = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )

    text = models.TextField(
        max_length=TEXT_MAX_LENGTH, blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    # Why a moderator hid it (shown to its author) and whether discussion under it is closed.
    moderation_reason = models.CharField(max_length=2000, blank=True)
    replies_locked = models.BooleanField(default=False)
    # Live helpful votes (reviews.services.votes keeps it equal to the HelpfulVote rows, in
    # the vote's transaction), stored so the requester page can sort by it with an index.
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    # NULL, not "", for "no key": the unique constraint must ignore reviews without one.
    idempotency_key = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Fields an author may change when editing; everything else is fixed at creation.
    EDITABLE_FIELDS = (
        "task_title",
        "task_id",
        "reward",
        "bonus",
        "currency",
        "time_worked_seconds",
        "did_not_finish",
        "outcome",
        "approval_seconds",
        "blocked",
        "communication",
        "recommend",
        "recommend_reason",
        "tos_violation",
        "tos_context",
        "broken_task",
        "broken_context",
        "unpaid_screener",
        "rating_pay",
        "rating_fair",
        "rating_fast",
        "rating_comm",
        "text",
    )
    RATING_FIELDS = ("rating_pay", "rating_fair", "rating_fast", "rating_comm")

    class Meta:
        constraints = [
            # The database, not the form, guarantees one live review per task: under load
            # two submissions race past any check done in Python.
            models.UniqueConstraint(
                fields=["author", "requester", "task_key"],
                condition=~Q(status="withdrawn"),
                name="one_live_review_per_author_requester_task",
            ),
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="review_idempotency_key_unique_per_author",
            ),
            models.CheckConstraint(condition=Q(reward__gte=0), name="review_reward_not_negative"),
            models.CheckConstraint(condition=Q(bonus__gte=0), name="review_bonus_not_negative"),
            models.CheckConstraint(
                condition=Q(time_worked_seconds__isnull=True) | Q(time_worked_seconds__gt=0),
                name="review_time_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["requester", "status", "-created_at"]),
            models.Index(
                fields=["requester", "status", "-helpful_count", "-created_at"],
                name="review_requester_helpful_idx",
            ),
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Review {self.pk} of {self.requester_id} by {self.author_id}"

    def save(self, *args, **kwargs) -> None:
        self.task_key = task_key_for(self.task_id, self.task_title)
        self.hourly_wage = self.compute_hourly_wage()
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def total_pay(self) -> Decimal:
        return (self.reward or Decimal("0")) + (self.bonus or Decimal("0"))

    def compute_hourly_wage(self) -> Decimal | None:
        """Pay per hour including bonus; none for a task the worker didn't finish."""
        if self.did_not_finish or not self.time_worked_seconds or self.reward is None:
            return None
        wage = self.total_pay * Decimal(3600) / Decimal(self.time_worked_seconds)
        return wage.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.reward is not None and self.reward > MAX_MONEY:
            errors["reward"] = f"A reward above {MAX_MONEY} is not plausible for one task."
        if self.bonus is not None and self.bonus > MAX_MONEY:
            errors["bonus"] = f"A bonus above {MAX_MONEY} is not plausible for one task."
        if self.time_worked_seconds is None and not self.did_not_finish:
            errors["time_worked_seconds"] = "Say how long the task took, or tick “didn't finish”."
        elif self.time_worked_seconds is not None:
            if self.time_worked_seconds <= 0:
                errors["time_worked_seconds"] = "The time worked must be more than zero."
            elif self.time_worked_seconds > MAX_TIME_WORKED_SECONDS:
                errors["time_worked_seconds"] = "The time worked can't be more than 24 hours."
        if self.approval_seconds is not None:
            if self.outcome == self.Outcome.PENDING:
                errors["approval_seconds"] = (
                    "A pending task has no time to approval yet; leave it empty."
                )
            elif self.approval_seconds > MAX_APPROVAL_SECONDS:
                errors["approval_seconds"] = "The time to approval can't be more than 90 days."
        if self.recommend is None and self.recommend_reason.strip():
            errors["recommend"] = "Say whether you recommend this requester, or clear the reason."
        if not self.task_title.strip():
            errors["task_title"] = "Give the task's title."
        if errors:
            raise ValidationError(errors)

    def editable_values(self) -> dict:
        return {name: getattr(self, name) for name in self.EDITABLE_FIELDS}


class ReviewRevision(models.Model):
    """The state of a review before one edit; edits never erase what was said."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    values = models.JSONField(help_text="The editable fields as they were before the edit")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="revision_number_unique")
        ]
        ordering = ["review", "number"]

    def __str__(self) -> str:
        return f"Revision {self.number} of review {self.review_id}"

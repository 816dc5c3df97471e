"""Moderation: the audit log, requester claims, replies, disputes, comments, notifications.

Reviews are never edited, deleted or unmasked by anyone but their author; what moderators
and requester representatives do is recorded here, append-only where it is a record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from reviews.models.flags import Flag
from reviews.models.platforms import Requester
from reviews.models.reviews import Review


class AppendOnlyError(Exception):
    """The audit log is never changed or deleted."""


class ModerationAction(models.Model):
    """One entry of the public, append-only moderation log."""

    class Kind(models.TextChoices):
        FLAG_DISMISS = "flag_dismiss", "Dismissed a flag"
        REVIEW_HIDE = "review_hide", "Hid a review"
        REVIEW_RESTORE = "review_restore", "Restored a review"
        REVIEW_ASK_EDIT = "review_ask_edit", "Asked the author to edit"
        REPLIES_LOCK = "replies_lock", "Locked replies"
        REPLIES_UNLOCK = "replies_unlock", "Unlocked replies"
        USER_SUSPEND = "user_suspend", "Suspended posting"
        USER_UNSUSPEND = "user_unsuspend", "Lifted a suspension"
        CLAIM_APPROVE = "claim_approve", "Approved a requester claim"
        CLAIM_REJECT = "claim_reject", "Rejected a requester claim"
        REQUESTERS_MERGE = "requesters_merge", "Merged duplicate requesters"
        DISPUTE_DECIDE = "dispute_decide", "Decided a dispute"
        APPEAL_DECIDE = "appeal_decide", "Decided an appeal"
        ROLE_ASSIGN = "role_assign", "Assigned a role"
        COMMENT_HIDE = "comment_hide", "Hid a comment"
        SIGNAL_CLEAR = "signal_clear", "Cleared an abuse signal"
        SIGNAL_CONFIRM = "signal_confirm", "Confirmed an abuse signal"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="moderation_actions"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    reason = models.TextField(max_length=2000)
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="moderation"
    )
    requester = models.ForeignKey(
        Requester, on_delete=models.PROTECT, null=True, blank=True, related_name="moderation"
    )
    # Whom the action concerns (a suspension, a role); shown publicly by pseudonym only.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderation_received",
    )
    flag = models.ForeignKey(Flag, on_delete=models.PROTECT, null=True, blank=True)
    dispute = models.ForeignKey("Dispute", on_delete=models.PROTECT, null=True, blank=True)
    claim = models.ForeignKey("RequesterClaim", on_delete=models.PROTECT, null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor_id} at {self.created_at}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Moderation actions are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Moderation actions are never deleted.")


class RequesterClaim(models.Model):
    """A user's request to speak for a requester; a moderator approves or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn when the account was deleted"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requester_claims"
    )
    requester = models.ForeignKey(Requester, on_delete=models.PROTECT, related_name="claims")
    statement = models.TextField(max_length=2000)
    # Seen by moderators only, to verify the claim.
    contact = models.CharField(max_length=500)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "requester"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_live_claim_per_user_requester",
            )
        ]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Claim by {self.user_id} on {self.requester_id} ({self.status})"


class RequesterReply(models.Model):
    """The requester's one public reply under a review, written by its representative."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="reply")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requester_replies"
    )
    text = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reply to review {self.review_id}"


class Dispute(models.Model):
    """A representative's challenge of a review, decided once by a moderator, appealable once
    by the losing side to a different moderator."""

    class Ground(models.TextChoices):
        FALSE = "false", "The review is false"
        PRIVATE_INFO = "private_info", "It discloses private information"
        WRONG_REQUESTER = "wrong_requester", "It is not about this requester"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DECIDED = "decided", "Decided"
        APPEALED = "appealed", "Appealed"
        CLOSED = "closed", "Closed after appeal"

    class Decision(models.TextChoices):
        UPHOLD = "uphold", "Review upheld"
        HIDE = "hide", "Review hidden"
        ASK_EDIT = "ask_edit", "Author asked to edit"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="disputes")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disputes_opened"
    )
    ground = models.CharField(max_length=20, choices=Ground.choices)
    statement = models.TextField(max_length=3000)
    author_answer = models.TextField(max_length=3000, blank=True)
    author_answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    rationale = models.TextField(max_length=3000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_statement = models.TextField(max_length=3000, blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    appeal_rationale = models.TextField(max_length=3000, blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One dispute in progress per review; a closed one may be followed by another.
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(status__in=["open", "appealed"]),
                name="one_dispute_in_progress_per_review",
            )
        ]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Dispute {self.pk} on review {self.review_id} ({self.status})"


class Comment(models.Model):
    """Workers discussing a review under it, unless its replies are locked."""

    class Status(models.TextChoices):
        VISIBLE = "visible", "Visible"
        HIDDEN = "hidden", "Hidden by a moderator"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    text = models.TextField(max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VISIBLE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on review {self.review_id}"


class Notification(models.Model):
    """Something a person should know: shown in the site's list and sent by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"Notification to {self.user_id}: {self.kind}"

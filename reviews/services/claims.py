"""Requester claims: a user asks to speak for a requester; a moderator approves or rejects.

An approved representative may reply to and dispute reviews of that requester, and may no
longer review it (reviews.services.reviews). The contact details given with a claim are for
moderators checking it, and appear nowhere else: not in the log, not in notifications.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews.errors import DomainError
from reviews.models import ModerationAction, Requester, RequesterClaim
from reviews.services.moderation import AlreadyDone, ensure_can_moderate
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.services.profiles import ensure_can_post

STATEMENT_MAX_LENGTH = RequesterClaim._meta.get_field("statement").max_length
CONTACT_MAX_LENGTH = RequesterClaim._meta.get_field("contact").max_length
LIVE = (RequesterClaim.Status.PENDING, RequesterClaim.Status.APPROVED)


class ClaimAlreadyExists(DomainError):
    """The user already has a pending or approved claim on this requester."""

    def __init__(self, claim: RequesterClaim):
        self.claim = claim
        if claim.status == RequesterClaim.Status.APPROVED:
            message = "You already represent this requester."
        else:
            message = "You already claimed this requester; a moderator will decide soon."
        super().__init__(message)


def claim_create(*, user, requester: Requester, statement: str, contact: str) -> RequesterClaim:
    """Ask to be recognised as the requester's representative."""
    ensure_can_post(user)
    # A merged duplicate's claims belong to the requester it was merged into.
    requester = Requester.objects.get(pk=requester.pk)
    while requester.merged_into_id is not None:
        requester = requester.merged_into
    statement, contact = (statement or "").strip(), (contact or "").strip()
    errors = {}
    if not statement:
        errors["statement"] = "Say who you are and how you are connected to this requester."
    elif len(statement) > STATEMENT_MAX_LENGTH:
        errors["statement"] = f"A statement has at most {STATEMENT_MAX_LENGTH} characters."
    if not contact:
        errors["contact"] = "Give contact details a moderator can use to check your claim."
    elif len(contact) > CONTACT_MAX_LENGTH:
        errors["contact"] = f"Contact details have at most {CONTACT_MAX_LENGTH} characters."
    if errors:
        raise ValidationError(errors)

    existing = RequesterClaim.objects.filter(
        user=user, requester=requester, status__in=LIVE
    ).first()
    if existing is not None:
        raise ClaimAlreadyExists(existing)
    try:
        with transaction.atomic():
            return RequesterClaim.objects.create(
                user=user, requester=requester, statement=statement, contact=contact
            )
    except IntegrityError:  # a concurrent claim by the same user won the race
        existing = RequesterClaim.objects.filter(
            user=user, requester=requester, status__in=LIVE
        ).first()
        if existing is None:
            raise
        raise ClaimAlreadyExists(existing) from None


def claim_approve(*, claim: RequesterClaim, moderator, reason: str) -> RequesterClaim:
    return _decide(claim=claim, moderator=moderator, reason=reason, approve=True)


def claim_reject(*, claim: RequesterClaim, moderator, reason: str) -> RequesterClaim:
    return _decide(claim=claim, moderator=moderator, reason=reason, approve=False)


def _decide(*, claim: RequesterClaim, moderator, reason: str, approve: bool) -> RequesterClaim:
    ensure_can_moderate(moderator)
    if claim.user_id == moderator.pk:
        raise PermissionDenied("You can't decide your own claim; another moderator must.")
    reason = reason_validate(reason)
    with transaction.atomic():
        current = (
            RequesterClaim.objects.select_for_update()
            .select_related("requester__platform", "user")
            .get(pk=claim.pk)
        )
        if current.status != RequesterClaim.Status.PENDING:
            raise AlreadyDone(f"This claim was already decided: {current.get_status_display()}.")
        current.status = (
            RequesterClaim.Status.APPROVED if approve else RequesterClaim.Status.REJECTED
        )
        current.decided_at = timezone.now()
        current.decided_by = moderator
        current.save(update_fields=["status", "decided_at", "decided_by"])
        # The log names the requester, not the claimant: a rejected claim is nobody's business.
        action_record(
            actor=moderator,
            kind=ModerationAction.Kind.CLAIM_APPROVE
            if approve
            else ModerationAction.Kind.CLAIM_REJECT,
            reason=reason,
            requester=current.requester,
            claim=current,
        )
        name = current.requester.display_name
        if approve:
            message = (
                f"Your claim to represent {name} was approved: you may now reply to and "
                f"dispute its reviews, and no longer review it yourself. Reason: {reason}"
            )
        else:
            message = f"Your claim to represent {name} was rejected. Reason: {reason}"
        notify(
            user=current.user,
            kind="claim_decided",
            message=message[:500],
            url=reverse(
                "reviews:requester_detail",
                args=[current.requester.platform.slug, current.requester.external_id],
            ),
        )
    return current

"""The steps of a dispute: open, answer, decide, appeal, decide the appeal (see the package
docstring for the states and what each decision does to the review)."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews.models import Dispute, ModerationAction, Review
from reviews.services.moderation_log import REASON_MAX_LENGTH, action_record
from reviews.services.notifications import notify
from reviews.services.replies import text_required
from reviews.signals import announce_review_changed

from .rules import IN_PROGRESS_MESSAGE, dispute_ensure_can, ensure_can_open

STATEMENT_MAX_LENGTH = 3000
# The rationale is also the log entry's reason and, for a hide, the review's moderation reason.
RATIONALE_MAX_LENGTH = REASON_MAX_LENGTH


def _url(dispute: Dispute) -> str:
    return reverse("reviews:dispute_detail", args=[dispute.pk])


def _about(dispute: Dispute) -> str:
    review = dispute.review
    return f"your review of {review.requester.display_name} (“{review.task_title}”)"


# --- Input --------------------------------------------------------------------------------


def _choice(value: str, choices, *, field: str) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise ValidationError({field: f"Choose one of: {allowed}."})
    return value


def _rationale(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"rationale": "Give a rationale: it is shown under the review."})
    if len(text) > RATIONALE_MAX_LENGTH:
        raise ValidationError(
            {"rationale": f"A rationale has at most {RATIONALE_MAX_LENGTH} characters."}
        )
    return text


def _locked(dispute: Dispute) -> Dispute:
    """The dispute and its review, locked until the transaction ends: of two concurrent
    decisions (a double submit, two moderators) the second sees the first one's result."""
    return (
        Dispute.objects.select_for_update(of=("self", "review"))
        .select_related("review__requester")
        .get(pk=dispute.pk)
    )


# --- Effects on the review ----------------------------------------------------------------


def _review_hide(review: Review, rationale: str) -> None:
    if review.status not in (Review.Status.PUBLISHED, Review.Status.HELD):
        return
    review.status = Review.Status.HIDDEN
    review.moderation_reason = rationale
    review.save(update_fields=["status", "moderation_reason", "updated_at"])
    announce_review_changed(review, "hidden")


def _review_restore(review: Review) -> None:
    review.status = Review.Status.PUBLISHED
    review.moderation_reason = ""
    review.save(update_fields=["status", "moderation_reason", "updated_at"])
    announce_review_changed(review, "restored")


def _notify_all(dispute: Dispute, *, kind: str, message_for: Callable[[bool], str]) -> None:
    """Tell the author and the requester's side (opener, appellant); message_for(is_author)."""
    recipients = {dispute.review.author_id: dispute.review.author}
    recipients.setdefault(dispute.opened_by_id, dispute.opened_by)
    if dispute.appealed_by_id is not None:
        recipients.setdefault(dispute.appealed_by_id, dispute.appealed_by)
    for user_id, user in recipients.items():
        notify(
            user=user,
            kind=kind,
            message=message_for(user_id == dispute.review.author_id),
            url=_url(dispute),
        )


# --- The operations -----------------------------------------------------------------------


def dispute_open(*, review: Review, representative, ground: str, statement: str) -> Dispute:
    """A representative challenges a published review of their requester; its author is told."""
    review = Review.objects.select_related("requester", "author").get(pk=review.pk)
    ensure_can_open(review=review, user=representative)
    ground = _choice(ground, Dispute.Ground, field="ground")
    statement = text_required(
        statement, field="statement", max_length=STATEMENT_MAX_LENGTH, what="statement"
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                dispute = Dispute.objects.create(
                    review=review, opened_by=representative, ground=ground, statement=statement
                )
        except IntegrityError:  # a dispute opened at the same moment won
            raise ValidationError(IN_PROGRESS_MESSAGE) from None
        notify(
            user=review.author,
            kind="review_disputed",
            message=f"The requester disputed {_about(dispute)}: "
            f"{dispute.get_ground_display().lower()}. You may answer, or edit your review.",
            url=_url(dispute),
        )
    return dispute


def dispute_answer(*, dispute: Dispute, author, text: str) -> Dispute:
    """The review's author answers the dispute, once, before it is decided."""
    text = text_required(text, field="text", max_length=STATEMENT_MAX_LENGTH, what="answer")
    with transaction.atomic():
        current = _locked(dispute)
        dispute_ensure_can(action="answer", dispute=current, user=author)
        current.author_answer = text
        current.author_answered_at = timezone.now()
        current.save(update_fields=["author_answer", "author_answered_at"])
        notify(
            user=current.opened_by,
            kind="dispute_answered",
            message=f"The author answered your dispute of the review "
            f"“{current.review.task_title}”.",
            url=_url(current),
        )
    return current


def dispute_decide(*, dispute: Dispute, moderator, decision: str, rationale: str) -> Dispute:
    """A moderator who is no party decides an open dispute, once, with a public rationale."""
    decision = _choice(decision, Dispute.Decision, field="decision")
    rationale = _rationale(rationale)
    with transaction.atomic():
        current = _locked(dispute)
        dispute_ensure_can(action="decide", dispute=current, user=moderator)
        current.status = Dispute.Status.DECIDED
        current.decision = decision
        current.rationale = rationale
        current.decided_by = moderator
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decision", "rationale", "decided_by", "decided_at"])
        if decision == Dispute.Decision.HIDE:
            _review_hide(current.review, rationale)
        action_record(
            actor=moderator,
            kind=ModerationAction.Kind.DISPUTE_DECIDE,
            reason=rationale,
            dispute=current,
            review=current.review,
            details={"decision": decision},
        )
        label = current.get_decision_display().lower()

        def message(is_author: bool) -> str:
            if is_author and decision == Dispute.Decision.ASK_EDIT:
                return f"A moderator asks you to edit {_about(current)}: {rationale}"
            whose = _about(current) if is_author else "your dispute of a review"
            appeal = " You may appeal." if is_author != (decision == "uphold") else ""
            return f"The dispute about {whose} was decided: {label}.{appeal}"

        _notify_all(current, kind="dispute_decided", message_for=message)
    return current


def dispute_appeal(*, dispute: Dispute, appellant, statement: str) -> Dispute:
    """The losing side appeals a decided dispute, once; a different moderator will decide."""
    statement = text_required(
        statement, field="statement", max_length=STATEMENT_MAX_LENGTH, what="appeal"
    )
    with transaction.atomic():
        current = _locked(dispute)
        dispute_ensure_can(action="appeal", dispute=current, user=appellant)
        current.status = Dispute.Status.APPEALED
        current.appealed_by = appellant
        current.appeal_statement = statement
        current.appealed_at = timezone.now()
        try:
            with transaction.atomic():
                current.save(
                    update_fields=["status", "appealed_by", "appeal_statement", "appealed_at"]
                )
        except IntegrityError:  # a newer dispute on the edited review is in progress
            raise ValidationError(
                "Another dispute about this review is in progress; appeal once it is decided."
            ) from None
        by_author = appellant.pk == current.review.author_id
        other = current.opened_by if by_author else current.review.author
        notify(
            user=other,
            kind="dispute_appealed",
            message=(
                "The author appealed the decision on your dispute of a review."
                if by_author
                else f"The requester appealed the decision on {_about(current)}."
            ),
            url=_url(current),
        )
    return current


def dispute_decide_appeal(*, dispute: Dispute, moderator, decision: str, rationale: str) -> Dispute:
    """A second moderator, no party, decides the appeal; the dispute is then closed."""
    decision = _choice(decision, Dispute.Decision, field="decision")
    rationale = _rationale(rationale)
    with transaction.atomic():
        current = _locked(dispute)
        dispute_ensure_can(action="decide_appeal", dispute=current, user=moderator)
        review = current.review
        if decision == Dispute.Decision.HIDE:
            _review_hide(review, rationale)
        elif current.decision == Dispute.Decision.HIDE and review.status == Review.Status.HIDDEN:
            _review_restore(review)
        current.status = Dispute.Status.CLOSED
        current.appeal_decision = decision
        current.appeal_rationale = rationale
        current.appeal_decided_by = moderator
        current.appeal_decided_at = timezone.now()
        current.save(
            update_fields=[
                "status",
                "appeal_decision",
                "appeal_rationale",
                "appeal_decided_by",
                "appeal_decided_at",
            ]
        )
        action_record(
            actor=moderator,
            kind=ModerationAction.Kind.APPEAL_DECIDE,
            reason=rationale,
            dispute=current,
            review=review,
            details={"decision": decision, "first_decision": current.decision},
        )
        label = current.get_appeal_decision_display().lower()

        def message(is_author: bool) -> str:
            if is_author and decision == Dispute.Decision.ASK_EDIT:
                return f"On appeal, a moderator asks you to edit {_about(current)}: {rationale}"
            whose = _about(current) if is_author else "your dispute of a review"
            return f"The appeal about {whose} was decided: {label}. The dispute is closed."

        _notify_all(current, kind="appeal_decided", message_for=message)
    return current

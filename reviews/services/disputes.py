"""Disputes: a requester's representative challenges a review, a moderator decides once,
the losing side may appeal once to a different moderator, and the dispute is closed.

    open ──decide──▶ decided ──appeal──▶ appealed ──decide appeal──▶ closed

Every step keeps who and when. The decisions:

- uphold: the review stays as it is;
- hide: the review leaves public view and the scores (status hidden, the rationale as its
  moderation reason, shown to its author);
- ask_edit: the review stays published and its author is asked to edit it.

The appeal decision replaces the first one and is final: `hide` hides the review (if it is
still published or held), while `uphold` or `ask_edit` after a first `hide` restore the
review to published. A review the author withdrew meanwhile stays withdrawn whatever is
decided. The losing side is the representative after `uphold` and the review's author after
`hide` or `ask_edit`.

Parties are the review's author, whoever opened the dispute and every representative of the
requester; no party decides, and the appeal goes to a moderator other than the first one.
Rationales are public (under the review); statements and answers are seen by the parties
and moderators only. Requesters see the author's pseudonym and nothing else about them.

A review is disputed once per version: after a decision, a new dispute needs the author to
have edited the review since (otherwise the losing side appeals instead).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews.models import Dispute, ModerationAction, Review
from reviews.permissions import ensure_moderator, ensure_represents, is_moderator, represents
from reviews.services.moderation_log import REASON_MAX_LENGTH, action_record
from reviews.services.notifications import notify
from reviews.services.profiles import ensure_can_post
from reviews.services.replies import text_required
from reviews.signals import announce_review_changed

STATEMENT_MAX_LENGTH = 3000
# The rationale is also the log entry's reason and, for a hide, the review's moderation reason.
RATIONALE_MAX_LENGTH = REASON_MAX_LENGTH
IN_PROGRESS = (Dispute.Status.OPEN, Dispute.Status.APPEALED)
IN_PROGRESS_MESSAGE = "This review already has a dispute in progress; follow it on its page."


def _url(dispute: Dispute) -> str:
    return reverse("reviews:dispute_detail", args=[dispute.pk])


def _about(dispute: Dispute) -> str:
    review = dispute.review
    return f"your review of {review.requester.display_name} (“{review.task_title}”)"


# --- Who may do what ----------------------------------------------------------------------


def is_party(user, dispute: Dispute) -> bool:
    """The review's author, whoever opened or appealed it, and the requester's side."""
    if user is None or not user.is_authenticated:
        return False
    return user.pk in (
        dispute.review.author_id,
        dispute.opened_by_id,
        dispute.appealed_by_id,
    ) or represents(user, dispute.review.requester_id)


def can_view(user, dispute: Dispute) -> bool:
    return is_moderator(user) or is_party(user, dispute)


def _ensure_not_party(user, dispute: Dispute) -> None:
    if user.pk == dispute.review.author_id:
        raise PermissionDenied("You wrote the disputed review; another moderator must decide.")
    if is_party(user, dispute):
        raise PermissionDenied(
            "You are a party to this dispute (you speak for the requester); "
            "another moderator must decide."
        )


def ensure_can_open(*, review: Review, user) -> None:
    ensure_represents(user, review.requester_id)
    if user.pk == review.author_id:
        raise PermissionDenied("You can't dispute your own review.")
    ensure_can_post(user)
    if review.status != Review.Status.PUBLISHED:
        raise ValidationError("Only published reviews can be disputed.")
    if review.disputes.filter(status__in=IN_PROGRESS).exists():
        raise ValidationError(IN_PROGRESS_MESSAGE)
    last = review.disputes.exclude(status__in=IN_PROGRESS).order_by("-created_at").first()
    if last is not None:
        last_decided_at = last.appeal_decided_at or last.decided_at
        if not review.revisions.filter(edited_at__gt=last_decided_at).exists():
            raise ValidationError(
                "This review was already disputed and decided. It can be disputed again once "
                "its author has edited it; until then the losing side may appeal instead."
            )


def _check_answer(dispute: Dispute, user) -> None:
    if user is None or user.pk != dispute.review.author_id:
        raise PermissionDenied("Only the review's author can answer a dispute.")
    ensure_can_post(user)
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError("This dispute is already decided; it can't be answered any more.")
    if dispute.author_answered_at is not None:
        raise ValidationError("You already answered this dispute; an answer is given once.")


def _check_decide(dispute: Dispute, user) -> None:
    ensure_moderator(user)
    _ensure_not_party(user, dispute)
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError(
            "This dispute was already decided; a decision is made once. "
            "The losing side may appeal it."
        )


def _check_appeal(dispute: Dispute, user) -> None:
    if not is_party(user, dispute):
        raise PermissionDenied(
            "Only the review's author or the requester's representative can appeal."
        )
    if dispute.status == Dispute.Status.OPEN:
        raise ValidationError("This dispute isn't decided yet; an appeal comes after a decision.")
    if dispute.status != Dispute.Status.DECIDED:
        raise ValidationError("This dispute was already appealed; an appeal is made once.")
    if dispute.decision == Dispute.Decision.UPHOLD:  # the requester's side lost
        if not represents(user, dispute.review.requester_id):
            raise PermissionDenied(
                "The review was upheld, so only the requester's representative can appeal."
            )
    elif user.pk != dispute.review.author_id:
        raise PermissionDenied(
            "The decision went against the review, so only its author can appeal."
        )
    ensure_can_post(user)


def _check_decide_appeal(dispute: Dispute, user) -> None:
    ensure_moderator(user)
    _ensure_not_party(user, dispute)
    if dispute.status == Dispute.Status.CLOSED:
        raise ValidationError("This appeal was already decided; the dispute is closed for good.")
    if dispute.status != Dispute.Status.APPEALED:
        raise ValidationError("This dispute has no appeal to decide.")
    if user.pk == dispute.decided_by_id:
        raise PermissionDenied(
            "You made the first decision; the appeal goes to a different moderator."
        )


_CHECKS: dict[str, Callable[[Dispute, object], None]] = {
    "answer": _check_answer,
    "decide": _check_decide,
    "appeal": _check_appeal,
    "decide_appeal": _check_decide_appeal,
}


def dispute_ensure_can(*, action: str, dispute: Dispute, user) -> None:
    """Refuse (PermissionDenied for who, ValidationError for when) as the service would;
    `action` is one of "answer", "decide", "appeal", "decide_appeal"."""
    _CHECKS[action](dispute, user)


def dispute_actions(*, dispute: Dispute, user) -> list[str]:
    """What `user` may do with the dispute now: the forms a page shows, the API's hints.

    The same checks the services make, so a page never offers what would be refused.
    """
    allowed = []
    for name, check in _CHECKS.items():
        try:
            check(dispute, user)
        except (PermissionDenied, ValidationError):
            continue
        allowed.append(name)
    return allowed


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
        _check_answer(current, author)
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
        _check_decide(current, moderator)
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
        _check_appeal(current, appellant)
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
        _check_decide_appeal(current, moderator)
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

from django.core.exceptions import ValidationError

from reviews.models import ModerationAction

REASON_MAX_LENGTH = 2000


def reason_validate(reason: str) -> str:
    """Every moderation action says why; the reason is public in the moderation log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason: it is shown in the public log."})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": f"A reason has at most {REASON_MAX_LENGTH} characters."})
    return reason


def action_record(*, actor, kind: str, reason: str, **about) -> ModerationAction:
    """Append one entry to the moderation log (call inside the action's transaction).

    `about` names what the action concerns: review, requester, subject (a user), flag,
    dispute, claim, and `details` (a small JSON dict).
    """
    return ModerationAction.objects.create(
        actor=actor, kind=kind, reason=reason_validate(reason), **about
    )

"""Flagging a review for moderators. Flaggers stay private: nothing here tells anyone else
who flagged what (Turkopticon showed flaggers by name, which invited retaliation)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reviews.errors import FlagAlreadyExists
from reviews.models import Flag, Review
from reviews.services.fingerprints import Origin, fingerprint_record
from reviews.services.profiles import ensure_can_post
from reviews.signals import announce_flag_created


def flag_create(
    *, review: Review, flagger, reason: str, explanation: str = "", origin: Origin | None = None
) -> Flag:
    """Record one worker's flag on a published review, once per worker and review.

    With an ``origin``, a network fingerprint of the flagger is recorded too (not tied to the
    review: the flagged review's own network is its author's).
    """
    ensure_can_post(flagger)
    if review.author_id == flagger.pk:
        raise PermissionDenied("You can't flag your own review; edit or withdraw it instead.")
    if review.status != Review.Status.PUBLISHED:
        raise ValidationError("Only published reviews can be flagged.")
    explanation = (explanation or "").strip()
    flag = Flag(review=review, flagger=flagger, reason=reason, explanation=explanation)
    flag.full_clean(
        exclude=["review", "flagger", "status"], validate_unique=False, validate_constraints=False
    )
    if reason == Flag.Reason.OTHER and not explanation:
        raise ValidationError({"explanation": "Say what is wrong when the reason is “Other”."})

    existing = Flag.objects.filter(review=review, flagger=flagger).first()
    if existing is not None:
        raise FlagAlreadyExists(existing)
    try:
        with transaction.atomic():
            flag.save()
            fingerprint_record(user=flagger, origin=origin, action="flag_create")
            announce_flag_created(flag)
    except IntegrityError:  # a concurrent flag by the same worker won the race
        existing = Flag.objects.filter(review=review, flagger=flagger).first()
        if existing is None:
            raise
        raise FlagAlreadyExists(existing) from None
    return flag

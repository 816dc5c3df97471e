"""Writing reviews: create, edit (keeping a revision), withdraw. Nothing is hard-deleted."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reviews.errors import ReviewAlreadyExists
from reviews.models import Review, ReviewRevision
from reviews.models.reviews import task_key_for
from reviews.permissions import represents
from reviews.services.fingerprints import Origin, fingerprint_record
from reviews.services.profiles import ensure_can_post
from reviews.services.requesters import platform_get, requester_get_or_create, requester_validate
from reviews.signals import announce_review_changed

IDEMPOTENCY_KEY_MAX_LENGTH = 64


def _check_field_names(fields: dict) -> None:
    unknown = set(fields) - set(Review.EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not review fields: {', '.join(sorted(unknown))}")


def _validate(review: Review) -> None:
    # Uniqueness is the database's job (see Review.Meta); here only the field rules.
    review.full_clean(
        exclude=["author", "requester", "task_key"],
        validate_unique=False,
        validate_constraints=False,
    )


def _live_duplicate(*, author, requester, task_key: str) -> Review | None:
    return (
        Review.objects.filter(author=author, requester=requester, task_key=task_key)
        .exclude(status=Review.Status.WITHDRAWN)
        .first()
    )


def review_create(
    *,
    author,
    platform: str,
    requester_id: str,
    requester_name: str = "",
    idempotency_key: str | None = None,
    origin: Origin | None = None,
    **fields,
) -> Review:
    """Publish a review, creating the requester on first sight.

    A retry with the same idempotency key returns the review the first attempt made.
    A second review of the same task raises ReviewAlreadyExists carrying the first one.
    ``origin`` (the client's address and user agent) is recorded as a network fingerprint
    for the abuse checks, as keyed hashes only.
    """
    _check_field_names(fields)
    ensure_can_post(author)
    if idempotency_key is not None:
        if not idempotency_key or len(idempotency_key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise ValidationError({"idempotency_key": "An idempotency key has 1 to 64 characters."})
        earlier = _same_key_review(author=author, idempotency_key=idempotency_key)
        if earlier is not None:
            return earlier

    platform_obj = platform_get(slug=platform)
    requester_id = (requester_id or "").strip()
    requester_validate(platform=platform_obj, external_id=requester_id, name=requester_name)
    fields.setdefault("currency", platform_obj.currency)
    review = Review(author=author, idempotency_key=idempotency_key, **fields)
    _validate(review)

    with transaction.atomic():
        requester = requester_get_or_create(
            platform=platform_obj, external_id=requester_id, name=requester_name
        )
        # A duplicate merged by a moderator lends its id to the requester it was merged into.
        while requester.merged_into_id is not None:
            requester = requester.merged_into
        _ensure_not_representative(author, requester.pk)
        review.requester = requester
        duplicate = _live_duplicate(
            author=author,
            requester=requester,
            task_key=task_key_for(review.task_id, review.task_title),
        )
        if duplicate is not None:
            # The same submission sent twice at once (a double click, an eager retry): the
            # other one committed after the key was looked up above. Same answer as a replay.
            if idempotency_key is not None and duplicate.idempotency_key == idempotency_key:
                return duplicate
            raise ReviewAlreadyExists(duplicate)
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:
            # A concurrent submission won the race: the same retry, or a second review.
            winner = _concurrent_winner(author=author, review=review)
            if winner is None:
                raise
            if idempotency_key is not None and winner.idempotency_key == idempotency_key:
                return winner
            raise ReviewAlreadyExists(winner) from None
        fingerprint_record(user=author, origin=origin, action="review_create", review=review)
        announce_review_changed(review, "created")
    return review


def _ensure_not_representative(user, requester_id: int) -> None:
    if represents(user, requester_id):
        raise PermissionDenied("You represent this requester, so you can't review it.")


def _same_key_review(*, author, idempotency_key: str) -> Review | None:
    return Review.objects.filter(author=author, idempotency_key=idempotency_key).first()


def _concurrent_winner(*, author, review: Review) -> Review | None:
    if review.idempotency_key is not None:
        same_key = _same_key_review(author=author, idempotency_key=review.idempotency_key)
        if same_key is not None:
            return same_key
    return _live_duplicate(author=author, requester=review.requester, task_key=review.task_key)


def _json_value(value):
    return str(value) if isinstance(value, Decimal) else value


def review_update(*, review: Review, editor, origin: Origin | None = None, **fields) -> Review:
    """Change the author's own review; the previous state is kept as a revision (and, with
    an ``origin``, a network fingerprint of the edit)."""
    _check_field_names(fields)
    if editor is None or editor.pk != review.author_id:
        raise PermissionDenied("Only the author of a review can edit it.")
    ensure_can_post(editor)
    _ensure_not_representative(editor, review.requester_id)
    with transaction.atomic():
        # Lock the row so two concurrent edits get consecutive revision numbers.
        current = Review.objects.select_for_update().get(pk=review.pk)
        if current.status == Review.Status.WITHDRAWN:
            raise ValidationError("A withdrawn review can't be edited.")
        before = {name: _json_value(value) for name, value in current.editable_values().items()}
        for name, value in fields.items():
            setattr(current, name, value)
        after = {name: _json_value(value) for name, value in current.editable_values().items()}
        if before == after:
            return current
        _validate(current)
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            raise ValidationError(
                {"task_title": "You already have a review of that task for this requester."}
            ) from None
        number = current.revisions.count() + 1
        ReviewRevision.objects.create(
            review=current, number=number, values=before, edited_by=editor
        )
        fingerprint_record(user=editor, origin=origin, action="review_update", review=current)
        announce_review_changed(current, "updated")
    return current


def review_withdraw(*, review: Review, actor) -> Review:
    """Take the author's review out of public view. The row and its revisions stay."""
    if actor is None or actor.pk != review.author_id:
        raise PermissionDenied("Only the author of a review can withdraw it.")
    with transaction.atomic():
        current = Review.objects.select_for_update().get(pk=review.pk)
        if current.status == Review.Status.WITHDRAWN:
            return current
        current.status = Review.Status.WITHDRAWN
        current.save(update_fields=["status", "updated_at"])
        announce_review_changed(current, "withdrawn")
    return current

"""Replaying `POST /api/v1/reviews` with an Idempotency-Key.

review_create already guarantees one review per (author, key): a retry gets the review the
first attempt made. What HTTP adds is telling a retry from a *mistake*: the same key sent with
a different body (a client reusing keys) must not be answered as if it had worked. Following
the IETF Idempotency-Key draft, that answer is 422, code `idempotency_key_reused`.

"The same body" means: the same platform and requester id, and the same value for every
review field, a field left out counting as its default. It is compared with the review as it
was created (its first revision holds that state if it was edited since), so a retry after
an edit is still recognised. The requester's name is not compared: it only describes the
requester, and it may have been updated by other reviews.
"""

from decimal import Decimal

from django.db.models import DecimalField
from rest_framework import status
from rest_framework.exceptions import APIException

from reviews.models import Review

IDEMPOTENCY_HEADER = "Idempotency-Key"


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = (
        "This Idempotency-Key was already used for a different review. Send a new key for a "
        "new review; a retry must repeat the original request exactly."
    )


def _original_values(review: Review) -> dict:
    first_revision = review.revisions.order_by("number").first()
    if first_revision is not None:
        return first_revision.values
    return review.editable_values()


def _same(field_name: str, a, b) -> bool:
    if isinstance(Review._meta.get_field(field_name), DecimalField) and None not in (a, b):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def matches_original_request(review: Review, data: dict) -> bool:
    """Whether `data` (validated ReviewCreateSerializer data) is what created `review`."""
    requester = review.requester
    if (data["platform"], data["requester_id"].strip()) != (
        requester.platform.slug,
        requester.external_id,
    ):
        return False
    original = _original_values(review)
    for name in Review.EDITABLE_FIELDS:
        if name in data:
            sent = data[name]
        elif name == "currency":
            sent = requester.platform.currency
        else:
            sent = Review._meta.get_field(name).get_default()
        if not _same(name, sent, original.get(name)):
            return False
    return True

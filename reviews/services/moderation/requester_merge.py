"""Merging a duplicate requester into the one to keep, without losing a review."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from reviews.models import ModerationAction, Requester, RequesterAlias, RequesterClaim, Review
from reviews.permissions import represents
from reviews.services.moderation_log import action_record, reason_validate
from reviews.services.notifications import notify
from reviews.signals import review_changed

from .rules import AlreadyDone, ensure_can_moderate

Kind = ModerationAction.Kind


def requesters_merge(*, moderator, keep: Requester, duplicate: Requester, reason: str) -> Requester:
    """Merge a duplicate requester into the one to keep.

    Reviews and claims move to `keep`; the duplicate's names become aliases of `keep`; the
    duplicate stays (its id keeps leading to `keep`) with no reviews. No review is lost: when
    an author has a live review of the same task under both, the moved one keeps a distinct
    task key and the author is asked to withdraw whichever they no longer want.
    """
    ensure_can_moderate(moderator)
    reason = reason_validate(reason)
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": "A requester can't be merged into itself."})
    if keep.platform_id != duplicate.platform_id:
        raise ValidationError({"duplicate": "Only requesters of the same platform can be merged."})
    for requester in (keep, duplicate):
        if represents(moderator, requester.pk):
            raise PermissionDenied(
                "You represent one of these requesters, so another moderator must merge them."
            )

    with transaction.atomic():
        locked = {
            r.pk: r
            for r in Requester.objects.select_for_update()
            .filter(pk__in=[keep.pk, duplicate.pk])
            .order_by("pk")
        }
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if duplicate.merged_into_id is not None or keep.merged_into_id is not None:
            raise AlreadyDone("One of these requesters was already merged into another.")

        kept_apart = _reviews_move(keep=keep, duplicate=duplicate)
        moved_reviews = Review.objects.filter(requester=keep).count()
        _aliases_move(keep=keep, duplicate=duplicate)
        left_claims = _claims_move(keep=keep, duplicate=duplicate)

        duplicate.merged_into = keep
        duplicate.save(update_fields=["merged_into"])
        action_record(
            actor=moderator,
            kind=Kind.REQUESTERS_MERGE,
            reason=reason,
            requester=keep,
            details={
                "duplicate": {
                    "id": duplicate.pk,
                    "external_id": duplicate.external_id,
                    "display_name": duplicate.display_name,
                },
                "reviews_now": moved_reviews,
                "kept_apart": kept_apart,
                "claims_left_on_duplicate": left_claims,
            },
        )
        for review in Review.objects.filter(pk__in=kept_apart).select_related("author"):
            notify(
                user=review.author,
                kind="requesters_merged",
                message=(
                    f"Two entries for {keep.display_name} were merged, and you now have two "
                    "reviews of the same task there. Both are kept; withdraw the one you no "
                    "longer want."
                ),
                url=reverse("reviews:my_reviews"),
            )
        for requester in (keep, duplicate):
            review_changed.send(
                sender=Review, review_id=None, requester_id=requester.pk, action="merged"
            )
    return keep


def _reviews_move(*, keep: Requester, duplicate: Requester) -> list[int]:
    """Move every review; returns the ids of those that keep a distinct task key because
    their author has a live review of the same task under `keep`."""
    live_on_keep = set(
        Review.objects.filter(requester=keep)
        .exclude(status=Review.Status.WITHDRAWN)
        .values_list("author_id", "task_key")
    )
    kept_apart = []
    moving = Review.objects.filter(requester=duplicate).exclude(status=Review.Status.WITHDRAWN)
    for review_id, author_id, task_key in moving.values_list("pk", "author_id", "task_key"):
        if (author_id, task_key) in live_on_keep:
            # Only the constraint's key changes; what the author wrote stays as written.
            suffix = f" #merged-from-{duplicate.pk}"
            Review.objects.filter(pk=review_id).update(
                task_key=task_key[: 255 - len(suffix)] + suffix
            )
            kept_apart.append(review_id)
    Review.objects.filter(requester=duplicate).update(requester=keep)
    return kept_apart


def _aliases_move(*, keep: Requester, duplicate: Requester) -> None:
    known = set(keep.aliases.values_list("name", flat=True))
    for alias in duplicate.aliases.all():
        if alias.name in known:
            continue
        RequesterAlias.objects.filter(pk=alias.pk).update(requester=keep)
        known.add(alias.name)
    if duplicate.display_name not in known:
        RequesterAlias.objects.create(requester=keep, name=duplicate.display_name)


def _claims_move(*, keep: Requester, duplicate: Requester) -> list[int]:
    """Move the claims; a claimant with a live claim on both keeps the one on `keep`, and
    the other stays on the duplicate (listed in the log entry for a moderator to settle)."""
    live = [RequesterClaim.Status.PENDING, RequesterClaim.Status.APPROVED]
    live_claimants = set(keep.claims.filter(status__in=live).values_list("user_id", flat=True))
    left = list(
        duplicate.claims.filter(status__in=live, user_id__in=live_claimants).values_list(
            "pk", flat=True
        )
    )
    duplicate.claims.filter(~Q(pk__in=left)).update(requester=keep)
    return left

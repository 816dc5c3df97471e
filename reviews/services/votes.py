"""Helpful votes: a worker marks someone else's published review helpful, or takes it back.

One live vote per account and review (a partial unique constraint); ``Review.helpful_count``
moves with it in the same transaction. Casting and withdrawing both count toward a per-account
limit (HELPFUL_VOTES_PER_HOUR), checked under a lock of the voter's profile so that parallel
requests can't slip past it together. Pages and the API call the same functions, so the rules
and the limit are the same everywhere.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from reviews.errors import RateLimited, VoteAlreadyExists
from reviews.models import HelpfulVote, Review, WorkerProfile
from reviews.permissions import represents
from reviews.services.profiles import ensure_can_post, profile_ensure

RATE_WINDOW = timedelta(hours=1)


def _ensure_within_rate(voter, now) -> None:
    """Refuse the voter's next vote or withdrawal when the last hour already holds the limit.
    Call inside the transaction that writes the vote, after locking the voter's profile."""
    limit = settings.HELPFUL_VOTES_PER_HOUR
    since = now - RATE_WINDOW
    recent = HelpfulVote.objects.filter(voter=voter).filter(
        Q(created_at__gte=since) | Q(withdrawn_at__gte=since)
    )
    moments = sorted(
        moment
        for created, withdrawn in recent.values_list("created_at", "withdrawn_at")
        for moment in (created, withdrawn)
        if moment is not None and moment >= since
    )
    if len(moments) < limit:
        return
    # The next action fits once enough of the oldest ones have left the window.
    frees_at = moments[len(moments) - limit] + RATE_WINDOW
    retry_after = max(1, math.ceil((frees_at - now).total_seconds()))
    minutes = max(1, math.ceil(retry_after / 60))
    raise RateLimited(
        f"You marked or unmarked {limit} reviews as helpful in the last hour, the most "
        f"Lantern allows. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        retry_after=retry_after,
    )


def _lock_voter(voter) -> None:
    profile_ensure(user=voter)
    WorkerProfile.objects.select_for_update().filter(user=voter).first()


def helpful_vote_cast(*, review: Review, voter) -> HelpfulVote:
    """Mark a published review helpful. Refused for one's own review, a review of a requester
    one represents, a review that isn't published, a second vote, and anyone who may not post
    now (unverified, suspended, deactivated)."""
    ensure_can_post(voter)
    now = timezone.now()
    with transaction.atomic():
        _lock_voter(voter)
        current = Review.objects.select_for_update().filter(pk=review.pk).first()
        if current is None or current.status != Review.Status.PUBLISHED:
            raise PermissionDenied("Only published reviews can be marked helpful.")
        if current.author_id == voter.pk:
            raise PermissionDenied("You can't mark your own review helpful.")
        if represents(voter, current.requester_id):
            raise PermissionDenied(
                "You represent this requester, so you can't vote on reviews of it."
            )
        if HelpfulVote.objects.filter(review=current, voter=voter, withdrawn_at=None).exists():
            raise VoteAlreadyExists()
        _ensure_within_rate(voter, now)
        try:
            with transaction.atomic():
                vote = HelpfulVote.objects.create(review=current, voter=voter)
        except IntegrityError:  # a concurrent request of the same voter won
            raise VoteAlreadyExists() from None
        Review.objects.filter(pk=current.pk).update(helpful_count=F("helpful_count") + 1)
    return vote


def helpful_vote_withdraw(*, review: Review, voter) -> bool:
    """Take back the voter's helpful vote on a review (whatever the review's status now).
    Returns whether there was one; withdrawing nothing changes nothing."""
    ensure_can_post(voter)
    now = timezone.now()
    with transaction.atomic():
        _lock_voter(voter)
        vote = (
            HelpfulVote.objects.select_for_update()
            .filter(review_id=review.pk, voter=voter, withdrawn_at=None)
            .first()
        )
        if vote is None:
            return False
        _ensure_within_rate(voter, now)
        vote.withdrawn_at = now
        vote.save(update_fields=["withdrawn_at"])
        Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") - 1)
    return True


def helpful_votes_withdraw_all(*, voter) -> int:
    """Withdraw every live vote of an account (its deletion, when it takes back what it
    wrote). No rate limit: this is the account going, not a worker clicking."""
    now = timezone.now()
    withdrawn = 0
    with transaction.atomic():
        votes = HelpfulVote.objects.select_for_update().filter(voter=voter, withdrawn_at=None)
        for review_id in votes.order_by("review_id").values_list("review_id", flat=True):
            Review.objects.filter(pk=review_id).update(helpful_count=F("helpful_count") - 1)
            withdrawn += 1
        votes.update(withdrawn_at=now)
    return withdrawn

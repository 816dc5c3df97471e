"""The permission matrix at the service level: every moderation operation, called directly as
each persona (so a forged form or API call meets the same refusal), gives exactly the allowed
outcome, and a refused call changes nothing and logs nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from reviews.models import Flag, ModerationAction, Requester, RequesterClaim, Review, WorkerProfile
from reviews.services.claims import ClaimAlreadyExists, claim_approve, claim_create, claim_reject
from reviews.services.moderation import (
    flag_resolve,
    requesters_merge,
    review_ask_edit,
    review_hide,
    review_lock_replies,
    review_restore,
    review_unlock_replies,
    role_assign,
    user_suspend,
    user_unsuspend,
)
from tests.factories import RequesterFactory, UserFactory
from tests.reviews.moderation_cast import MODERATORS, PERSONAS, cast_make

pytestmark = pytest.mark.django_db

REASON = "Discloses the completion code."


def _flag(cast):
    return Flag.objects.create(
        review=cast.review, flagger=UserFactory(pseudonym="flagger"), reason=Flag.Reason.SPAM
    )


def _hidden(cast):
    Review.objects.filter(pk=cast.review.pk).update(status=Review.Status.HIDDEN)
    cast.review.refresh_from_db()


def _locked(cast):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)
    cast.review.refresh_from_db()


def _target():
    return UserFactory(pseudonym="target")


def _suspended_target():
    target = _target()
    WorkerProfile.objects.filter(user=target).update(
        posting_suspended_until=timezone.now() + timedelta(days=3)
    )
    return target


def _pending_claim(cast):
    return RequesterClaim.objects.create(
        user=UserFactory(pseudonym="claimant"),
        requester=cast.requester,
        statement="I am the lab manager.",
        contact="manager@lab.example",
    )


OPERATIONS = {
    "flag_resolve": lambda cast, actor: flag_resolve(
        flag=_flag(cast), moderator=actor, outcome="dismiss", reason=REASON
    ),
    "review_hide": lambda cast, actor: review_hide(
        review=cast.review, moderator=actor, reason=REASON
    ),
    "review_restore": lambda cast, actor: (
        _hidden(cast),
        review_restore(review=cast.review, moderator=actor, reason=REASON),
    ),
    "review_ask_edit": lambda cast, actor: review_ask_edit(
        review=cast.review, moderator=actor, reason=REASON
    ),
    "review_lock_replies": lambda cast, actor: review_lock_replies(
        review=cast.review, moderator=actor, reason=REASON
    ),
    "review_unlock_replies": lambda cast, actor: (
        _locked(cast),
        review_unlock_replies(review=cast.review, moderator=actor, reason=REASON),
    ),
    "user_suspend": lambda cast, actor: user_suspend(
        moderator=actor, user=_target(), until=timezone.now() + timedelta(days=7), reason=REASON
    ),
    "user_unsuspend": lambda cast, actor: user_unsuspend(
        moderator=actor, user=_suspended_target(), reason=REASON
    ),
    "role_assign": lambda cast, actor: role_assign(
        admin=actor, user=_target(), role="moderator", reason=REASON
    ),
    "claim_approve": lambda cast, actor: claim_approve(
        claim=_pending_claim(cast), moderator=actor, reason=REASON
    ),
    "claim_reject": lambda cast, actor: claim_reject(
        claim=_pending_claim(cast), moderator=actor, reason=REASON
    ),
    "requesters_merge": lambda cast, actor: requesters_merge(
        moderator=actor,
        keep=cast.requester,
        duplicate=RequesterFactory(display_name="Psych Lab (old id)"),
        reason=REASON,
    ),
}
# Who may do each: moderators (and admins) everything but assigning roles, which is admins'.
ALLOWED = {name: MODERATORS for name in OPERATIONS} | {"role_assign": {"admin"}}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_each_persona_gets_exactly_the_allowed_outcome(operation, persona):
    cast = cast_make()
    actor = cast[persona]
    before = ModerationAction.objects.count()

    if persona in ALLOWED[operation]:
        OPERATIONS[operation](cast, actor)
        assert ModerationAction.objects.count() == before + 1
        assert ModerationAction.objects.first().actor == actor
    else:
        with pytest.raises(PermissionDenied):
            OPERATIONS[operation](cast, actor)
        assert ModerationAction.objects.count() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_may_claim_the_requester_unless_already_its_representative(persona):
    cast = cast_make()
    actor = cast[persona]

    if persona == "stranger":
        with pytest.raises(PermissionDenied):
            claim_create(user=actor, requester=cast.requester, statement="Me.", contact="x")
    elif persona == "representative":
        with pytest.raises(ClaimAlreadyExists):
            claim_create(user=actor, requester=cast.requester, statement="Me.", contact="x")
    else:
        claim = claim_create(user=actor, requester=cast.requester, statement="Me.", contact="x")
        assert claim.status == RequesterClaim.Status.PENDING


def test_a_refused_hide_leaves_the_review_published():
    cast = cast_make()

    with pytest.raises(PermissionDenied):
        review_hide(review=cast.review, moderator=cast["worker"], reason=REASON)

    cast.review.refresh_from_db()
    assert cast.review.status == Review.Status.PUBLISHED


def test_a_refused_merge_moves_nothing():
    cast = cast_make()
    duplicate = RequesterFactory()

    with pytest.raises(PermissionDenied):
        requesters_merge(
            moderator=cast["representative"], keep=duplicate, duplicate=cast.requester, reason="x"
        )

    assert Requester.objects.get(pk=cast.requester.pk).merged_into is None
    assert cast.requester.reviews.count() == 1


@pytest.mark.parametrize("operation", sorted(set(OPERATIONS) - {"role_assign"}))
def test_a_suspended_moderator_is_refused_every_action(operation):
    cast = cast_make()
    WorkerProfile.objects.filter(user=cast["moderator"]).update(
        posting_suspended_until=timezone.now() + timedelta(days=1)
    )

    with pytest.raises(PermissionDenied):
        OPERATIONS[operation](cast, cast["moderator"])


def test_a_suspended_admin_is_refused_role_assignment():
    cast = cast_make()
    WorkerProfile.objects.filter(user=cast["admin"]).update(
        posting_suspended_until=timezone.now() + timedelta(days=1)
    )

    with pytest.raises(PermissionDenied):
        OPERATIONS["role_assign"](cast, cast["admin"])

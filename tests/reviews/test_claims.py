"""Requester claims: who may claim, one live claim each, moderators decide, contact details
stay with moderators, and an approved representative no longer reviews the requester."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models import ModerationAction, Notification, RequesterClaim, WorkerProfile
from reviews.permissions import represents
from reviews.services.claims import ClaimAlreadyExists, claim_approve, claim_create, claim_reject
from reviews.services.moderation import AlreadyDone, requesters_merge
from reviews.services.reviews import review_create
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, review_fields
from tests.reviews.moderation_cast import with_role

pytestmark = pytest.mark.django_db

CONTACT = "pi-office@lab.example, +1 555 0100"


@pytest.fixture
def requester(db):
    return RequesterFactory(external_id="A1B2C3D4E5F6G7", display_name="Psychology Lab")


@pytest.fixture
def moderator(db):
    return with_role(UserFactory(pseudonym="lamplighter"), "moderator")


@pytest.fixture
def claim(author, requester):
    return claim_create(
        user=author, requester=requester, statement="I run this lab's studies.", contact=CONTACT
    )


def test_a_verified_worker_claims_a_requester(claim, author, requester):
    assert (claim.user, claim.requester, claim.status) == (
        author,
        requester,
        RequesterClaim.Status.PENDING,
    )
    assert claim.contact == CONTACT
    assert not represents(author, requester.pk)


def test_an_unverified_user_cannot_claim(requester):
    unverified = UserFactory(verified=False)

    with pytest.raises(PermissionDenied):
        claim_create(user=unverified, requester=requester, statement="Me.", contact=CONTACT)


def test_a_suspended_user_cannot_claim(author, requester):
    WorkerProfile.objects.filter(user=author).update(
        posting_suspended_until=timezone.now() + timedelta(days=2)
    )

    with pytest.raises(PermissionDenied):
        claim_create(user=author, requester=requester, statement="Me.", contact=CONTACT)


@pytest.mark.parametrize("missing", ["statement", "contact"])
def test_a_claim_needs_a_statement_and_contact_details(author, requester, missing):
    values = {"statement": "I run it.", "contact": CONTACT, missing: "  "}

    with pytest.raises(ValidationError) as caught:
        claim_create(user=author, requester=requester, **values)

    assert missing in caught.value.message_dict


def test_one_live_claim_per_user_and_requester(claim, author, requester):
    with pytest.raises(ClaimAlreadyExists):
        claim_create(user=author, requester=requester, statement="Again.", contact=CONTACT)

    assert RequesterClaim.objects.count() == 1


def test_after_a_rejection_the_user_may_claim_again(claim, author, requester, moderator):
    claim_reject(claim=claim, moderator=moderator, reason="Could not verify the address.")

    again = claim_create(user=author, requester=requester, statement="Now with proof.", contact="x")

    assert again.status == RequesterClaim.Status.PENDING


def test_someone_who_reviewed_the_requester_may_still_claim_it(author, requester):
    ReviewFactory(author=author, requester=requester)

    claim = claim_create(user=author, requester=requester, statement="I run it.", contact=CONTACT)

    assert claim.pk is not None


def test_approving_makes_the_claimant_a_representative_and_tells_them(
    claim, author, requester, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim_approve(claim=claim, moderator=moderator, reason="Checked the lab's staff page.")

    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (RequesterClaim.Status.APPROVED, moderator)
    assert claim.decided_at is not None
    assert represents(author, requester.pk)
    (notification,) = Notification.objects.filter(user=author)
    assert notification.kind == "claim_decided"
    assert "approved" in notification.message
    assert mail.outbox[0].to == [author.email]


def test_rejecting_tells_the_claimant(claim, author, moderator):
    claim_reject(claim=claim, moderator=moderator, reason="Could not verify.")

    claim.refresh_from_db()
    assert claim.status == RequesterClaim.Status.REJECTED
    assert "rejected" in Notification.objects.get(user=author).message
    assert not represents(author, claim.requester_id)


def test_a_decision_is_logged_without_the_claimant_or_contact_details(claim, author, moderator):
    claim_approve(claim=claim, moderator=moderator, reason="Checked.")

    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.claim, entry.requester, entry.subject) == (
        ModerationAction.Kind.CLAIM_APPROVE,
        claim,
        claim.requester,
        None,
    )
    assert CONTACT not in str(entry.details) + entry.reason
    assert CONTACT not in Notification.objects.get(user=author).message


def test_a_claim_is_decided_only_once(claim, moderator):
    claim_approve(claim=claim, moderator=moderator, reason="Checked.")

    with pytest.raises(AlreadyDone):
        claim_reject(claim=claim, moderator=moderator, reason="Changed my mind.")


def test_a_moderator_cannot_decide_their_own_claim(requester, moderator):
    own = claim_create(user=moderator, requester=requester, statement="Me.", contact=CONTACT)

    with pytest.raises(PermissionDenied):
        claim_approve(claim=own, moderator=moderator, reason="Trust me.")


def test_a_claim_needs_a_reason_to_be_decided(claim, moderator):
    with pytest.raises(ValidationError):
        claim_approve(claim=claim, moderator=moderator, reason="")


def test_a_representative_may_not_review_the_requester_they_represent(
    claim, author, moderator, requester
):
    claim_approve(claim=claim, moderator=moderator, reason="Checked.")

    with pytest.raises(PermissionDenied):
        review_create(author=author, **review_fields(requester_id=requester.external_id))

    assert not requester.reviews.exists()


def test_a_representative_may_still_review_other_requesters(claim, author, moderator):
    claim_approve(claim=claim, moderator=moderator, reason="Checked.")

    review = review_create(author=author, **review_fields(requester_id="A9Z8Y7X6W5V4U3"))

    assert review.requester.external_id == "A9Z8Y7X6W5V4U3"


def test_a_pending_claimant_may_still_review(claim, author, requester):
    review = review_create(author=author, **review_fields(requester_id=requester.external_id))

    assert review.requester == requester


def test_a_claim_on_a_merged_duplicate_goes_to_the_kept_requester(author, moderator, requester):
    duplicate = RequesterFactory(platform=requester.platform)
    requesters_merge(moderator=moderator, keep=requester, duplicate=duplicate, reason="Same.")

    claim = claim_create(user=author, requester=duplicate, statement="Me.", contact=CONTACT)

    assert claim.requester == requester

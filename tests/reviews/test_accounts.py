"""Deleting an account: the password again, a choice for the reviews, every e-mail address
and fingerprint, token, session and notification gone, and nothing other people rely on lost."""

import logging
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from reviews.models import (
    ApiToken,
    Comment,
    Flag,
    HelpfulVote,
    ModerationAction,
    NetworkFingerprint,
    Notification,
    RequesterClaim,
    RequesterReply,
    Review,
)
from reviews.selectors.scores import requester_score_get
from reviews.services.accounts import account_delete
from reviews.services.notifications import notify
from reviews.services.tokens import token_authenticate
from tests.db_dump import database_text, table_count
from tests.own_data_cast import EMAIL, PASSWORD, SECOND_EMAIL, make_life

pytestmark = pytest.mark.django_db


@pytest.fixture
def life(django_capture_on_commit_callbacks):
    """Made with its after-commit work done (scores computed, abuse checks, e-mails)."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_life()


def logged_in_session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


def assert_no_address_anywhere(*addresses):
    dump = database_text().casefold()
    for address in addresses:
        assert address.casefold() not in dump, f"{address} is still in the database"


def test_the_dump_sees_every_table_and_finds_the_address_before_deletion(life):
    logged_in_session(life.worker)

    dump = database_text().casefold()

    assert table_count() > 20
    assert EMAIL.casefold() in dump
    assert SECOND_EMAIL.casefold() in dump
    assert "-- django_session" in dump and "-- account_emailaddress" in dump


def test_after_deletion_no_table_names_the_address(life, django_capture_on_commit_callbacks):
    logged_in_session(life.worker)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=life.worker, password=PASSWORD, reviews="keep")

    assert_no_address_anywhere(EMAIL, SECOND_EMAIL, "jane.doe@")
    # The others' addresses are untouched.
    assert "other@example.org" in database_text()


def test_the_account_is_a_tombstone_under_its_pseudonym(life):
    account_delete(user=life.worker, password=PASSWORD, reviews="keep")

    worker = type(life.worker).objects.get(pk=life.worker.pk)
    assert (worker.username, worker.email, worker.is_active) == (f"deleted-{worker.pk}", "", False)
    assert not worker.has_usable_password()
    assert worker.profile.pseudonym == "jane-d"
    assert worker.profile.deleted_at is not None
    assert authenticate(email=EMAIL, password=PASSWORD) is None
    assert authenticate(username="jane.doe", password=PASSWORD) is None


def test_tokens_sessions_fingerprints_notifications_and_addresses_are_erased(life):
    session = logged_in_session(life.worker)
    other_session = logged_in_session(life.other)

    account_delete(user=life.worker, password=PASSWORD, reviews="keep")

    assert not EmailAddress.objects.filter(user=life.worker).exists()
    assert not ApiToken.objects.filter(user=life.worker).exists()
    assert token_authenticate(secret=life.token_secret) is None
    assert not NetworkFingerprint.objects.filter(user=life.worker).exists()
    assert not Notification.objects.filter(user=life.worker).exists()
    assert not Session.objects.filter(session_key=session).exists()
    assert Session.objects.filter(session_key=other_session).exists()
    assert not Review.objects.filter(author=life.worker, idempotency_key__isnull=False).exists()


def test_kept_reviews_stay_public_and_counted(life):
    account_delete(user=life.worker, password=PASSWORD, reviews="keep")

    own = Review.objects.get(pk=life.own_review.pk)
    assert own.status == Review.Status.PUBLISHED
    assert own.author.profile.pseudonym == "jane-d"
    assert own.helpful_count == 1  # the other worker's vote on it stays
    assert "[e-mail removed]" in own.text
    assert own.revisions.count() == 0
    assert Review.objects.get(pk=life.edited_review.pk).revisions.count() == 1
    # Her own vote on someone else's review still counts.
    assert Review.objects.get(pk=life.others_review.pk).helpful_count == 1


def test_what_others_rely_on_stays(life):
    log_before = ModerationAction.objects.count()

    account_delete(user=life.worker, password=PASSWORD, reviews="withdraw")

    assert ModerationAction.objects.count() == log_before
    entry = ModerationAction.objects.filter(subject=life.worker).first()
    assert entry.subject.profile.pseudonym == "jane-d"
    assert Comment.objects.filter(author=life.worker).count() == 1
    assert RequesterReply.objects.filter(author=life.worker).count() == 1
    assert Flag.objects.filter(flagger=life.worker).count() == 1
    assert life.represented_review.disputes.filter(opened_by=life.worker).exists()
    # The other worker's account, review and vote are untouched.
    other = type(life.other).objects.get(pk=life.other.pk)
    assert other.is_active and other.email == "other@example.org"
    assert Review.objects.get(pk=life.others_review.pk).status == Review.Status.PUBLISHED


def test_claims_are_withdrawn_and_their_contacts_erased(life):
    account_delete(user=life.worker, password=PASSWORD, reviews="keep")

    claims = RequesterClaim.objects.filter(user=life.worker)
    assert set(claims.values_list("status", flat=True)) == {RequesterClaim.Status.WITHDRAWN}
    assert set(claims.values_list("contact", flat=True)) == {"(erased with the account)"}


def test_withdrawn_reviews_leave_the_scores(life, django_capture_on_commit_callbacks):
    requester = life.own_review.requester
    assert requester_score_get(requester=requester).data["all"]["n"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=life.worker, password=PASSWORD, reviews="withdraw")

    assert set(Review.objects.filter(author=life.worker).values_list("status", flat=True)) == {
        Review.Status.WITHDRAWN
    }
    assert requester_score_get(requester=requester).data["all"]["n"] == 0
    # Her helpful vote is withdrawn with her reviews.
    assert Review.objects.get(pk=life.others_review.pk).helpful_count == 0
    assert not HelpfulVote.objects.filter(voter=life.worker, withdrawn_at=None).exists()


def test_a_wrong_password_changes_nothing(life):
    with pytest.raises(ValidationError, match="not your password"):
        account_delete(user=life.worker, password="guess", reviews="keep")

    life.worker.refresh_from_db()
    assert life.worker.is_active and life.worker.email == EMAIL
    assert EmailAddress.objects.filter(user=life.worker).count() == 2
    assert ApiToken.objects.filter(user=life.worker).exists()


def test_an_unknown_choice_for_the_reviews_changes_nothing(life):
    with pytest.raises(ValidationError, match="Choose"):
        account_delete(user=life.worker, password=PASSWORD, reviews="delete")

    life.worker.refresh_from_db()
    assert life.worker.is_active


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_moderator_or_admin_hands_the_role_over_first(life, role):
    account = life.moderator if role == "moderator" else life.admin

    with pytest.raises(PermissionDenied, match="hand your role over"):
        account_delete(user=account, password=PASSWORD, reviews="keep")

    account.refresh_from_db()
    assert account.is_active and EmailAddress.objects.filter(user=account).exists()


def test_a_staff_account_is_refused(life):
    life.other.is_staff = True
    life.other.save()

    with pytest.raises(PermissionDenied, match="staff"):
        account_delete(user=life.other, password=PASSWORD, reviews="keep")


def test_a_suspended_worker_may_delete_their_account(life):
    life.worker.profile.posting_suspended_until = timezone.now() + timedelta(days=3)
    life.worker.profile.save()

    account_delete(user=life.worker, password=PASSWORD, reviews="keep")

    life.worker.refresh_from_db()
    assert not life.worker.is_active


def test_a_deleted_account_cannot_be_deleted_again(life):
    """Its password is gone, so a second attempt (a second tab) is refused and the choice
    made first stands."""
    account_delete(user=life.worker, password=PASSWORD, reviews="keep")
    life.worker.refresh_from_db()

    with pytest.raises(ValidationError):
        account_delete(user=life.worker, password=PASSWORD, reviews="withdraw")

    assert Review.objects.filter(author=life.worker, status="published").count() == 2


def test_a_deleted_account_is_told_nothing_more(life):
    account_delete(user=life.worker, password=PASSWORD, reviews="keep")
    life.worker.refresh_from_db()

    assert notify(user=life.worker, kind="test", message="Hello?") is None
    assert not Notification.objects.filter(user=life.worker).exists()


def test_no_log_line_and_no_mail_names_the_address(
    life, caplog, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        account_delete(user=life.worker, password=PASSWORD, reviews="withdraw")

    assert any("deleted" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        assert EMAIL.casefold() not in record.getMessage().casefold()
    assert all(EMAIL.casefold() not in " ".join(m.to).casefold() for m in mail.outbox)

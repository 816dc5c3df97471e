"""Deleting an account: what goes, what stays, and for whom.

The account's row stays as a tombstone (deactivated, no password, no e-mail, username
``deleted-<id>``) under its pseudonym, because other people's data points at it: reviews others
read and scores rest on, comments in discussions, requester replies, disputes and claims
moderators decided, flags, helpful votes, abuse signals and the append-only moderation log,
which keeps its entries with the pseudonym only. Erased for good: every e-mail address
(allauth's EmailAddress and its confirmations, User.email, the username allauth made from the
address, the admin log's name for the account, the e-mail written into the account's own
texts), network fingerprints, API tokens, sessions, notifications, idempotency keys, the
contact details of requester claims.

The worker chooses what happens to their reviews: ``keep`` (they stay public, pseudonymous,
tied to no e-mail) or ``withdraw`` (each through review_withdraw, so scores recompute, and
their helpful votes are withdrawn too). Comments, replies, flags and disputes stay in either
case: they are part of conversations and decisions other people took part in.

A moderator or admin can't delete their account while they hold the role: an admin hands it
over first (role_assign, logged), so nobody leaves a moderation role without a public trace
and the last admin can't vanish by accident. A Django staff or superuser account likewise
loses that status in the admin first.
"""

from __future__ import annotations

import logging
import re

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reviews.models import (
    ApiToken,
    Comment,
    Dispute,
    Flag,
    NetworkFingerprint,
    Notification,
    RequesterClaim,
    RequesterReply,
    Review,
    ReviewRevision,
    WorkerProfile,
)
from reviews.services.reviews import review_withdraw
from reviews.services.votes import helpful_votes_withdraw_all

logger = logging.getLogger(__name__)

REVIEW_CHOICES = ("keep", "withdraw")
EMAIL_REMOVED = "[e-mail removed]"
DELETED_ACCOUNT = "(deleted account)"
CLAIM_CONTACT_ERASED = "(erased with the account)"
SESSION_CHUNK = 2000


def ensure_can_delete(user) -> None:
    """Refuse, saying what to do first, an account whose deletion would leave a role or an
    administrative power without a public hand-over."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Log in to delete your account.")
    profile = WorkerProfile.objects.filter(user=user).first()
    if profile is not None and profile.is_moderator:
        raise PermissionDenied(
            f"You are {'an admin' if profile.role == 'admin' else 'a moderator'}. Ask an admin "
            "to hand your role over (make your account a worker's) before you delete it; your "
            "decisions stay in the moderation log under your pseudonym."
        )
    if user.is_staff or user.is_superuser:
        raise PermissionDenied(
            "This account administers the site. Remove its staff and superuser status in the "
            "admin before you delete it."
        )


def account_delete(*, user, password: str, reviews: str) -> None:
    """Delete the account after checking its password; ``reviews`` is "keep" or "withdraw".

    All or nothing: a wrong password, a refused role or any failure changes nothing.
    """
    if reviews not in REVIEW_CHOICES:
        raise ValidationError({"reviews": "Choose whether your reviews stay or are withdrawn."})
    if not password or not user.check_password(password):
        raise ValidationError({"password": "That is not your password; nothing was deleted."})
    ensure_can_delete(user)
    with transaction.atomic():
        # One deletion at a time per account (two tabs): the second finds it done.
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return
        addresses = _addresses(user)
        if reviews == "withdraw":
            for review in Review.objects.filter(author=user).exclude(
                status=Review.Status.WITHDRAWN
            ):
                review_withdraw(review=review, actor=user)
            helpful_votes_withdraw_all(voter=user)
        _scrub_own_texts(user, addresses)
        Review.objects.filter(author=user).update(idempotency_key=None)
        RequesterClaim.objects.filter(
            user=user, status__in=[RequesterClaim.Status.PENDING, RequesterClaim.Status.APPROVED]
        ).update(status=RequesterClaim.Status.WITHDRAWN, decided_at=timezone.now())
        RequesterClaim.objects.filter(user=user).update(contact=CLAIM_CONTACT_ERASED)
        NetworkFingerprint.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        Notification.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        _erase_admin_log_names(user, addresses)
        _erase_sessions(user)
        WorkerProfile.objects.filter(user=user).update(deleted_at=timezone.now())
        user.username = f"deleted-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.last_login = None
        user.save()
    # The id only: the address must not reach a log either.
    logger.info("account %s deleted, reviews: %s", user.pk, reviews)


def _addresses(user) -> list[str]:
    found = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return sorted((a for a in found if a), key=len, reverse=True)


def _without(text: str, pattern: re.Pattern | None) -> str:
    return pattern.sub(EMAIL_REMOVED, text) if pattern is not None and text else text


def _scrub_own_texts(user, addresses: list[str]) -> None:
    """The account's e-mail addresses, where the account itself wrote them into something
    that stays (a review, a comment, a claim): replaced, in Python, so that the address never
    appears in a query either."""
    pattern = (
        re.compile("|".join(re.escape(a) for a in addresses), re.IGNORECASE) if addresses else None
    )
    if pattern is None:
        return
    texts = {
        Review.objects.filter(author=user): (
            "task_title",
            "text",
            "recommend_reason",
            "tos_context",
            "broken_context",
        ),
        Comment.objects.filter(author=user): ("text",),
        RequesterReply.objects.filter(author=user): ("text",),
        Flag.objects.filter(flagger=user): ("explanation",),
        Dispute.objects.filter(opened_by=user): ("statement",),
        Dispute.objects.filter(review__author=user): ("author_answer",),
        Dispute.objects.filter(appealed_by=user): ("appeal_statement",),
        RequesterClaim.objects.filter(user=user): ("statement",),
    }
    for queryset, fields in texts.items():
        for row in queryset.only("pk", *fields).iterator(chunk_size=500):
            changed = [f for f in fields if _without(getattr(row, f), pattern) != getattr(row, f)]
            if changed:
                for name in changed:
                    setattr(row, name, _without(getattr(row, name), pattern))
                type(row).objects.filter(pk=row.pk).update(
                    **{name: getattr(row, name) for name in changed}
                )
    revisions = ReviewRevision.objects.filter(review__author=user).only("pk", "values")
    for revision in revisions.iterator(chunk_size=500):
        values = {
            k: _without(v, pattern) if isinstance(v, str) else v for k, v in revision.values.items()
        }
        if values != revision.values:
            ReviewRevision.objects.filter(pk=revision.pk).update(values=values)


def _erase_admin_log_names(user, addresses: list[str]) -> None:
    """The admin's history names a changed object by its str() (for a user, the username
    allauth derived from the address) and may quote the address in its change message."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    )
    entries.update(object_repr=DELETED_ACCOUNT)
    if not addresses:
        return
    pattern = re.compile("|".join(re.escape(a) for a in addresses), re.IGNORECASE)
    for entry in entries.only("pk", "change_message"):
        cleaned = _without(entry.change_message, pattern)
        if cleaned != entry.change_message:
            LogEntry.objects.filter(pk=entry.pk).update(change_message=cleaned)


def _erase_sessions(user) -> None:
    """Every stored session logged in as this account. Sessions aren't indexed by user, so
    the live ones are decoded in chunks; the new unusable password would end them at their
    next request anyway, but they would still sit in the table."""
    now = timezone.now()
    store = SessionStore()
    mine: list[str] = []
    live = Session.objects.filter(expire_date__gt=now).values_list("session_key", "session_data")
    for key, data in live.iterator(chunk_size=SESSION_CHUNK):
        if store.decode(data).get("_auth_user_id") == str(user.pk):
            mine.append(key)
    Session.objects.filter(session_key__in=mine).delete()
    # Expired ones can't be told apart without decoding them all; they are dead anyway
    # (what `manage.py clearsessions` deletes), so they go too.
    Session.objects.filter(expire_date__lte=now).delete()

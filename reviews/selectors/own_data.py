"""Everything Lantern holds about one account, as plain values, for the account's own export.

``own_data_sections(user)`` yields (name, value) pairs in a fixed order; a value is a dict or
an iterator of dicts, read from the database in chunks (``.iterator``), so a prolific worker's
thousands of reviews never sit in memory at once. ``own_review_rows(user)`` is the same
reviews as flat rows for a spreadsheet.

What is left out, on purpose: token secrets and their hashes (and the clear prefix, which is
the start of the secret), network fingerprints' hashes (only which action was recorded when),
the abuse signals moderators work on (they name other accounts; what came of them is in the
moderation log), who opened a dispute or decided a flag beyond what the public log shows, and
anything about other people: no other account's e-mail, fingerprint or private statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from reviews.models import (
    ApiToken,
    Comment,
    Dispute,
    Flag,
    HelpfulVote,
    ModerationAction,
    NetworkFingerprint,
    Notification,
    RequesterClaim,
    RequesterReply,
    Review,
    ReviewRevision,
)
from reviews.services.profiles import profile_ensure

FORMAT = "lantern-account-export"
VERSION = 1
CHUNK = 500
# Log entries that show the account they concern (by pseudonym), as the public log does.
ACCOUNT_KINDS = (
    ModerationAction.Kind.USER_SUSPEND,
    ModerationAction.Kind.USER_UNSUSPEND,
    ModerationAction.Kind.ROLE_ASSIGN,
)
REVIEW_FIELDS = (
    *Review.EDITABLE_FIELDS,
    "hourly_wage",
    "status",
    "moderation_reason",
    "replies_locked",
    "helpful_count",
    "idempotency_key",
    "created_at",
    "updated_at",
)


def _requester(requester) -> dict[str, Any]:
    return {
        "platform": requester.platform.slug,
        "requester_id": requester.external_id,
        "name": requester.display_name,
    }


def own_data_sections(user) -> Iterator[tuple[str, Any]]:
    """The export of ``user``'s data, section by section (see the module's docstring)."""
    yield "format", FORMAT
    yield "version", VERSION
    yield "exported_at", timezone.now()
    yield "site", settings.SITE_NAME
    yield "account", _account(user)
    yield "reviews", _reviews(user)
    yield "flags", _flags(user)
    yield "comments", _comments(user)
    yield "requester_replies", _replies(user)
    yield "disputes_opened", _disputes_opened(user)
    yield "requester_claims", _claims(user)
    yield "helpful_votes", _votes(user)
    yield "api_tokens", _tokens(user)
    yield "notifications", _notifications(user)
    yield "network_records", _network_records(user)
    yield "moderation_log", _moderation_log(user)


def _account(user) -> dict[str, Any]:
    profile = profile_ensure(user=user)
    emails = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "pseudonym": profile.pseudonym,
        "role": profile.role,
        "joined_at": user.date_joined,
        "last_login": user.last_login,
        "posting_suspended_until": profile.posting_suspended_until,
        "suspension_reason": profile.suspension_reason,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary} for e in emails
        ],
    }


def _dispute_on_own_review(dispute: Dispute) -> dict[str, Any]:
    """A dispute of the account's review, as its author (a party) sees it."""
    return {
        "id": dispute.pk,
        "ground": dispute.ground,
        "statement": dispute.statement,
        "your_answer": dispute.author_answer,
        "answered_at": dispute.author_answered_at,
        "status": dispute.status,
        "decision": dispute.decision,
        "rationale": dispute.rationale,
        "decided_at": dispute.decided_at,
        "appeal_statement": dispute.appeal_statement,
        "appealed_at": dispute.appealed_at,
        "appeal_decision": dispute.appeal_decision,
        "appeal_rationale": dispute.appeal_rationale,
        "appeal_decided_at": dispute.appeal_decided_at,
        "created_at": dispute.created_at,
    }


def _own_reviews(user):
    return (
        Review.objects.filter(author=user)
        .select_related("requester__platform", "reply")
        .order_by("created_at", "pk")
    )


def _reviews(user) -> Iterator[dict[str, Any]]:
    reviews = _own_reviews(user).prefetch_related(
        Prefetch("revisions", queryset=ReviewRevision.objects.order_by("number")),
        Prefetch("disputes", queryset=Dispute.objects.order_by("created_at", "pk")),
    )
    for review in reviews.iterator(chunk_size=CHUNK):
        reply = getattr(review, "reply", None)
        yield {
            "id": review.pk,
            "url": reverse("reviews:review_detail", args=[review.pk]),
            "requester": _requester(review.requester),
            **{name: getattr(review, name) for name in REVIEW_FIELDS},
            "revisions": [
                {"number": r.number, "edited_at": r.edited_at, "values_before": r.values}
                for r in review.revisions.all()
            ],
            "requester_reply": (
                {"text": reply.text, "created_at": reply.created_at} if reply else None
            ),
            "disputes": [_dispute_on_own_review(d) for d in review.disputes.all()],
        }


def _rows(queryset, *fields: str) -> Iterator[dict[str, Any]]:
    """The rows' fields as dicts, oldest first, read CHUNK at a time."""
    return queryset.order_by("created_at", "pk").values(*fields).iterator(CHUNK)


def _flags(user) -> Iterator[dict[str, Any]]:
    return _rows(
        Flag.objects.filter(flagger=user),
        *("id", "review_id", "reason", "explanation", "status", "created_at", "resolved_at"),
    )


def _comments(user) -> Iterator[dict[str, Any]]:
    return _rows(
        Comment.objects.filter(author=user), "id", "review_id", "text", "status", "created_at"
    )


def _replies(user) -> Iterator[dict[str, Any]]:
    return _rows(RequesterReply.objects.filter(author=user), "review_id", "text", "created_at")


def _disputes_opened(user) -> Iterator[dict[str, Any]]:
    return _rows(
        Dispute.objects.filter(opened_by=user),
        *("id", "review_id", "ground", "statement", "status", "decision", "rationale"),
        *("decided_at", "appeal_statement", "appealed_at", "appeal_decision"),
        *("appeal_rationale", "appeal_decided_at", "created_at"),
    )


def _claims(user) -> Iterator[dict[str, Any]]:
    claims = (
        RequesterClaim.objects.filter(user=user)
        .select_related("requester__platform")
        .order_by("created_at", "pk")
    )
    for claim in claims.iterator(CHUNK):
        yield {
            "requester": _requester(claim.requester),
            "statement": claim.statement,
            "contact": claim.contact,
            "status": claim.status,
            "created_at": claim.created_at,
            "decided_at": claim.decided_at,
        }


def _votes(user) -> Iterator[dict[str, Any]]:
    return _rows(HelpfulVote.objects.filter(voter=user), "review_id", "created_at", "withdrawn_at")


def _tokens(user) -> Iterator[dict[str, Any]]:
    # Names and dates only: never the secret, its hash, or its clear prefix.
    return _rows(
        ApiToken.objects.filter(user=user), "name", "created_at", "last_used_at", "revoked_at"
    )


def _notifications(user) -> Iterator[dict[str, Any]]:
    return _rows(
        Notification.objects.filter(user=user), "kind", "message", "url", "created_at", "read_at"
    )


def _network_records(user) -> Iterator[dict[str, Any]]:
    """That a write's network was recorded, and when; the keyed hashes themselves are left
    out (they say nothing to their owner and are compared only with other accounts')."""
    return _rows(NetworkFingerprint.objects.filter(user=user), "action", "review_id", "created_at")


def _moderation_log(user) -> Iterator[dict[str, Any]]:
    """The public log's entries about this account or what it wrote, shown as the log shows
    them: the moderator by pseudonym, the reason, what it concerned."""
    about = (
        Q(subject=user)
        | Q(review__author=user)
        | Q(flag__flagger=user)
        | Q(claim__user=user)
        | Q(dispute__opened_by=user)
    )
    actions = (
        ModerationAction.objects.filter(about)
        .select_related("actor__profile", "review__requester__platform", "requester__platform")
        .select_related("subject__profile")
        .order_by("created_at", "pk")
    )
    for action in actions.iterator(CHUNK):
        requester = action.requester or (action.review.requester if action.review else None)
        yield {
            "id": action.pk,
            "created_at": action.created_at,
            "kind": action.kind,
            "kind_label": action.get_kind_display(),
            "moderator": action.actor.profile.pseudonym,
            "reason": action.reason,
            "review_id": action.review_id,
            "requester": _requester(requester) if requester is not None else None,
            "account": (
                action.subject.profile.pseudonym
                if action.subject is not None and action.kind in ACCOUNT_KINDS
                else None
            ),
        }


# --- The reviews as a table -----------------------------------------------------------------

REVIEW_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "status",
    "platform",
    "requester_id",
    "requester_name",
    *(name for name in REVIEW_FIELDS if name not in ("status", "created_at", "updated_at")),
    "revisions",
    "url",
)


def own_review_rows(user) -> Iterable[list[Any]]:
    """The account's reviews, one list per review in REVIEW_COLUMNS' order, oldest first."""
    reviews = _own_reviews(user).annotate(revision_count=Count("revisions"))
    for review in reviews.iterator(chunk_size=CHUNK):
        values = {
            "id": review.pk,
            "platform": review.requester.platform.slug,
            "requester_id": review.requester.external_id,
            "requester_name": review.requester.display_name,
            "revisions": review.revision_count,
            "url": reverse("reviews:review_detail", args=[review.pk]),
            **{name: getattr(review, name) for name in REVIEW_FIELDS},
        }
        yield [values[column] for column in REVIEW_COLUMNS]

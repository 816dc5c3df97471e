"""The permission matrix in the API: every moderation endpoint, as each persona with their own
token. No token is 401; a holder who may not act is 403 with the reason; the allowed succeed
and their action is logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Flag, ModerationAction, RequesterClaim, Review, WorkerProfile
from reviews.services.tokens import token_create
from tests.factories import RequesterFactory, UserFactory
from tests.reviews.moderation_cast import MODERATORS, PERSONAS, cast_make

pytestmark = pytest.mark.django_db

REASON = "Discloses the completion code."


def _send(client, cast, persona: str, method: str, url: str, body: dict | None = None):
    headers = {}
    if persona != "stranger":
        secret = token_create(user=cast[persona], name="matrix")[1]
        headers["Authorization"] = f"Token {secret}"
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def _review_action(name: str, prepare=None):
    def build(cast):
        if prepare:
            prepare(cast)
        return reverse(f"api:review-{name}", args=[cast.review.pk]), {"reason": REASON}

    return build


def _hide(cast):
    Review.objects.filter(pk=cast.review.pk).update(status=Review.Status.HIDDEN)


def _lock(cast):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)


def _flag_resolve(cast):
    flag = Flag.objects.create(
        review=cast.review, flagger=UserFactory(pseudonym="flagger"), reason=Flag.Reason.SPAM
    )
    return reverse("api:flag-resolve", args=[flag.pk]), {"outcome": "dismiss", "reason": REASON}


def _account(name: str, suspended: bool = False, **extra):
    def build(cast):
        target = UserFactory(pseudonym="target")
        if suspended:
            WorkerProfile.objects.filter(user=target).update(
                posting_suspended_until=timezone.now() + timedelta(days=3)
            )
        return reverse(f"api:user-{name}", args=["target"]), {"reason": REASON, **extra}

    return build


def _claim(decision: str):
    def build(cast):
        claim = RequesterClaim.objects.create(
            user=UserFactory(), requester=cast.requester, statement="Me.", contact="c@lab.example"
        )
        return reverse(f"api:claim-{decision}", args=[claim.pk]), {"reason": REASON}

    return build


def _merge(cast):
    duplicate = RequesterFactory()
    return reverse("api:requesters-merge"), {
        "platform": cast.requester.platform.slug,
        "keep": cast.requester.external_id,
        "duplicate": duplicate.external_id,
        "reason": REASON,
    }


IN_A_WEEK = (timezone.now() + timedelta(days=7)).isoformat()
POSTS = {
    "hide": _review_action("hide"),
    "restore": _review_action("restore", _hide),
    "ask_edit": _review_action("ask-edit"),
    "lock_replies": _review_action("lock-replies"),
    "unlock_replies": _review_action("unlock-replies", _lock),
    "flag_resolve": _flag_resolve,
    "suspend": _account("suspend", until=IN_A_WEEK),
    "unsuspend": _account("unsuspend", suspended=True),
    "role": _account("role", role="moderator"),
    "claim_approve": _claim("approve"),
    "claim_reject": _claim("reject"),
    "merge": _merge,
}
ALLOWED = {name: MODERATORS for name in POSTS} | {"role": {"admin"}}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(POSTS))
def test_each_persona_gets_exactly_the_allowed_answer_from_each_endpoint(
    client, operation, persona
):
    cast = cast_make()
    url, body = POSTS[operation](cast)

    response = _send(client, cast, persona, "post", url, body)

    if persona == "stranger":
        assert response.status_code == 401
        assert not ModerationAction.objects.exists()
    elif persona in ALLOWED[operation]:
        assert response.status_code == 200, response.json()
        assert ModerationAction.objects.get().actor == cast[persona]
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_moderators_read_the_queue(client, persona):
    cast = cast_make()

    response = _send(client, cast, persona, "get", reverse("api:moderation-queue"))

    expected = 401 if persona == "stranger" else 200 if persona in MODERATORS else 403
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_reads_the_moderation_log(client, persona):
    cast = cast_make()

    assert _send(client, cast, persona, "get", reverse("api:moderation-log")).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_allowed_answer_when_claiming(client, persona):
    cast = cast_make()
    url = reverse(
        "api:requester-claims", args=[cast.requester.platform.slug, cast.requester.external_id]
    )
    before = RequesterClaim.objects.count()

    response = _send(
        client, cast, persona, "post", url, {"statement": "I run it.", "contact": "x@lab.example"}
    )

    expected = {"stranger": 401, "representative": 400}.get(persona, 201)
    assert response.status_code == expected
    assert RequesterClaim.objects.count() == before + (1 if expected == 201 else 0)


@pytest.mark.parametrize("operation", sorted(set(POSTS) - {"role"}))
def test_a_suspended_moderator_is_refused_every_endpoint(client, operation):
    cast = cast_make()
    WorkerProfile.objects.filter(user=cast["moderator"]).update(
        posting_suspended_until=timezone.now() + timedelta(days=1)
    )
    url, body = POSTS[operation](cast)

    response = _send(client, cast, "moderator", "post", url, body)

    assert response.status_code == 403
    assert not ModerationAction.objects.exists()


def test_a_suspended_worker_cannot_claim_through_the_api(client):
    cast = cast_make()
    WorkerProfile.objects.filter(user=cast["worker"]).update(
        posting_suspended_until=timezone.now() + timedelta(days=1)
    )
    url = reverse(
        "api:requester-claims", args=[cast.requester.platform.slug, cast.requester.external_id]
    )

    response = _send(client, cast, "worker", "post", url, {"statement": "Me.", "contact": "x"})

    assert response.status_code == 403
    assert "suspended" in response.json()["detail"]

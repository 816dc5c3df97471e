"""The permission matrix on the web: every moderation page and form, as each persona. A
stranger is sent to log in; anyone not allowed gets 403 even with a hand-made POST; the
allowed get the page, or their action done and logged."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.models import Flag, ModerationAction, RequesterClaim, Review, WorkerProfile
from tests.factories import RequesterFactory, UserFactory
from tests.reviews.moderation_cast import MODERATORS, PERSONAS, cast_make

pytestmark = pytest.mark.django_db

REASON = "Discloses the completion code."
LOGIN = reverse("account_login")


def _client(cast, persona: str) -> Client:
    client = Client()
    if persona != "stranger":
        client.force_login(cast[persona])
    return client


def _review_action(action: str, prepare=None):
    def build(cast):
        if prepare:
            prepare(cast)
        return reverse("reviews:moderation_review_action", args=[cast.review.pk, action]), {
            "reason": REASON
        }

    return build


def _hide(cast):
    Review.objects.filter(pk=cast.review.pk).update(status=Review.Status.HIDDEN)


def _lock(cast):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)


def _flag_resolve(cast):
    flag = Flag.objects.create(
        review=cast.review, flagger=UserFactory(pseudonym="flagger"), reason=Flag.Reason.SPAM
    )
    return reverse("reviews:moderation_flag_resolve", args=[flag.pk]), {
        "outcome": "dismiss",
        "reason": REASON,
    }


def _account(action: str, suspended: bool = False, **extra):
    def build(cast):
        target = UserFactory(pseudonym="target")
        if suspended:
            WorkerProfile.objects.filter(user=target).update(
                posting_suspended_until=timezone.now() + timedelta(days=3)
            )
        url = reverse(f"reviews:moderation_account_{action}", args=["target"])
        return url, {"reason": REASON, **extra}

    return build


def _claim(decision: str):
    def build(cast):
        claim = RequesterClaim.objects.create(
            user=UserFactory(), requester=cast.requester, statement="Me.", contact="c@lab.example"
        )
        return reverse("reviews:moderation_claim_decide", args=[claim.pk, decision]), {
            "reason": REASON
        }

    return build


def _merge(cast):
    duplicate = RequesterFactory()
    return reverse("reviews:moderation_merge"), {
        "platform": cast.requester.platform.slug,
        "keep": cast.requester.external_id,
        "duplicate": duplicate.external_id,
        "reason": REASON,
    }


IN_A_WEEK = (timezone.now() + timedelta(days=7)).date().isoformat()
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
def test_each_persona_gets_exactly_the_allowed_outcome_from_each_form(operation, persona):
    cast = cast_make()
    url, data = POSTS[operation](cast)

    response = _client(cast, persona).post(url, data)

    if persona == "stranger":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        assert not ModerationAction.objects.exists()
    elif persona in ALLOWED[operation]:
        assert response.status_code == 302
        assert ModerationAction.objects.get().actor == cast[persona]
    else:
        assert response.status_code == 403
        assert not ModerationAction.objects.exists()


PAGES = {
    "queue": lambda cast: reverse("reviews:moderation_queue"),
    "case": lambda cast: reverse("reviews:moderation_case", args=[cast.review.pk]),
    "account": lambda cast: reverse("reviews:moderation_account", args=["the-author"]),
    "claim": lambda cast: reverse(
        "reviews:moderation_claim",
        args=[RequesterClaim.objects.get(user=cast["representative"]).pk],
    ),
    "merge": lambda cast: reverse("reviews:moderation_merge"),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_only_moderators_see_the_moderation_pages(page, persona):
    cast = cast_make()

    response = _client(cast, persona).get(PAGES[page](cast))

    if persona == "stranger":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    elif persona in MODERATORS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_reads_the_moderation_log(persona):
    cast = cast_make()

    assert _client(cast, persona).get(reverse("reviews:moderation_log")).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["hidden_reviews", "notifications"])
def test_logged_in_people_see_hidden_reviews_and_their_notifications(name, persona):
    cast = cast_make()

    response = _client(cast, persona).get(reverse(f"reviews:{name}"))

    assert response.status_code == (302 if persona == "stranger" else 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_allowed_outcome_from_the_claim_form(persona):
    cast = cast_make()
    url = reverse(
        "reviews:claim_new", args=[cast.requester.platform.slug, cast.requester.external_id]
    )
    before = RequesterClaim.objects.count()

    response = _client(cast, persona).post(
        url, {"statement": "I run the lab.", "contact": "lab@example.org"}
    )

    if persona == "stranger":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        assert RequesterClaim.objects.count() == before
    elif persona == "representative":  # already represents it: told so, nothing new
        assert response.status_code == 200
        assert RequesterClaim.objects.count() == before
    else:
        assert response.status_code == 302
        assert RequesterClaim.objects.count() == before + 1


@pytest.mark.parametrize("operation", sorted(set(POSTS) - {"role"}))
def test_a_suspended_moderator_is_refused_every_form(operation):
    cast = cast_make()
    WorkerProfile.objects.filter(user=cast["moderator"]).update(
        posting_suspended_until=timezone.now() + timedelta(days=1)
    )
    url, data = POSTS[operation](cast)

    response = _client(cast, "moderator").post(url, data)

    assert response.status_code == 403
    assert not ModerationAction.objects.exists()


def test_a_suspended_worker_cannot_send_a_claim():
    cast = cast_make()
    WorkerProfile.objects.filter(user=cast["worker"]).update(
        posting_suspended_until=timezone.now() + timedelta(days=1)
    )
    url = reverse(
        "reviews:claim_new", args=[cast.requester.platform.slug, cast.requester.external_id]
    )

    response = _client(cast, "worker").post(url, {"statement": "Me.", "contact": "x"})

    assert response.status_code == 403
    assert not RequesterClaim.objects.filter(user=cast["worker"]).exists()


def test_moderation_forms_need_the_csrf_token():
    cast = cast_make()
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["moderator"])

    response = client.post(
        reverse("reviews:moderation_review_action", args=[cast.review.pk, "hide"]),
        {"reason": REASON},
    )

    assert response.status_code == 403
    assert not ModerationAction.objects.exists()

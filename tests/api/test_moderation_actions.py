"""The moderation endpoints do what the web does: same services, same rules, JSON answers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reviews.models import (
    Flag,
    ModerationAction,
    RequesterClaim,
    RequesterScore,
    Review,
    WorkerProfile,
)
from reviews.services.claims import claim_approve, claim_create
from reviews.services.flags import flag_create
from reviews.services.moderation import flag_resolve, review_ask_edit, review_hide, user_suspend
from reviews.services.scores import requester_score_recompute
from reviews.services.tokens import token_create
from tests.factories import RequesterFactory, ReviewFactory, UserFactory
from tests.reviews.moderation_cast import with_role

pytestmark = pytest.mark.django_db

REASON = "Gives the survey's completion code."
CONTACT = "private-contact@lab.example"


@pytest.fixture
def moderator(db):
    return with_role(
        UserFactory(pseudonym="lamplighter", email="moderator-private@example.org"), "moderator"
    )


@pytest.fixture
def review(author):
    return ReviewFactory(author=author)


@pytest.fixture
def flagger(db):
    return UserFactory(pseudonym="secret-flagger", email="flagger-private@example.org")


def _as(client, user):
    secret = token_create(user=user, name="tests")[1]

    def send(method: str, url: str, body: dict | None = None, **params):
        headers = {"Authorization": f"Token {secret}"}
        if method == "get":
            return client.get(url, params, headers=headers)
        return client.post(url, body or {}, content_type="application/json", headers=headers)

    return send


def test_a_moderator_hides_a_review_and_it_leaves_the_scores(
    client, moderator, author, django_capture_on_commit_callbacks
):
    requester = RequesterFactory()
    review = ReviewFactory(author=author, requester=requester)
    requester_score_recompute(requester_id=requester.pk)
    api = _as(client, moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = api("post", reverse("api:review-hide", args=[review.pk]), {"reason": REASON})

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["moderation_reason"]) == (review.pk, "hidden", REASON)
    assert body["requester"]["external_id"] == requester.external_id
    assert RequesterScore.objects.get(requester=requester).review_count == 0
    assert mail.outbox[0].to == [author.email]

    with django_capture_on_commit_callbacks(execute=True):
        restored = api("post", reverse("api:review-restore", args=[review.pk]), {"reason": "Ok."})
    assert restored.json()["status"] == "published"
    assert RequesterScore.objects.get(requester=requester).review_count == 1


def test_an_action_without_a_reason_is_a_400_on_the_reason_field(client, moderator, review):
    response = _as(client, moderator)(
        "post", reverse("api:review-hide", args=[review.pk]), {"reason": " "}
    )

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


def test_a_missing_reason_field_is_a_400(client, moderator, review):
    response = _as(client, moderator)("post", reverse("api:review-ask-edit", args=[review.pk]))

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_hiding_twice_is_refused_with_a_400(client, moderator, review):
    review_hide(review=review, moderator=moderator, reason=REASON)

    response = _as(client, moderator)(
        "post", reverse("api:review-hide", args=[review.pk]), {"reason": REASON}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "This review is already hidden."


def test_a_moderator_cannot_act_on_their_own_review_through_the_api(client, moderator):
    own = ReviewFactory(author=moderator)

    response = _as(client, moderator)(
        "post", reverse("api:review-hide", args=[own.pk]), {"reason": "Mine."}
    )

    assert response.status_code == 403
    assert "your own review" in response.json()["detail"]


def test_an_unknown_review_is_a_404(client, moderator):
    response = _as(client, moderator)(
        "post", reverse("api:review-hide", args=[999999]), {"reason": REASON}
    )

    assert response.status_code == 404


def test_resolving_a_flag_by_hiding_resolves_every_open_flag(client, moderator, review, flagger):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.DISCLOSURE)
    flag_create(review=review, flagger=UserFactory(), reason=Flag.Reason.SPAM)

    response = _as(client, moderator)(
        "post", reverse("api:flag-resolve", args=[flag.pk]), {"outcome": "hide", "reason": REASON}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "acted_on"
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.ACTED_ON}


def test_an_unknown_flag_outcome_is_a_400(client, moderator, review, flagger):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)

    response = _as(client, moderator)(
        "post", reverse("api:flag-resolve", args=[flag.pk]), {"outcome": "delete", "reason": "x"}
    )

    assert response.status_code == 400
    assert "outcome" in response.json()["errors"]


def test_the_queue_groups_flags_per_review_with_flaggers_for_moderators(
    client, moderator, review, flagger
):
    flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)
    for _ in range(3):
        flag_create(review=review, flagger=UserFactory(), reason=Flag.Reason.INSULT)
    flag_create(review=ReviewFactory(), flagger=UserFactory(), reason=Flag.Reason.SPAM)

    body = _as(client, moderator)("get", reverse("api:moderation-queue")).json()

    assert body["counts"]["flags"] == 5
    assert body["counts"]["flagged_reviews"] == 2
    first = body["flagged_reviews"][0]
    assert (first["review_id"], first["open_flags"]) == (review.pk, 4)
    assert "secret-flagger" in {f["flagger"] for f in first["flags"]}
    assert "flagger-private@example.org" not in str(body)


def test_the_queue_shows_claims_with_their_contact_to_moderators(client, moderator):
    claim_create(user=UserFactory(), requester=RequesterFactory(), statement="Me.", contact=CONTACT)

    body = _as(client, moderator)("get", reverse("api:moderation-queue"), section="claims").json()

    assert body["section"] == "claims"
    assert body["claims"][0]["contact"] == CONTACT


def test_an_unknown_queue_section_is_a_400(client, moderator):
    response = _as(client, moderator)("get", reverse("api:moderation-queue"), section="everything")

    assert response.status_code == 400


def test_suspending_through_the_api_stops_posting(client, moderator, author):
    until = (timezone.now() + timedelta(days=7)).isoformat()

    response = _as(client, moderator)(
        "post",
        reverse("api:user-suspend", args=["owner"]),
        {"until": until, "reason": "Posted codes."},
    )

    assert response.status_code == 200
    assert response.json()["pseudonym"] == "owner"
    assert WorkerProfile.objects.get(user=author).is_suspended()
    posted = _as(client, author)(
        "post", reverse("api:review-create"), {"platform": "mturk", "requester_id": "A1"}
    )
    assert posted.status_code == 403


def test_a_suspension_in_the_past_is_a_400(client, moderator, author):
    response = _as(client, moderator)(
        "post",
        reverse("api:user-suspend", args=["owner"]),
        {"until": (timezone.now() - timedelta(days=1)).isoformat(), "reason": "x"},
    )

    assert response.status_code == 400
    assert "until" in response.json()["errors"]


def test_users_are_found_by_pseudonym_case_insensitively(client, moderator, author):
    response = _as(client, moderator)(
        "post",
        reverse("api:user-suspend", args=["OWNER"]),
        {"until": (timezone.now() + timedelta(days=1)).isoformat(), "reason": "x"},
    )

    assert response.status_code == 200


def test_an_admin_assigns_a_role(client, author):
    admin = with_role(UserFactory(), "admin")

    response = _as(client, admin)(
        "post", reverse("api:user-role", args=["owner"]), {"role": "moderator", "reason": "Vote."}
    )

    assert response.status_code == 200
    assert response.json()["role"] == "moderator"
    assert ModerationAction.objects.get().details == {"from": "worker", "to": "moderator"}


def test_a_claim_through_the_api_and_its_approval(client, author, moderator):
    requester = RequesterFactory()
    url = reverse("api:requester-claims", args=[requester.platform.slug, requester.external_id])

    created = _as(client, author)("post", url, {"statement": "I run it.", "contact": CONTACT})

    assert created.status_code == 201
    claim_id = created.json()["id"]
    assert created.json()["status"] == "pending"
    decided = _as(client, moderator)(
        "post", reverse("api:claim-approve", args=[claim_id]), {"reason": "Checked."}
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert CONTACT not in decided.content.decode()
    assert RequesterClaim.objects.get(pk=claim_id).status == RequesterClaim.Status.APPROVED


def test_a_claim_needs_a_statement_and_contact(client, author):
    requester = RequesterFactory()
    url = reverse("api:requester-claims", args=[requester.platform.slug, requester.external_id])

    response = _as(client, author)("post", url, {})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"statement", "contact"}


def test_a_claim_on_an_unknown_requester_is_a_404(client, author):
    url = reverse("api:requester-claims", args=["mturk", "A0NOBODY"])

    assert _as(client, author)("post", url, {"statement": "x", "contact": "y"}).status_code == 404


def test_a_representative_cannot_post_a_review_of_their_requester_through_the_api(
    client, author, moderator
):
    requester = RequesterFactory(external_id="A1B2C3D4E5F6G7")
    claim = claim_create(user=author, requester=requester, statement="Me.", contact=CONTACT)
    claim_approve(claim=claim, moderator=moderator, reason="Checked.")

    response = _as(client, author)(
        "post",
        reverse("api:review-create"),
        {
            "platform": "mturk",
            "requester_id": "A1B2C3D4E5F6G7",
            "task_title": "Survey",
            "reward": "1.00",
            "time_worked_seconds": 600,
            "outcome": "approved",
        },
    )

    assert response.status_code == 403
    assert "represent" in response.json()["detail"]


def test_merging_through_the_api(client, moderator):
    keep, duplicate = RequesterFactory(), RequesterFactory(display_name="Old name")
    ReviewFactory(requester=duplicate)

    response = _as(client, moderator)(
        "post",
        reverse("api:requesters-merge"),
        {
            "platform": keep.platform.slug,
            "keep": keep.external_id,
            "duplicate": duplicate.external_id,
            "reason": "Same lab.",
        },
    )

    assert response.status_code == 200
    assert response.json()["requester"]["external_id"] == keep.external_id
    assert response.json()["merged"]["external_id"] == duplicate.external_id
    assert keep.reviews.count() == 1


def test_merging_an_unknown_id_is_a_400_naming_the_field(client, moderator):
    keep = RequesterFactory()

    response = _as(client, moderator)(
        "post",
        reverse("api:requesters-merge"),
        {"platform": "mturk", "keep": keep.external_id, "duplicate": "A0NOPE", "reason": "x"},
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"duplicate"}


def test_the_public_log_shows_no_private_data(client, moderator, review, flagger, author):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)
    flag_resolve(flag=flag, moderator=moderator, outcome="hide", reason=REASON)
    claimant = UserFactory(pseudonym="hopeful-claimant")
    claim = claim_create(
        user=claimant, requester=review.requester, statement="Me.", contact=CONTACT
    )
    claim_approve(claim=claim, moderator=moderator, reason="Checked.")
    user_suspend(
        moderator=moderator, user=author, until=timezone.now() + timedelta(days=1), reason="x"
    )

    response = client.get(reverse("api:moderation-log"))

    text = response.content.decode()
    assert response.status_code == 200
    for private in (
        moderator.email,
        author.email,
        flagger.email,
        claimant.email,
        CONTACT,
        "secret-flagger",
        "hopeful-claimant",
    ):
        assert private not in text
    body = response.json()
    assert body["count"] == 3
    kinds = [entry["kind"] for entry in body["results"]]
    assert kinds == ["user_suspend", "claim_approve", "review_hide"]
    hide = body["results"][2]
    assert hide["moderator"] == "lamplighter"
    assert hide["reason"] == REASON
    assert hide["review"] == {"id": review.pk, "public": False, "url": None}
    assert body["results"][0]["account"] == "owner"
    assert body["results"][1]["account"] is None


def test_the_log_links_a_public_review(client, moderator, review):
    review_ask_edit(review=review, moderator=moderator, reason="Please fix the title.")

    entry = client.get(reverse("api:moderation-log")).json()["results"][0]

    assert entry["review"] == {
        "id": review.pk,
        "public": True,
        "url": reverse("reviews:review_detail", args=[review.pk]),
    }

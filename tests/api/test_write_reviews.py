"""POST /api/v1/reviews and PATCH /api/v1/reviews/{id}: the web form's rules, JSON errors,
idempotent retries, one review per task, and only the author edits."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from api import throttles
from reviews.models import Requester, Review, ReviewRevision
from reviews.services.reviews import review_create, review_withdraw
from reviews.services.tokens import token_create
from tests.factories import ReviewFactory, review_fields

pytestmark = pytest.mark.django_db

CREATE = reverse("api:review-create")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Write counters are per user id, and ids repeat between tests."""
    throttles.reset()


def api_fields(**overrides) -> dict:
    """A valid JSON body for POST /api/v1/reviews."""
    return {
        "platform": "mturk",
        "requester_id": "A1B2C3D4E5F6G7",
        "requester_name": "Psychology Lab",
        "task_title": "Decision-making survey",
        "reward": "2.00",
        "time_worked_seconds": 900,
        "outcome": "approved",
        "recommend": True,
        "text": "Fair pay for the time.",
        **overrides,
    }


def update_url(review) -> str:
    return reverse("api:review-update", args=[review.pk])


@pytest.fixture
def secret(author) -> str:
    """The author's API token."""
    return token_create(user=author, name="Firefox")[1]


@pytest.fixture
def api(client, secret):
    """Sends JSON as the author, with their token."""

    def send(method: str, url: str, body: dict | None = None, **headers):
        headers.setdefault("Authorization", f"Token {secret}")
        return getattr(client, method)(
            url, body or {}, content_type="application/json", headers=headers
        )

    return send


# --- posting ------------------------------------------------------------------------------


def test_a_worker_posts_a_review_and_gets_it_back(api, author):
    response = api("post", CREATE, api_fields(bonus="0.50"))

    assert response.status_code == 201
    review = Review.objects.get()
    body = response.json()
    assert body["id"] == review.pk
    assert review.author == author
    assert body["platform"] == "mturk"
    assert body["requester_id"] == "A1B2C3D4E5F6G7"
    assert body["requester_name"] == "Psychology Lab"
    assert body["reward"] == "2.00"
    assert body["bonus"] == "0.50"
    assert body["hourly_wage"] == "10.00"
    assert body["currency"] == "USD"
    assert body["status"] == "published"
    assert body["author"] == "owner"
    assert body["created_at"] and body["updated_at"]


def test_the_answer_never_contains_the_authors_email(api, author):
    body = api("post", CREATE, api_fields()).json()

    assert author.email not in str(body)
    assert "email" not in body and "idempotency_key" not in body


def test_the_answer_has_every_fact_of_the_review(api):
    body = api("post", CREATE, api_fields()).json()

    assert set(Review.EDITABLE_FIELDS) <= set(body)


def test_a_new_requester_is_created_on_first_review(api):
    api("post", CREATE, api_fields(requester_id="A0NEWREQUESTER", requester_name="New Lab"))

    assert Requester.objects.get(external_id="A0NEWREQUESTER").display_name == "New Lab"


def test_a_task_not_finished_has_no_wage(api):
    body = api("post", CREATE, api_fields(time_worked_seconds=None, did_not_finish=True)).json()

    assert body["hourly_wage"] is None
    assert body["did_not_finish"] is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"requester_id": "not an id"}, "requester_id"),
        ({"platform": "nowhere"}, "platform"),
        ({"reward": "-1"}, "reward"),
        ({"reward": "abc"}, "reward"),
        ({"reward": "20000"}, "reward"),
        ({"outcome": "great"}, "outcome"),
        ({"time_worked_seconds": None}, "time_worked_seconds"),
        ({"time_worked_seconds": 90000}, "time_worked_seconds"),
        ({"outcome": "pending", "approval_seconds": 3600}, "approval_seconds"),
        ({"recommend": None, "recommend_reason": "Because"}, "recommend"),
        ({"task_title": "   "}, "task_title"),
        ({"rating_pay": 6}, "rating_pay"),
        ({"currency": "dollars"}, "currency"),
        ({"status": "hidden"}, "status"),
        ({"author": 1}, "author"),
    ],
)
def test_invalid_input_gets_field_errors_and_writes_nothing(api, overrides, field):
    response = api("post", CREATE, api_fields(**overrides))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert all(isinstance(message, str) for message in body["errors"][field])
    assert not Review.objects.exists()
    assert not Requester.objects.filter(external_id="A1B2C3D4E5F6G7").exists()


def test_missing_required_fields_are_each_named(api):
    response = api("post", CREATE, {"text": "Only text"})

    assert response.status_code == 400
    assert {"platform", "requester_id", "task_title", "reward", "outcome"} <= set(
        response.json()["errors"]
    )


def test_a_body_that_is_not_json_gets_400(client, secret):
    response = client.post(
        CREATE,
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Token {secret}"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert not Review.objects.exists()


def test_a_form_encoded_body_gets_415(client, secret):
    response = client.post(
        CREATE, {"task_title": "x"}, headers={"Authorization": f"Token {secret}"}
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_second_review_of_the_same_task_gets_409_with_the_existing_review(api):
    first = api("post", CREATE, api_fields()).json()

    response = api("post", CREATE, api_fields(reward="3.00", text="Second thoughts"))

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "review_exists"
    assert body["review"]["id"] == first["id"]
    assert body["review"]["url"].endswith(f"/api/v1/reviews/{first['id']}")
    assert body["review"]["web_url"].endswith(f"/reviews/{first['id']}/")
    assert Review.objects.count() == 1


def test_after_withdrawing_the_same_task_can_be_reviewed_again(api, author):
    first = review_create(author=author, **review_fields())
    review_withdraw(review=first, actor=author)

    response = api("post", CREATE, api_fields())

    assert response.status_code == 201
    assert Review.objects.count() == 2


# --- idempotent retries -------------------------------------------------------------------


def test_a_retry_with_the_same_key_returns_the_same_review_with_200(api):
    key = str(uuid.uuid4())

    first = api("post", CREATE, api_fields(), **{"Idempotency-Key": key})
    retry = api("post", CREATE, api_fields(), **{"Idempotency-Key": key})

    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Review.objects.count() == 1


def test_a_retry_after_the_review_was_edited_is_still_recognised(api):
    key = str(uuid.uuid4())
    first = api("post", CREATE, api_fields(), **{"Idempotency-Key": key}).json()
    api("patch", reverse("api:review-update", args=[first["id"]]), {"text": "Edited"})

    retry = api("post", CREATE, api_fields(), **{"Idempotency-Key": key})

    assert retry.status_code == 200
    assert retry.json()["id"] == first["id"]
    assert retry.json()["text"] == "Edited"
    assert Review.objects.count() == 1


def test_the_same_key_with_a_different_body_gets_422_and_writes_nothing(api):
    key = str(uuid.uuid4())
    api("post", CREATE, api_fields(), **{"Idempotency-Key": key})

    response = api(
        "post", CREATE, api_fields(task_title="Another survey"), **{"Idempotency-Key": key}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(Review.objects.values_list("task_title", flat=True)) == ["Decision-making survey"]


@pytest.mark.parametrize(
    "change", [{"reward": "2.01"}, {"requester_id": "A7Z7Z7Z7Z7Z7Z7"}, {"bonus": "1.00"}]
)
def test_any_difference_in_what_is_reviewed_counts_as_a_different_body(api, change):
    key = str(uuid.uuid4())
    api("post", CREATE, api_fields(), **{"Idempotency-Key": key})

    response = api("post", CREATE, api_fields(**change), **{"Idempotency-Key": key})

    assert response.status_code == 422
    assert Review.objects.count() == 1


def test_an_equal_amount_written_differently_is_the_same_body(api):
    key = str(uuid.uuid4())
    api("post", CREATE, api_fields(reward="2.00"), **{"Idempotency-Key": key})

    response = api("post", CREATE, api_fields(reward=2), **{"Idempotency-Key": key})

    assert response.status_code == 200


def test_keys_belong_to_one_worker(api, other_worker):
    key = str(uuid.uuid4())
    theirs = review_create(author=other_worker, idempotency_key=key, **review_fields())

    response = api("post", CREATE, api_fields(), **{"Idempotency-Key": key})

    assert response.status_code == 201
    assert response.json()["id"] != theirs.pk
    assert Review.objects.count() == 2


def test_a_key_longer_than_64_characters_gets_400(api):
    response = api("post", CREATE, api_fields(), **{"Idempotency-Key": "k" * 65})

    assert response.status_code == 400
    assert "idempotency_key" in response.json()["errors"]
    assert not Review.objects.exists()


def test_without_a_key_a_repeat_is_a_second_review_of_the_same_task(api):
    api("post", CREATE, api_fields())

    assert api("post", CREATE, api_fields()).status_code == 409
    assert Review.objects.count() == 1


# --- editing ------------------------------------------------------------------------------


@pytest.fixture
def review(author):
    return review_create(author=author, **review_fields())


def test_the_author_edits_some_fields_and_a_revision_is_kept(api, review):
    response = api("patch", update_url(review), {"outcome": "rejected", "reward": "2.50"})

    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["reward"]) == ("rejected", "2.50")
    assert body["text"] == "Fair pay for the time."
    review.refresh_from_db()
    assert review.outcome == "rejected" and review.reward == Decimal("2.50")
    revision = ReviewRevision.objects.get(review=review)
    assert revision.values["outcome"] == "approved"


def test_an_edit_that_changes_nothing_keeps_no_revision(api, review):
    response = api("patch", update_url(review), {"text": review.text})

    assert response.status_code == 200
    assert not ReviewRevision.objects.exists()


def test_another_worker_gets_404_for_someone_elses_review(api, other_worker):
    review = ReviewFactory(author=other_worker, text="Theirs")

    response = api("patch", update_url(review), {"text": "Mine now"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    review.refresh_from_db()
    assert review.text == "Theirs"
    assert not ReviewRevision.objects.exists()


def test_an_unknown_review_id_gets_404(api):
    assert (
        api("patch", reverse("api:review-update", args=[999999]), {"text": "x"}).status_code == 404
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reward": "-3"}, "reward"),
        ({"time_worked_seconds": None}, "time_worked_seconds"),
        ({"task_title": ""}, "task_title"),
        ({"platform": "prolific"}, "platform"),
        ({"requester_id": "A0OTHER0000000"}, "requester_id"),
        ({"status": "published"}, "status"),
    ],
)
def test_an_invalid_edit_gets_field_errors_and_changes_nothing(api, review, change, field):
    response = api("patch", update_url(review), change)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    review.refresh_from_db()
    assert review.reward == Decimal("2.00")
    assert review.time_worked_seconds == 900
    assert not ReviewRevision.objects.exists()


def test_a_withdrawn_review_cannot_be_edited(api, review, author):
    review_withdraw(review=review, actor=author)

    response = api("patch", update_url(review), {"text": "Back again"})

    assert response.status_code == 400
    assert response.json()["detail"] == "A withdrawn review can't be edited."
    assert response.json()["errors"] == {
        "non_field_errors": ["A withdrawn review can't be edited."]
    }


def test_editing_into_a_task_already_reviewed_gets_a_field_error(api, author, review):
    other = review_create(author=author, **review_fields(task_title="Another survey"))

    response = api("patch", update_url(other), {"task_title": review.task_title})

    assert response.status_code == 400
    assert "task_title" in response.json()["errors"]


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_on_a_review_are_not_allowed(api, review, method):
    response = api(method, update_url(review), api_fields())

    assert response.status_code == 405
    assert Review.objects.get().status == Review.Status.PUBLISHED

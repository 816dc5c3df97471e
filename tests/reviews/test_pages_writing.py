"""Writing pages: new review, edit, withdraw, my reviews; and who gets refused."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.forms.reviews import NewReviewForm
from reviews.models import Review
from reviews.services.reviews import review_create
from tests.factories import ReviewFactory, UserFactory, review_fields

pytestmark = pytest.mark.django_db

NEW = reverse("reviews:review_new")
MINE = reverse("reviews:my_reviews")


def form_data(**overrides) -> dict:
    """What a browser sends for a filled-in new-review form."""
    data = {
        "platform": "mturk",
        "requester_id": "A1B2C3D4E5F6G7",
        "requester_name": "Psychology Lab",
        "task_title": "Decision-making survey",
        "task_id": "",
        "reward": "2.00",
        "bonus": "",
        "time_minutes": "15",
        "time_seconds": "0",
        "outcome": "approved",
        "approval_hours": "",
        "communication": "not_contacted",
        "recommend": "yes",
        "recommend_reason": "",
        "tos_context": "",
        "broken_context": "",
        "rating_pay": "",
        "rating_fair": "",
        "rating_fast": "",
        "rating_comm": "",
        "text": "Fair pay for the time.",
        "idempotency_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


def edit_url(review) -> str:
    return reverse("reviews:review_edit", args=[review.pk])


def withdraw_url(review) -> str:
    return reverse("reviews:review_withdraw", args=[review.pk])


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def review(author):
    return review_create(author=author, **review_fields())


# --- writing a review ---------------------------------------------------------------------


def test_write_form_is_prefilled_from_query_parameters(author_client):
    response = author_client.get(
        NEW,
        {
            "platform": "prolific",
            "requester_id": "5f1a2b3c4d5e6f7a8b9c0d1e",
            "requester_name": "Oxford Lab",
            "title": "Reaction-time study",
            "reward": "3.25",
        },
    )

    form = response.context["form"]
    page = response.content.decode()
    assert form["platform"].value() == "prolific"
    assert '<option value="prolific" selected>' in page
    assert 'value="5f1a2b3c4d5e6f7a8b9c0d1e"' in page
    assert 'value="Oxford Lab"' in page
    assert 'value="Reaction-time study"' in page
    assert 'value="3.25"' in page


def test_write_form_ignores_a_reward_that_is_not_a_number(author_client):
    response = author_client.get(NEW, {"reward": "lots"})

    assert response.context["form"]["reward"].value() is None


def test_write_form_carries_a_fresh_idempotency_key(author_client):
    first = author_client.get(NEW)
    second = author_client.get(NEW)

    key = first.context["form"]["idempotency_key"].value()
    assert key and key != second.context["form"]["idempotency_key"].value()
    assert f'type="hidden" name="idempotency_key" value="{key}"' in first.content.decode()


def test_write_form_has_labels_csrf_and_the_wage_script_without_inline_code(author_client):
    page = author_client.get(NEW).content.decode()

    assert 'name="csrfmiddlewaretoken"' in page
    assert '<label for="id_requester_id">' in page
    assert '<label for="id_reward">' in page
    assert 'src="/static/reviews/wage.js"' in page
    assert "<script>" not in page
    assert 'aria-live="polite"' in page


def test_valid_post_creates_exactly_one_review_and_redirects_to_it(author_client, author):
    response = author_client.post(NEW, form_data(bonus="0.50", rating_pay="4"))

    review = Review.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reviews:review_detail", args=[review.pk])
    assert review.author == author
    assert review.requester.external_id == "A1B2C3D4E5F6G7"
    assert review.time_worked_seconds == 900
    assert review.bonus == Decimal("0.50")
    assert review.rating_pay == 4
    assert review.recommend is True


def test_server_computes_the_hourly_wage_and_shows_it_after_saving(author_client):
    response = author_client.post(NEW, form_data(), follow=True)

    page = response.content.decode()
    assert Review.objects.get().hourly_wage == Decimal("8.00")
    assert "Hourly wage: 8.00 USD per hour." in page
    assert "8.00 USD/h" in page


def test_a_task_not_finished_is_saved_without_a_wage(author_client):
    author_client.post(NEW, form_data(time_minutes="", time_seconds="", did_not_finish="on"))

    review = Review.objects.get()
    assert review.did_not_finish is True
    assert review.hourly_wage is None


def test_double_post_with_the_same_idempotency_key_creates_one_review(author_client):
    data = form_data()

    first = author_client.post(NEW, data)
    second = author_client.post(NEW, data)

    assert Review.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url


def test_invalid_input_shows_field_errors_and_writes_nothing(author_client):
    response = author_client.post(NEW, form_data(reward="-1", task_title=""))

    form = response.context["form"]
    assert response.status_code == 200
    assert "reward" in form.errors
    assert "task_title" in form.errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert Review.objects.count() == 0


def test_a_requester_id_the_platform_rejects_shows_on_the_requester_id_field(author_client):
    response = author_client.post(NEW, form_data(requester_id="not-an-mturk-id"))

    form = response.context["form"]
    assert "is not a Amazon Mechanical Turk requester id" in form.errors["requester_id"][0]
    assert Review.objects.count() == 0


def test_a_missing_time_shows_the_domain_message_on_the_minutes_field(author_client):
    response = author_client.post(NEW, form_data(time_minutes="", time_seconds=""))

    assert "Say how long the task took" in response.context["form"].errors["time_minutes"][0]
    assert Review.objects.count() == 0


def test_a_reason_without_a_recommendation_shows_on_the_recommend_field(author_client):
    response = author_client.post(NEW, form_data(recommend="", recommend_reason="Because"))

    assert "Say whether you recommend" in response.context["form"].errors["recommend"][0]
    assert Review.objects.count() == 0


def test_service_errors_on_fields_the_form_does_not_show_appear_above_the_form():
    form = NewReviewForm(form_data())
    assert form.is_valid()

    form.add_service_errors(
        ValidationError(
            {"currency": "Bad currency.", "idempotency_key": "Bad key.", "reward": "Too much."}
        )
    )

    assert form.non_field_errors() == ["Bad currency.", "Bad key."]
    assert form.errors["reward"] == ["Too much."]


def test_invalid_input_keeps_the_same_idempotency_key(author_client):
    data = form_data(reward="-1")

    response = author_client.post(NEW, data)

    assert response.context["form"]["idempotency_key"].value() == data["idempotency_key"]


def test_second_review_of_the_same_task_shows_the_edit_form_with_the_typed_values(
    author_client, review
):
    response = author_client.post(
        NEW, form_data(task_title=review.task_title, reward="5.55", text="Second thoughts")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["review"] == review
    assert f'action="{edit_url(review)}"' in page
    assert "You already reviewed this task" in page
    assert 'value="5.55"' in page
    assert "Second thoughts" in page
    assert Review.objects.count() == 1
    review.refresh_from_db()
    assert review.reward == Decimal("2.00")


def test_saving_the_offered_edit_form_updates_the_first_review(author_client, review):
    author_client.post(NEW, form_data(task_title=review.task_title, reward="5.55"))

    author_client.post(edit_url(review), form_data(task_title=review.task_title, reward="5.55"))

    review.refresh_from_db()
    assert review.reward == Decimal("5.55")
    assert Review.objects.count() == 1


# --- who gets refused ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_for", [lambda r: NEW, edit_url, withdraw_url])
def test_anonymous_visitor_is_sent_to_log_in(stranger, review, method, url_for):
    url = url_for(review)

    response = getattr(stranger, method)(url, form_data() if method == "post" else None)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url
    assert Review.objects.count() == 1


def test_anonymous_visitor_is_sent_to_log_in_from_my_reviews(stranger):
    response = stranger.get(MINE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_for", [edit_url, withdraw_url])
def test_another_worker_gets_404_for_someone_elses_review(
    client, other_worker, review, method, url_for
):
    client.force_login(other_worker)

    response = getattr(client, method)(url_for(review), form_data(reward="0.01"))

    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert review.reward == Decimal("2.00")


def test_unverified_user_is_told_to_verify_their_email_first(client):
    unverified = UserFactory(verified=False)
    client.force_login(unverified)

    get = client.get(NEW)
    post = client.post(NEW, form_data())

    page = get.content.decode()
    assert get.status_code == post.status_code == 403
    assert "Verify your e-mail address first" in page
    assert f'href="{reverse("account_email")}"' in page
    assert Review.objects.count() == 0


def test_suspended_user_is_refused_with_the_reason(client, author):
    author.profile.posting_suspended_until = timezone.now() + timedelta(days=3)
    author.profile.save()
    client.force_login(author)

    get = client.get(NEW)
    post = client.post(NEW, form_data())

    assert get.status_code == post.status_code == 403
    assert "Your posting is suspended until" in get.content.decode()
    assert 'aria-label="Main"' in get.content.decode()
    assert Review.objects.count() == 0


def test_review_form_refuses_a_post_without_a_csrf_token(author):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(author)

    response = browser.post(NEW, form_data())

    assert response.status_code == 403
    assert Review.objects.count() == 0


# --- editing and withdrawing --------------------------------------------------------------


def test_edit_form_shows_the_current_values_and_revision_count(author_client, review):
    page = author_client.get(edit_url(review)).content.decode()

    assert 'value="Decision-making survey"' in page
    assert 'value="15"' in page  # 900 seconds as minutes
    assert "not edited yet" in page


def test_edit_saves_the_change_and_keeps_a_revision(author_client, review):
    response = author_client.post(edit_url(review), form_data(reward="3.00", text="Updated"))

    review.refresh_from_db()
    assert response.status_code == 302
    assert review.reward == Decimal("3.00")
    assert review.text == "Updated"
    assert review.revisions.count() == 1
    assert review.revisions.get().values["reward"] == "2.00"
    assert "edited 1 time before" in author_client.get(edit_url(review)).content.decode()


def test_edit_with_invalid_input_shows_errors_and_changes_nothing(author_client, review):
    response = author_client.post(edit_url(review), form_data(reward="-3"))

    review.refresh_from_db()
    assert "reward" in response.context["form"].errors
    assert review.reward == Decimal("2.00")
    assert review.revisions.count() == 0


def test_withdraw_page_asks_for_confirmation_and_changes_nothing(author_client, review):
    response = author_client.get(withdraw_url(review))

    review.refresh_from_db()
    assert response.status_code == 200
    assert "Withdraw your review?" in response.content.decode()
    assert review.status == Review.Status.PUBLISHED


def test_withdraw_hides_the_review_from_the_public(author_client, client, review):
    response = author_client.post(withdraw_url(review))

    review.refresh_from_db()
    assert response.status_code == 302
    assert review.status == Review.Status.WITHDRAWN
    author_client.logout()
    requester_page = client.get(
        reverse(
            "reviews:requester_detail",
            args=[review.requester.platform.slug, review.requester.external_id],
        )
    ).content.decode()
    assert review.task_title not in requester_page
    assert client.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 404


def test_my_reviews_lists_own_reviews_including_withdrawn_with_their_status(
    author_client, author, review
):
    ReviewFactory(author=author, task_title="Taken back", status=Review.Status.WITHDRAWN)
    ReviewFactory(task_title="Somebody else's review")

    page = author_client.get(MINE).content.decode()

    assert review.task_title in page
    assert "Taken back" in page
    assert "Withdrawn by its author" in page
    assert "Published" in page
    assert "Somebody else&#x27;s review" not in page


def test_author_still_sees_their_withdrawn_review_page(author_client, review):
    author_client.post(withdraw_url(review))

    response = author_client.get(reverse("reviews:review_detail", args=[review.pk]))

    assert response.status_code == 200
    assert "This review is not public" in response.content.decode()

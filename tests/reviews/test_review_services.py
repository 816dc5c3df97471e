from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.errors import ReviewAlreadyExists
from reviews.models import Requester, RequesterAlias, Review, ReviewRevision
from reviews.services.reviews import review_create, review_update, review_withdraw
from reviews.signals import review_changed
from tests.factories import UserFactory, review_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcements():
    heard = []

    def listen(sender, **kwargs):
        heard.append((kwargs["action"], kwargs["review_id"], kwargs["requester_id"]))

    review_changed.connect(listen, dispatch_uid="test-listener")
    yield heard
    review_changed.disconnect(dispatch_uid="test-listener")


def test_worker_publishes_a_review_and_the_requester_is_created(author, announcements):
    review = review_create(author=author, **review_fields())

    assert review.status == Review.Status.PUBLISHED
    assert review.requester.external_id == "A1B2C3D4E5F6G7"
    assert review.requester.display_name == "Psychology Lab"
    assert review.currency == "USD"
    assert announcements == [("created", review.pk, review.requester_id)]


def test_hourly_wage_includes_the_bonus(author):
    review = review_create(
        author=author, **review_fields(reward=Decimal("1.00"), bonus=Decimal("0.50"))
    )

    # (1.00 + 0.50) for 15 minutes is 6.00 an hour.
    assert review.hourly_wage == Decimal("6.00")


def test_unfinished_task_has_no_hourly_wage(author):
    review = review_create(
        author=author, **review_fields(time_worked_seconds=None, did_not_finish=True)
    )

    assert review.hourly_wage is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reward": Decimal("-1")}, "reward"),
        ({"bonus": Decimal("-0.01")}, "bonus"),
        ({"time_worked_seconds": 0}, "time_worked_seconds"),
        ({"time_worked_seconds": 25 * 3600}, "time_worked_seconds"),
        ({"time_worked_seconds": None}, "time_worked_seconds"),
        ({"requester_id": "not-an-mturk-id"}, "requester_id"),
        ({"requester_id": "A123"}, "requester_id"),
        ({"platform": "nowhere"}, "platform"),
        ({"text": "x" * 5001}, "text"),
        ({"task_title": "   "}, "task_title"),
        ({"rating_pay": 6}, "rating_pay"),
        ({"rating_fair": 0}, "rating_fair"),
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "pending", "approval_seconds": 3600}, "approval_seconds"),
        ({"requester_name": "n" * 201}, "requester_name"),
    ],
)
def test_invalid_review_is_refused_with_a_field_message_and_writes_nothing(
    author, overrides, field
):
    with pytest.raises(ValidationError) as refused:
        review_create(author=author, **review_fields(**overrides))

    assert field in refused.value.message_dict
    assert refused.value.message_dict[field][0]
    assert Review.objects.count() == 0
    assert Requester.objects.count() == 0


def test_second_review_of_the_same_task_points_to_the_first(author):
    first = review_create(author=author, **review_fields())

    with pytest.raises(ReviewAlreadyExists) as refused:
        review_create(author=author, **review_fields(text="Changed my mind"))

    assert refused.value.review == first
    assert Review.objects.count() == 1


def test_same_task_is_recognised_by_title_case_and_spacing(author):
    review_create(author=author, **review_fields(task_title="Decision-making survey"))

    with pytest.raises(ReviewAlreadyExists):
        review_create(author=author, **review_fields(task_title="  decision-making   SURVEY "))


def test_different_tasks_of_one_requester_each_get_a_review(author):
    review_create(author=author, **review_fields(task_id="3XYZGROUP1"))
    review_create(author=author, **review_fields(task_id="3XYZGROUP2"))

    assert Review.objects.filter(author=author).count() == 2


def test_two_workers_may_review_the_same_task(author, other_worker):
    review_create(author=author, **review_fields())
    review_create(author=other_worker, **review_fields())

    assert Review.objects.count() == 2
    assert Requester.objects.count() == 1


def test_retry_with_the_same_idempotency_key_returns_the_first_review(author, announcements):
    first = review_create(author=author, idempotency_key="k-1", **review_fields())
    retry = review_create(author=author, idempotency_key="k-1", **review_fields())

    assert retry.pk == first.pk
    assert Review.objects.count() == 1
    assert len(announcements) == 1


def test_a_retry_racing_its_original_gets_the_original_review_not_a_conflict(author, monkeypatch):
    first = review_create(author=author, idempotency_key="k-race", **review_fields())
    # The retry looked its key up just before the original committed, so it found nothing.
    monkeypatch.setattr("reviews.services.reviews._same_key_review", lambda **kwargs: None)

    second = review_create(author=author, idempotency_key="k-race", **review_fields())

    assert second == first
    assert Review.objects.filter(author=author).count() == 1


def test_a_different_submission_of_the_same_task_still_conflicts_in_that_race(author, monkeypatch):
    review_create(author=author, idempotency_key="k-one", **review_fields())
    monkeypatch.setattr("reviews.services.reviews._same_key_review", lambda **kwargs: None)

    with pytest.raises(ReviewAlreadyExists):
        review_create(author=author, idempotency_key="k-two", **review_fields())


def test_idempotency_keys_belong_to_their_author(author, other_worker):
    review_create(author=author, idempotency_key="same", **review_fields())
    review_create(author=other_worker, idempotency_key="same", **review_fields())

    assert Review.objects.count() == 2


def test_unverified_worker_cannot_post(db):
    unverified = UserFactory(verified=False)

    with pytest.raises(PermissionDenied, match="Verify your e-mail"):
        review_create(author=unverified, **review_fields())
    assert Review.objects.count() == 0


def test_suspended_worker_cannot_post(author):
    author.profile.posting_suspended_until = timezone.now() + timedelta(days=3)
    author.profile.save()

    with pytest.raises(PermissionDenied, match="suspended"):
        review_create(author=author, **review_fields())
    assert Review.objects.count() == 0


def test_worker_whose_suspension_ended_can_post_again(author):
    author.profile.posting_suspended_until = timezone.now() - timedelta(minutes=1)
    author.profile.save()

    assert review_create(author=author, **review_fields()).pk


def test_a_new_requester_name_is_kept_as_an_alias(author, other_worker):
    review_create(author=author, **review_fields(requester_name="Old Name Lab"))
    review_create(author=other_worker, **review_fields(requester_name="New Name Lab"))

    requester = Requester.objects.get()
    assert requester.display_name == "New Name Lab"
    assert set(RequesterAlias.objects.values_list("name", flat=True)) == {
        "Old Name Lab",
        "New Name Lab",
    }


def test_author_edits_and_the_old_version_is_kept(author, announcements):
    review = review_create(author=author, **review_fields(reward=Decimal("2.00")))

    edited = review_update(review=review, editor=author, reward=Decimal("3.00"), text="Bonus paid")

    assert edited.reward == Decimal("3.00")
    assert edited.hourly_wage == Decimal("12.00")
    revision = ReviewRevision.objects.get(review=review)
    assert revision.number == 1
    assert revision.values["reward"] == "2.00"
    assert revision.values["text"] == "Fair pay for the time."
    assert [a[0] for a in announcements] == ["created", "updated"]


def test_each_edit_adds_a_numbered_revision(author):
    review = review_create(author=author, **review_fields())
    review_update(review=review, editor=author, text="second")
    review_update(review=review, editor=author, text="third")

    assert list(review.revisions.values_list("number", flat=True)) == [1, 2]


def test_an_edit_that_changes_nothing_keeps_no_revision(author):
    review = review_create(author=author, **review_fields())

    review_update(review=review, editor=author, text=review.text)

    assert review.revisions.count() == 0


def test_other_worker_cannot_edit_a_review(author, other_worker):
    review = review_create(author=author, **review_fields())

    with pytest.raises(PermissionDenied):
        review_update(review=review, editor=other_worker, text="vandalised")
    review.refresh_from_db()
    assert review.text == "Fair pay for the time."


def test_invalid_edit_changes_nothing(author):
    review = review_create(author=author, **review_fields())

    with pytest.raises(ValidationError) as refused:
        review_update(review=review, editor=author, reward=Decimal("-5"))

    assert "reward" in refused.value.message_dict
    review.refresh_from_db()
    assert review.reward == Decimal("2.00")
    assert review.revisions.count() == 0


def test_suspended_author_cannot_edit(author):
    review = review_create(author=author, **review_fields())
    author.profile.posting_suspended_until = timezone.now() + timedelta(days=1)
    author.profile.save()

    with pytest.raises(PermissionDenied):
        review_update(review=review, editor=author, text="edited while suspended")


def test_author_withdraws_and_the_row_stays(author, announcements):
    review = review_create(author=author, **review_fields())

    review_withdraw(review=review, actor=author)

    review.refresh_from_db()
    assert review.status == Review.Status.WITHDRAWN
    assert [a[0] for a in announcements] == ["created", "withdrawn"]


def test_other_worker_cannot_withdraw_a_review(author, other_worker):
    review = review_create(author=author, **review_fields())

    with pytest.raises(PermissionDenied):
        review_withdraw(review=review, actor=other_worker)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


def test_withdrawn_review_cannot_be_edited(author):
    review = review_create(author=author, **review_fields())
    review_withdraw(review=review, actor=author)

    with pytest.raises(ValidationError):
        review_update(review=review, editor=author, text="back again")


def test_after_withdrawing_the_worker_may_review_the_task_again(author):
    first = review_create(author=author, **review_fields())
    review_withdraw(review=first, actor=author)

    second = review_create(author=author, **review_fields(text="A fresh take"))

    assert second.pk != first.pk


def test_the_database_refuses_a_second_live_review_even_past_the_service(author):
    from django.db import IntegrityError, transaction

    review = review_create(author=author, **review_fields())
    clone = Review(
        author=author,
        requester=review.requester,
        task_title=review.task_title,
        reward=Decimal("1"),
        currency="USD",
        time_worked_seconds=60,
        outcome=Review.Outcome.APPROVED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()

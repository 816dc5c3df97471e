"""The requester's reply: one per review, by that requester's representative only."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models import Notification, RequesterReply, Review
from reviews.services.replies import reply_create
from tests.discussion_cast import PEOPLE, make_cast, represent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_requesters_representative_can_reply(cast, person):
    attempt = lambda: reply_create(  # noqa: E731
        review=cast.review, author=cast.person(person), text="We paid everyone affected."
    )

    if person == "rep":
        reply = attempt()
        assert (reply.review, reply.author, reply.text) == (
            cast.review,
            cast.rep,
            "We paid everyone affected.",
        )
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        assert not RequesterReply.objects.exists()


def test_a_review_has_one_reply_only(cast):
    reply_create(review=cast.review, author=cast.rep, text="First.")
    colleague = UserFactory()
    represent(colleague, cast.review.requester)

    with pytest.raises(ValidationError, match="already has the requester's reply"):
        reply_create(review=cast.review, author=colleague, text="Second.")
    assert RequesterReply.objects.get().text == "First."


def test_locked_replies_refuse_the_requesters_reply(cast):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)

    with pytest.raises(ValidationError, match="locked"):
        reply_create(review=cast.review, author=cast.rep, text="Hello.")


@pytest.mark.parametrize("status", ["hidden", "held", "withdrawn"])
def test_only_published_reviews_take_a_reply(cast, status):
    Review.objects.filter(pk=cast.review.pk).update(status=status)

    with pytest.raises(ValidationError, match="Only published reviews"):
        reply_create(review=cast.review, author=cast.rep, text="Hello.")


@pytest.mark.parametrize(("text", "message"), [("  ", "can't be empty"), ("x" * 3001, "3000")])
def test_a_reply_needs_text_of_a_sensible_length(cast, text, message):
    with pytest.raises(ValidationError) as caught:
        reply_create(review=cast.review, author=cast.rep, text=text)

    assert message in caught.value.message_dict["text"][0]


def test_a_suspended_representative_cannot_reply(cast):
    cast.rep.profile.posting_suspended_until = timezone.now() + timedelta(days=1)
    cast.rep.profile.save()

    with pytest.raises(PermissionDenied, match="suspended"):
        reply_create(review=cast.review, author=cast.rep, text="Hello.")


def test_the_author_is_told_of_the_reply_without_learning_more_than_the_requesters_name(cast):
    reply_create(review=cast.review, author=cast.rep, text="Hello.")

    note = Notification.objects.get(user=cast.author)
    assert note.kind == "review_replied"
    assert note.url == f"/reviews/{cast.review.pk}/"
    assert "Psychology Lab replied" in note.message

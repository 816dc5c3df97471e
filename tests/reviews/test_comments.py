"""Comments under a review: any worker who may post, unless replies are locked; moderators
hide them with a public reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models import Comment, ModerationAction, Notification, Review
from reviews.selectors.discussion import review_comments
from reviews.services.comments import comment_create, comment_hide
from tests.discussion_cast import PEOPLE, make_cast, with_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def comment(cast):
    return comment_create(review=cast.review, author=cast.worker, text="Same for me.")


@pytest.mark.parametrize("person", PEOPLE)
def test_everyone_who_may_post_can_comment(cast, person):
    attempt = lambda: comment_create(  # noqa: E731
        review=cast.review, author=cast.person(person), text="Same for me."
    )

    if person == "stranger":
        with pytest.raises(PermissionDenied):
            attempt()
        assert not Comment.objects.exists()
    else:
        assert attempt().author == cast.person(person)


@pytest.mark.parametrize("person", PEOPLE)
def test_only_moderators_can_hide_a_comment(cast, comment, person):
    attempt = lambda: comment_hide(  # noqa: E731
        comment=comment, moderator=cast.person(person), reason="Insult."
    )

    if person in ("moderator", "admin"):
        assert attempt().status == Comment.Status.HIDDEN
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        comment.refresh_from_db()
        assert comment.status == Comment.Status.VISIBLE


def test_locked_replies_refuse_comments_with_a_clear_message(cast):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)

    with pytest.raises(ValidationError, match="locked replies to this review"):
        comment_create(review=cast.review, author=cast.worker, text="Hello.")
    assert not Comment.objects.exists()


def test_hidden_reviews_take_no_comments(cast):
    Review.objects.filter(pk=cast.review.pk).update(status=Review.Status.HIDDEN)

    with pytest.raises(ValidationError, match="Only published reviews"):
        comment_create(review=cast.review, author=cast.worker, text="Hello.")


def test_a_suspended_worker_cannot_comment(cast):
    cast.worker.profile.posting_suspended_until = timezone.now() + timedelta(days=1)
    cast.worker.profile.save()

    with pytest.raises(PermissionDenied, match="suspended"):
        comment_create(review=cast.review, author=cast.worker, text="Hello.")


def test_an_unverified_worker_cannot_comment(cast):
    with pytest.raises(PermissionDenied, match="Verify"):
        comment_create(review=cast.review, author=UserFactory(verified=False), text="Hello.")


def test_an_empty_comment_is_refused_on_its_field(cast):
    with pytest.raises(ValidationError) as caught:
        comment_create(review=cast.review, author=cast.worker, text="   ")

    assert "text" in caught.value.message_dict


def test_hiding_a_comment_is_logged_and_its_author_told(cast, comment):
    comment_hide(comment=comment, moderator=cast.moderator, reason="Personal insult.")

    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.actor, entry.review, entry.reason) == (
        "comment_hide",
        cast.moderator,
        cast.review,
        "Personal insult.",
    )
    assert entry.details == {"comment_id": comment.pk}
    assert Notification.objects.get(user=cast.worker).kind == "comment_hidden"


def test_hiding_needs_a_reason(cast, comment):
    with pytest.raises(ValidationError) as caught:
        comment_hide(comment=comment, moderator=cast.moderator, reason=" ")

    assert "reason" in caught.value.message_dict
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_a_comment_is_hidden_once(cast, comment):
    comment_hide(comment=comment, moderator=cast.moderator, reason="Insult.")

    with pytest.raises(ValidationError, match="already hidden"):
        comment_hide(comment=comment, moderator=cast.admin, reason="Again.")
    assert ModerationAction.objects.count() == 1


def test_a_moderator_cannot_hide_comments_under_their_own_review(cast, comment):
    with_role(cast.author, "moderator")

    with pytest.raises(PermissionDenied, match="your own review"):
        comment_hide(comment=comment, moderator=cast.author, reason="I dislike it.")


def test_comments_say_which_side_is_speaking(cast):
    comment_create(review=cast.review, author=cast.worker, text="A worker.")
    comment_create(review=cast.review, author=cast.author, text="The author.")
    comment_create(review=cast.review, author=cast.rep, text="The requester.")

    roles = [(shown.text, shown.author_role) for shown in review_comments(review=cast.review)]

    assert roles == [
        ("A worker.", "worker"),
        ("The author.", "review_author"),
        ("The requester.", "requester_representative"),
    ]


def test_a_hidden_comments_text_is_shown_to_moderators_only(cast, comment):
    comment_hide(comment=comment, moderator=cast.moderator, reason="Insult.")

    assert review_comments(review=cast.review, viewer=cast.worker)[0].text is None
    assert review_comments(review=cast.review, viewer=None)[0].text is None
    assert review_comments(review=cast.review, viewer=cast.moderator)[0].text == "Same for me."

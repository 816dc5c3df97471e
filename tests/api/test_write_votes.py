"""POST and DELETE /api/v1/reviews/{id}/helpful: a token, one vote per account, never on your
own or an unpublished review, limited per account with 429 and Retry-After."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import HelpfulVote, Review
from reviews.services.tokens import token_create
from reviews.services.votes import helpful_vote_cast
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(review) -> str:
    return reverse("api:review-helpful", args=[review.pk])


@pytest.fixture
def review(author):
    return ReviewFactory(author=author)


def sender(client, user):
    secret = token_create(user=user, name="Firefox")[1]

    def send(method: str, review):
        return getattr(client, method)(url(review), headers={"Authorization": f"Token {secret}"})

    return send


@pytest.fixture
def api(client, other_worker):
    """Requests as `other_worker`, who did not write `review`."""
    return sender(client, other_worker)


def test_a_worker_marks_a_review_helpful(api, review, other_worker):
    response = api("post", review)

    assert response.status_code == 201
    assert response.json() == {"review_id": review.pk, "helpful": True, "helpful_count": 1}
    assert HelpfulVote.objects.get().voter == other_worker


def test_a_second_vote_is_a_conflict(api, review):
    api("post", review)

    response = api("post", review)

    assert response.status_code == 409
    assert response.json()["code"] == "vote_exists"
    assert HelpfulVote.objects.count() == 1


def test_a_vote_on_ones_own_review_is_forbidden(client, author, review):
    response = sender(client, author)("post", review)

    assert response.status_code == 403
    assert response.json()["detail"] == "You can't mark your own review helpful."
    assert not HelpfulVote.objects.exists()


def test_without_a_token_nothing_is_voted(client, review):
    response = client.post(url(review))

    assert response.status_code == 401
    assert not HelpfulVote.objects.exists()


def test_a_session_cookie_does_not_vote(client, other_worker, review):
    client.force_login(other_worker)

    assert client.post(url(review)).status_code == 401
    assert not HelpfulVote.objects.exists()


def test_a_suspended_worker_is_forbidden(api, other_worker, review):
    other_worker.profile.posting_suspended_until = timezone.now() + timedelta(days=1)
    other_worker.profile.save()

    response = api("post", review)

    assert response.status_code == 403
    assert "suspended" in response.json()["detail"]
    assert not HelpfulVote.objects.exists()


def test_an_unpublished_review_is_not_found(api, author):
    held = ReviewFactory(author=author, status=Review.Status.HELD)

    assert api("post", held).status_code == 404
    assert api("delete", held).status_code == 404


def test_withdrawing_the_vote(api, review):
    api("post", review)

    response = api("delete", review)

    assert response.status_code == 200
    assert response.json() == {"review_id": review.pk, "helpful": False, "helpful_count": 0}
    assert api("delete", review).status_code == 200


def test_the_vote_limit_answers_429_with_retry_after(settings, api, other_worker):
    settings.HELPFUL_VOTES_PER_HOUR = 1
    first, second = ReviewFactory.create_batch(2)
    helpful_vote_cast(review=first, voter=other_worker)

    response = api("post", second)

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert "the most Lantern allows" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert not HelpfulVote.objects.filter(review=second).exists()


def test_another_workers_vote_is_not_withdrawn_by_mine(api, review):
    someone = UserFactory()
    helpful_vote_cast(review=review, voter=someone)

    api("delete", review)

    assert HelpfulVote.objects.get(withdrawn_at=None).voter == someone

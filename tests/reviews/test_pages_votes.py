"""The helpful button under a review: a POST form with CSRF, working without JavaScript, that
comes back to the page it was on; the count on the requester and review pages; sorting."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.models import HelpfulVote, Review
from reviews.services.votes import helpful_vote_cast
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(author):
    return ReviewFactory(author=author)


@pytest.fixture
def voter_client(client, other_worker):
    client.force_login(other_worker)
    return client


def helpful_url(review) -> str:
    return reverse("reviews:review_helpful", args=[review.pk])


def requester_url(requester, **query) -> str:
    url = reverse("reviews:requester_detail", args=[requester.platform.slug, requester.external_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_the_button_marks_the_review_and_returns_to_the_page(voter_client, review, other_worker):
    page = requester_url(review.requester, sort="helpful", page=1)

    response = voter_client.post(helpful_url(review), {"vote": "cast", "next": page})

    assert response.status_code == 302
    assert response["Location"] == f"{page}#review-{review.pk}"
    assert HelpfulVote.objects.get().voter == other_worker
    followed = voter_client.get(page)
    text = followed.content.decode()
    assert "1 worker found this helpful" in text
    assert "Marked helpful: take it back" in text
    assert "Thank you: you marked this review helpful." in text


def test_the_button_takes_the_mark_back(voter_client, review, other_worker):
    helpful_vote_cast(review=review, voter=other_worker)

    voter_client.post(helpful_url(review), {"vote": "withdraw"})

    review.refresh_from_db()
    assert review.helpful_count == 0
    assert not HelpfulVote.objects.filter(withdrawn_at=None).exists()


def test_a_second_vote_is_refused_with_a_message(voter_client, review, other_worker):
    helpful_vote_cast(review=review, voter=other_worker)

    response = voter_client.post(helpful_url(review), {"vote": "cast"}, follow=True)

    assert "You already marked this review helpful." in response.content.decode()
    assert HelpfulVote.objects.count() == 1


def test_a_vote_on_ones_own_review_is_refused(client, author, review):
    client.force_login(author)

    response = client.post(helpful_url(review), {"vote": "cast"}, follow=True)

    assert "You can&#x27;t mark your own review helpful." in response.content.decode()
    assert not HelpfulVote.objects.exists()


def test_the_author_sees_the_count_but_no_button(client, author, review):
    helpful_vote_cast(review=review, voter=UserFactory())
    client.force_login(author)

    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()

    assert "1 worker found this helpful" in page
    assert helpful_url(review) not in page


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_counted(client, review):
    response = client.post(helpful_url(review), {"vote": "cast"})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not HelpfulVote.objects.exists()
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert helpful_url(review) not in page
    assert "to mark reviews helpful" in page


def test_a_suspended_worker_is_refused_with_the_reason(voter_client, other_worker, review):
    other_worker.profile.posting_suspended_until = timezone.now() + timedelta(days=1)
    other_worker.profile.save()

    response = voter_client.post(helpful_url(review), {"vote": "cast"}, follow=True)

    assert "Your posting is suspended until" in response.content.decode()
    assert not HelpfulVote.objects.exists()


def test_the_vote_needs_the_csrf_token(other_worker, review):
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_worker)

    response = client.post(helpful_url(review), {"vote": "cast"})

    assert response.status_code == 403
    assert not HelpfulVote.objects.exists()


def test_the_form_carries_the_csrf_token(voter_client, review):
    page = voter_client.get(requester_url(review.requester)).content.decode()

    form = page[page.index(f'action="{helpful_url(review)}"') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]


def test_a_get_changes_nothing(voter_client, review):
    assert voter_client.get(helpful_url(review)).status_code == 405
    assert not HelpfulVote.objects.exists()


def test_an_unpublished_review_is_not_found(voter_client, author):
    hidden = ReviewFactory(author=author, status=Review.Status.HIDDEN)

    assert voter_client.post(helpful_url(hidden), {"vote": "cast"}).status_code == 404
    assert voter_client.post(helpful_url(hidden), {"vote": "withdraw"}).status_code == 404


def test_an_unknown_action_changes_nothing(voter_client, review):
    response = voter_client.post(helpful_url(review), {"vote": "both"}, follow=True)

    assert "Choose whether" in response.content.decode()
    assert not HelpfulVote.objects.exists()


def test_a_next_address_on_another_site_is_ignored(voter_client, review):
    response = voter_client.post(
        helpful_url(review), {"vote": "cast", "next": "https://evil.example/phish"}
    )

    assert response["Location"] == (
        reverse("reviews:review_detail", args=[review.pk]) + f"#review-{review.pk}"
    )


def test_the_vote_limit_is_explained(settings, voter_client, other_worker):
    settings.HELPFUL_VOTES_PER_HOUR = 1
    first, second = ReviewFactory.create_batch(2)
    helpful_vote_cast(review=first, voter=other_worker)

    response = voter_client.post(helpful_url(second), {"vote": "cast"}, follow=True)

    assert "the most Lantern allows. Try again in" in response.content.decode()
    second.refresh_from_db()
    assert second.helpful_count == 0


def test_the_requester_page_sorts_by_helpful_and_keeps_paging(settings, client):
    settings.REVIEWS_PER_PAGE = 2
    requester = RequesterFactory()
    reviews = [ReviewFactory(requester=requester, task_title=f"Task {n}") for n in range(5)]
    for n, review in enumerate(reviews):
        Review.objects.filter(pk=review.pk).update(
            created_at=timezone.now() - timedelta(days=10 - n)
        )
    for voters, review in ((3, reviews[0]), (2, reviews[1]), (1, reviews[2])):
        for _ in range(voters):
            helpful_vote_cast(review=review, voter=UserFactory())

    first = client.get(requester_url(requester, sort="helpful")).content.decode()
    second = client.get(requester_url(requester, sort="helpful", page=2)).content.decode()
    newest = client.get(requester_url(requester)).content.decode()

    assert first.index("Task 0") < first.index("Task 1")
    assert "Task 2" not in first and "Task 4" not in first
    # Past the voted ones, newest first: Task 4 before Task 3.
    assert second.index("Task 2") < second.index("Task 4")
    assert "Task 0" not in second and "Task 3" not in second
    # The next-page link keeps the order.
    assert "sort=helpful&amp;page=2" in first
    assert "most helpful first" in first
    assert newest.index("Task 4") < newest.index("Task 3")
    assert "3 workers found this helpful" in first

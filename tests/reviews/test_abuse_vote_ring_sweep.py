"""The periodic abuse sweep sees helpful votes: a ring becomes one open AbuseSignal that
holds nothing."""

import pytest
from django.urls import reverse

from reviews.models import AbuseSignal, Review
from reviews.services.abuse import abuse_sweep
from reviews.services.votes import helpful_vote_cast, helpful_vote_withdraw
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_ring(size=3, reviews_each=2):
    members = [UserFactory() for _ in range(size)]
    reviews = {m.pk: ReviewFactory.create_batch(reviews_each, author=m) for m in members}
    for voter in members:
        for author in members:
            if author != voter:
                for review in reviews[author.pk]:
                    helpful_vote_cast(review=review, voter=voter)
    return members, [r for rs in reviews.values() for r in rs]


def test_the_sweep_records_a_vote_ring_as_a_signal_that_holds_nothing():
    members, reviews = make_ring()
    ReviewFactory.create_batch(3)  # other reviews, no votes

    abuse_sweep()

    signal = AbuseSignal.objects.get(kind="vote_ring")
    assert signal.status == AbuseSignal.Status.OPEN
    assert not signal.holds_reviews
    assert set(signal.accounts.all()) == set(members)
    assert set(signal.reviews.all()) == set(reviews)
    assert "3 accounts up-voted each other's reviews" in signal.evidence
    assert set(Review.objects.values_list("status", flat=True)) == {"published"}


def test_a_second_sweep_records_nothing_new():
    make_ring()
    abuse_sweep()

    again = abuse_sweep()

    assert again.created == [] and again.held_reviews == []
    assert AbuseSignal.objects.filter(kind="vote_ring").count() == 1


def test_a_ring_that_withdrew_its_votes_is_still_seen():
    members, reviews = make_ring()
    for voter in members:
        for review in reviews:
            if review.author_id != voter.pk:
                helpful_vote_withdraw(review=review, voter=voter)

    abuse_sweep()

    assert AbuseSignal.objects.filter(kind="vote_ring").exists()


def test_honest_votes_raise_no_signal():
    readers = [UserFactory() for _ in range(4)]
    for review in ReviewFactory.create_batch(4):
        for reader in readers[:2]:
            helpful_vote_cast(review=review, voter=reader)

    abuse_sweep()

    assert not AbuseSignal.objects.filter(kind="vote_ring").exists()


def test_moderators_see_the_signal_on_its_page_by_pseudonym(client):
    members, _ = make_ring()
    abuse_sweep()
    moderator = UserFactory(pseudonym="mod-x")
    moderator.profile.role = "moderator"
    moderator.profile.save()
    client.force_login(moderator)
    signal = AbuseSignal.objects.get(kind="vote_ring")

    page = client.get(reverse("reviews:moderation_signal", args=[signal.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "vote_ring" in text
    assert members[0].profile.pseudonym in text
    assert members[0].email not in text

"""The sweep streams review rows from the database and runs the detectors window by window."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.abuse import Thresholds
from reviews.abuse.sweep import detect_in_db, sweep_rows
from reviews.models import NetworkFingerprint, RequesterClaim, Review
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def review_at(moment, **kwargs) -> Review:
    review = ReviewFactory(**kwargs)
    # created_at is set on insert; the sweep is about when reviews were written.
    Review.objects.filter(pk=review.pk).update(created_at=moment)
    review.refresh_from_db()
    return review


def test_sweep_rows_yields_reviews_in_time_order_with_their_network():
    now = timezone.now()
    requester = RequesterFactory()
    later = review_at(now - timedelta(hours=1), requester=requester, rating_pay=2)
    earlier = review_at(now - timedelta(hours=5), requester=requester, text="Fine.")
    NetworkFingerprint.objects.create(
        user=earlier.author,
        review=earlier,
        action="review_create",
        network_hash="n-1",
        agent_hash="a",
    )
    review_at(now - timedelta(days=9), requester=requester)
    Review.objects.filter(pk=later.pk).update(status=Review.Status.HELD)

    rows = list(sweep_rows(now - timedelta(days=1), now, chunk_size=1))

    assert [r.review_id for r in rows] == [earlier.pk, later.pk]
    assert rows[0].network == "n-1" and rows[1].network is None
    assert rows[0].text == "Fine." and rows[0].platform == requester.platform.slug
    assert rows[1].ratings == {"pay": 2}
    assert rows[0].author_joined_at == earlier.author.date_joined


def test_detect_in_db_finds_a_representative_reviewing_its_requester():
    now = timezone.now()
    requester = RequesterFactory()
    rep = UserFactory()
    RequesterClaim.objects.create(
        user=rep,
        requester=requester,
        statement="I run it",
        contact="x",
        status=RequesterClaim.Status.APPROVED,
    )
    alt = UserFactory()
    NetworkFingerprint.objects.create(
        user=rep, action="reply", network_hash="office", agent_hash="a"
    )
    own = review_at(now - timedelta(days=40), requester=requester, author=rep)
    by_alt = review_at(now - timedelta(hours=2), requester=requester, author=alt)
    NetworkFingerprint.objects.create(
        user=alt, review=by_alt, action="review_create", network_hash="office", agent_hash="a"
    )
    honest = review_at(now - timedelta(hours=3), requester=requester)
    thresholds = Thresholds(sweep_window_days=7)

    detections = detect_in_db(now - timedelta(days=60), now + timedelta(seconds=1), thresholds)

    named = {i for d in detections if d.kind == "self_review" for i in d.review_ids}
    assert named == {own.pk, by_alt.pk}
    assert honest.pk not in named
    assert all(d.holds(thresholds) for d in detections if d.kind == "self_review")


def test_detect_in_db_reports_nothing_outside_its_range():
    now = timezone.now()
    requester = RequesterFactory()
    rep = UserFactory()
    RequesterClaim.objects.create(
        user=rep,
        requester=requester,
        statement="I run it",
        contact="x",
        status=RequesterClaim.Status.APPROVED,
    )
    review_at(now - timedelta(days=40), requester=requester, author=rep)

    assert detect_in_db(now - timedelta(days=10), now) == []


def test_detect_in_db_splits_each_text_once_and_keeps_only_the_buffered_ones(monkeypatch):
    """Each review is in two windows (its own, then the next one's baseline); its text
    features are worked out once, and the cache forgets reviews that left the buffer."""
    from reviews.abuse import rare_text

    now = timezone.now()
    requester = RequesterFactory()
    texts = [f"review number {n} of the weekly survey batch" for n in range(6)]
    reviews = [
        review_at(now - timedelta(days=3 * n + 1), requester=requester, text=t)
        for n, t in enumerate(texts)
    ]
    split: list[str] = []
    real = rare_text.features
    monkeypatch.setattr(rare_text, "features", lambda text, n: split.append(text) or real(text, n))
    retained: list[set] = []
    real_retain = rare_text.FeatureCache.retain

    def retain(cache, ids):
        real_retain(cache, ids)
        retained.append(set(cache._of))

    monkeypatch.setattr(rare_text.FeatureCache, "retain", retain)
    thresholds = Thresholds(sweep_window_days=3, burst_baseline_days=3)

    detect_in_db(now - timedelta(days=18), now, thresholds)

    assert sorted(split) == sorted(texts)
    assert retained and all(len(kept) <= 2 for kept in retained)
    assert {r.pk for r in reviews} >= set().union(*retained)

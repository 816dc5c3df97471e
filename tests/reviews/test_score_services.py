from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from reviews.models import Requester, RequesterScore, Review
from reviews.services.reviews import review_create, review_update, review_withdraw
from reviews.services.score_full_pass import scores_recompute_all
from reviews.services.scores import (
    published_score,
    requester_score_recompute,
    score_cache,
    score_cache_key,
    scores_ensure_published,
)
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, review_fields

pytestmark = pytest.mark.django_db(transaction=True)


def _score(requester_id: str = "A1B2C3D4E5F6G7") -> RequesterScore:
    return RequesterScore.objects.get(requester__external_id=requester_id)


def test_a_new_review_is_scored_at_once(author):
    review_create(author=author, **review_fields(reward=Decimal("3.00"), time_worked_seconds=900))

    score = _score()
    assert score.review_count == 1
    assert score.data["all"]["wage"]["median"] == 12.0
    assert score.data["recent"]["n"] == 1


def test_each_recompute_publishes_a_higher_version(author):
    review = review_create(author=author, **review_fields())
    first = _score().version

    review_update(review=review, editor=author, text="Edited")

    assert _score().version > first


def test_withdrawn_reviews_leave_the_score(author, other_worker):
    mine = review_create(author=author, **review_fields(rating_pay=1))
    review_create(author=other_worker, **review_fields(rating_pay=5))

    review_withdraw(review=mine, actor=author)

    ratings = _score().data["all"]["ratings"]["pay"]
    assert _score().review_count == 1
    assert ratings["n"] == 1
    assert ratings["mean"] == 5.0


@pytest.mark.parametrize("status", [Review.Status.HIDDEN, Review.Status.HELD])
def test_hidden_and_held_reviews_never_count(status):
    requester = RequesterFactory()
    ReviewFactory(requester=requester, status=Review.Status.PUBLISHED)
    ReviewFactory(requester=requester, status=status)

    requester_score_recompute(requester_id=requester.pk)

    assert RequesterScore.objects.get(requester=requester).review_count == 1


def test_recent_window_holds_only_the_last_90_days():
    requester = RequesterFactory()
    old = ReviewFactory(requester=requester)
    Review.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=120))
    ReviewFactory(requester=requester)

    requester_score_recompute(requester_id=requester.pk)

    data = RequesterScore.objects.get(requester=requester).data
    assert (data["all"]["n"], data["recent"]["n"]) == (2, 1)


def test_the_snapshot_is_published_to_the_cache_after_commit(author):
    review_create(author=author, **review_fields(requester_name="Psych Lab"))

    published = published_score(platform_slug="mturk", external_id="A1B2C3D4E5F6G7")
    assert published["name"] == "Psych Lab"
    assert published["all"]["n"] == 1
    assert published["version"] == _score().version


def test_lost_cache_is_rebuilt_from_the_database(author):
    review_create(author=author, **review_fields())
    scores_recompute_all()
    key = score_cache_key("mturk", "A1B2C3D4E5F6G7")
    as_published = score_cache().get(key)
    score_cache().clear()
    assert published_score(platform_slug="mturk", external_id="A1B2C3D4E5F6G7") is None

    rebuilt = scores_ensure_published()

    assert rebuilt is True
    assert score_cache().get(key) == as_published  # the stored text, byte for byte
    assert published_score(platform_slug="mturk", external_id="A1B2C3D4E5F6G7")["all"]["n"] == 1
    assert scores_ensure_published() is False


def test_nightly_recompute_gives_exactly_the_incremental_snapshots(settings):
    settings.SCORES_CHUNK_SIZE = 3  # chunks that split the requesters with reviews
    now = timezone.now()
    workers = UserFactory.create_batch(4)
    requesters = RequesterFactory.create_batch(7)
    for i, requester in enumerate(requesters[:6]):
        for j, worker in enumerate(workers[: 1 + i % 4]):
            review = ReviewFactory(
                requester=requester,
                author=worker,
                reward=Decimal(f"{1 + i}.{j}5"),
                time_worked_seconds=300 + 97 * i + 13 * j,
                rating_pay=1 + (i + j) % 5,
                rating_fair=1 + (i * j) % 5,
                outcome=[Review.Outcome.APPROVED, Review.Outcome.REJECTED][(i + j) % 2],
                recommend=[True, False, None][j % 3],
            )
            Review.objects.filter(pk=review.pk).update(
                created_at=now - timedelta(days=40 * i + 7 * j)
            )

    scores_recompute_all(now=now)
    nightly = {s.requester_id: s.data for s in RequesterScore.objects.all()}
    for requester in requesters:
        requester_score_recompute(requester_id=requester.pk, now=now)
    incremental = {s.requester_id: s.data for s in RequesterScore.objects.all()}

    assert set(nightly) == {r.pk for r in requesters}
    assert nightly == incremental
    assert nightly[requesters[6].pk]["all"]["n"] == 0


def test_the_nightly_recompute_keeps_a_snapshot_computed_after_it_started():
    if connection.vendor != "postgresql":
        pytest.skip("only the streamed recompute (PostgreSQL) reads before it locks")
    now = timezone.now()
    fresh, stale = RequesterFactory.create_batch(2)
    for requester in (fresh, stale):
        ReviewFactory(requester=requester)
    # A review came in while the nightly job was running, and its recompute was quicker.
    requester_score_recompute(requester_id=fresh.pk, now=now + timedelta(minutes=5))
    before = RequesterScore.objects.get(requester=fresh)

    scores_recompute_all(now=now)

    after = RequesterScore.objects.get(requester=fresh)
    assert (after.version, after.computed_at) == (before.version, before.computed_at)
    assert RequesterScore.objects.get(requester=stale).computed_at == now
    published = published_score(platform_slug=fresh.platform.slug, external_id=fresh.external_id)
    assert published["version"] == before.version


def test_recompute_all_reports_progress_for_every_requester(settings):
    settings.SCORES_CHUNK_SIZE = 2
    RequesterFactory.create_batch(5)
    seen = []

    done = scores_recompute_all(progress=seen.append)

    assert done == Requester.objects.count() == 5
    assert sum(seen) == 5
    # A chunk at a time (on PostgreSQL each part of the requesters has its own chunks).
    assert all(0 < count <= 2 for count in seen)
    assert len(seen) >= 3


def test_bayesian_average_shrinks_a_single_rating_toward_the_platform_mean():
    requester = RequesterFactory()
    others = RequesterFactory()
    for _ in range(10):
        ReviewFactory(requester=others, rating_pay=3)
    ReviewFactory(requester=requester, rating_pay=5)

    scores_recompute_all()

    pay = RequesterScore.objects.get(requester=requester).data["all"]["ratings"]["pay"]
    # platform mean (10*3 + 5) / 11 = 3.1818...; one fresh 5 with m = 5:
    # (5 * 3.1818 + 1 * 5) / 6 = 3.4848...
    assert pay["mean"] == 5.0
    assert pay["bayes"] == pytest.approx(3.4848, abs=1e-3)
    assert pay["confidence"] == "low"


def test_every_publish_raises_the_generation_readers_watch(author, other_worker):
    from reviews.services.scores import published_generation

    before = published_generation()
    review_create(author=author, **review_fields())
    after_one = published_generation()
    review_create(author=other_worker, **review_fields())

    assert before < after_one < published_generation()


def test_a_merged_duplicate_id_answers_with_the_kept_requesters_snapshot(settings):
    from reviews.selectors.requesters import requester_search
    from reviews.services.moderation import requesters_merge
    from tests.reviews.moderation_cast import with_role

    moderator = with_role(UserFactory(), "moderator")
    keep = RequesterFactory(display_name="Psychology Lab")
    duplicate = RequesterFactory(display_name="Psych Lab")
    ReviewFactory(requester=keep)
    ReviewFactory.create_batch(2, requester=duplicate)

    requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Same lab.")
    settings.SCORES_CHUNK_SIZE = 1  # the duplicate comes after its keeper, in its own chunk
    scores_recompute_all()  # and its own (empty) recompute must not win
    by_old_id = published_score(platform_slug="mturk", external_id=duplicate.external_id)

    assert by_old_id["name"] == "Psychology Lab"
    assert by_old_id["all"]["n"] == 3
    assert list(requester_search(query=duplicate.external_id)) == [keep]
    score_cache().clear()
    scores_ensure_published()
    assert (
        published_score(platform_slug="mturk", external_id=duplicate.external_id)["all"]["n"] == 3
    )

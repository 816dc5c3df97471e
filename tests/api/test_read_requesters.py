"""Requester detail, its reviews, platforms, status and the daily export."""

import gzip
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import RequesterAlias, Review, ScoreExport
from reviews.services.exports import score_export_build
from reviews.services.scores import score_cache
from reviews.services.votes import helpful_vote_cast, helpful_vote_withdraw
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "A1B2C3D4E5F6G7"


def test_requester_detail_shows_names_and_the_snapshot(api_client, scored_requester):
    requester = scored_requester(external_id=KNOWN, display_name="Psych Lab", reviews=[{}, {}])
    RequesterAlias.objects.create(requester=requester, name="Old Lab")

    body = api_client.get(f"/api/v1/requesters/mturk/{KNOWN}").json()

    assert (body["platform"], body["id"], body["name"]) == ("mturk", KNOWN, "Psych Lab")
    assert body["aliases"] == ["Old Lab"]
    assert body["score"]["version"] == 1
    assert body["score"]["all"]["n"] == 2


def test_requester_detail_before_the_first_score_has_none(api_client, db):
    RequesterFactory(external_id=KNOWN)

    assert api_client.get(f"/api/v1/requesters/mturk/{KNOWN}").json()["score"] is None


def test_unknown_requester_or_platform_is_a_404(api_client, db):
    assert api_client.get(f"/api/v1/requesters/mturk/{KNOWN}").status_code == 404
    assert api_client.get(f"/api/v1/requesters/nope/{KNOWN}/reviews").status_code == 404


def test_reviews_show_only_published_ones_under_a_pseudonym(api_client, db):
    requester = RequesterFactory(external_id=KNOWN)
    author = UserFactory(pseudonym="night_owl", email="private.person@example.org")
    shown = ReviewFactory(requester=requester, author=author)
    for status in (Review.Status.HELD, Review.Status.HIDDEN, Review.Status.WITHDRAWN):
        ReviewFactory(requester=requester, author=author, status=status)

    response = api_client.get(f"/api/v1/requesters/mturk/{KNOWN}/reviews")

    results = response.json()["results"]
    assert [r["id"] for r in results] == [shown.pk]
    assert results[0]["author"] == "night_owl"
    text = response.content.decode()
    assert "private.person" not in text
    assert "author_id" not in text and "user" not in text
    assert str(author.pk) not in json.dumps(results[0]["author"])


def test_reviews_show_how_many_workers_found_them_helpful(api_client, db):
    requester = RequesterFactory(external_id=KNOWN)
    review = ReviewFactory(requester=requester)
    for _ in range(2):
        helpful_vote_cast(review=review, voter=UserFactory())
    helpful_vote_withdraw(review=review, voter=UserFactory())  # nothing to withdraw: no change

    (shown,) = api_client.get(f"/api/v1/requesters/mturk/{KNOWN}/reviews").json()["results"]

    assert shown["helpful_count"] == 2


def test_reviews_come_in_cursor_pages_without_gaps_or_repeats(api_client, db):
    requester = RequesterFactory(external_id=KNOWN)
    reviews = [ReviewFactory(requester=requester) for _ in range(5)]
    url = f"/api/v1/requesters/mturk/{KNOWN}/reviews?page_size=2"

    seen = []
    while url:
        page = api_client.get(url).json()
        assert len(page["results"]) <= 2
        seen += [r["id"] for r in page["results"]]
        url = page["next"]

    assert seen == sorted((r.pk for r in reviews), reverse=True)


def test_reviews_filter_by_window_and_outcome(api_client, db):
    requester = RequesterFactory(external_id=KNOWN)
    old = ReviewFactory(requester=requester, outcome=Review.Outcome.REJECTED)
    Review.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=200))
    new_rejected = ReviewFactory(requester=requester, outcome=Review.Outcome.REJECTED)
    new_approved = ReviewFactory(requester=requester)
    url = f"/api/v1/requesters/mturk/{KNOWN}/reviews"

    def ids(**query):
        return {r["id"] for r in api_client.get(url, query).json()["results"]}

    assert ids(window="recent") == {new_rejected.pk, new_approved.pk}
    assert ids(outcome="rejected") == {old.pk, new_rejected.pk}
    assert ids(window="recent", outcome="rejected") == {new_rejected.pk}
    assert api_client.get(url, {"window": "week"}).status_code == 400


def test_platforms_list_their_requester_id_patterns(api_client, db):
    platforms = {p["slug"]: p for p in api_client.get("/api/v1/platforms").json()}

    assert platforms["mturk"]["requester_id_pattern"] == r"A[A-Z0-9]{9,}"
    assert platforms["mturk"]["currency"] == "USD"


def test_status_is_degraded_while_the_cache_is_not_fully_published(api_client, db):
    body = api_client.get("/api/v1/status").json()

    assert body["degraded"] is True
    assert body["scores"]["ready"] is False
    assert body["version"]


def test_status_is_healthy_once_scores_are_published(api_client, scored_requester, scores_ready):
    scored_requester()

    body = api_client.get("/api/v1/status").json()

    assert body["degraded"] is False
    assert body["scores"]["ready"] is True
    assert body["scores"]["published_at"] == "2024-05-01T03:15:00+00:00"
    assert body["scores"]["newest_computed_at"] is not None
    assert body["scores"]["generation"] >= 1


def test_status_is_degraded_when_the_cache_is_unreachable(api_client, db, monkeypatch):
    class DownCache:
        def get_many(self, keys):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr("reviews.services.score_publish.score_cache", lambda: DownCache())

    body = api_client.get("/api/v1/status").json()

    assert body["degraded"] is True
    assert body["cache_reachable"] is False
    assert body["scores"]["generation"] is None


def test_export_before_the_first_build_is_a_clear_503(api_client, db):
    response = api_client.get("/api/v1/export/scores.json.gz")

    assert response.status_code == 503
    assert response.json()["code"] == "export_not_ready"


def test_export_holds_every_published_snapshot(api_client, scored_requester):
    first = scored_requester(external_id=KNOWN, reviews=[{}, {}])
    scored_requester()

    export = score_export_build()
    response = api_client.get("/api/v1/export/scores.json.gz")

    assert export.requester_count == 2
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    document = json.loads(gzip.decompress(response.content))
    assert document["format"] == 1
    assert document["requester_count"] == 2
    by_id = {s["id"]: s for s in document["requesters"]}
    assert by_id[KNOWN]["all"]["n"] == 2
    assert by_id[KNOWN]["name"] == first.display_name
    published = json.loads(score_cache().get(f"mturk:{KNOWN}"))
    assert by_id[KNOWN] == published


def test_an_unchanged_export_is_not_downloaded_again(api_client, scored_requester):
    scored_requester()
    score_export_build()
    first = api_client.get("/api/v1/export/scores.json.gz")

    again = api_client.get(
        "/api/v1/export/scores.json.gz", headers={"If-None-Match": first["ETag"]}
    )

    assert again.status_code == 304
    assert again.content == b""


def test_export_keeps_only_the_newest_few(db):
    for _ in range(4):
        score_export_build()

    assert ScoreExport.objects.count() == 2


def test_export_is_built_in_chunks(scored_requester, settings):
    settings.SCORES_CHUNK_SIZE = 2
    for _ in range(5):
        scored_requester()
    chunks = []

    export = score_export_build(progress=chunks.append)

    assert chunks == [2, 2, 1]
    assert len(json.loads(gzip.decompress(export.content))["requesters"]) == 5

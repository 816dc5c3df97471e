"""The compact daily export (/api/v1/export/scores-compact.json.gz): the compact lookup's
items of every published requester, by platform, built with the full export."""

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.utils.http import http_date

from api.read.compact import COMPACT_ITEM_LIMIT
from reviews.models import ScoreExport
from reviews.services.exports import score_export_build
from tests.api.test_read_compact import VARIED_REVIEWS, VARIED_WINDOW
from tests.factories import platform

pytestmark = pytest.mark.django_db

URL = "/api/v1/export/scores-compact.json.gz"
FULL_URL = "/api/v1/export/scores.json.gz"
LOOKUP = "/api/v1/requesters/scores"
KNOWN = "A1B2C3D4E5F6G7"
PROLIFIC = "5f1a2b3c4d5e6f7a8b9c0d1e"
BUILT = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


def compact_document(response) -> tuple[dict, bytes]:
    raw = gzip.decompress(response.content)
    return json.loads(raw), raw


@pytest.fixture
def three_requesters(scored_requester):
    """Two on MTurk (one with a 64-character id, the longest a lookup takes), one on
    Prolific, with varied outcomes."""
    scored_requester(external_id=KNOWN, reviews=VARIED_REVIEWS)
    scored_requester(external_id="A" + "Z" * 63, reviews=[{}, {"time_worked_seconds": None}])
    scored_requester(platform=platform("prolific"), external_id=PROLIFIC, reviews=[{}])


def test_before_the_first_build_it_is_a_clear_503(api_client, db):
    response = api_client.get(URL)

    assert response.status_code == 503
    assert response.json()["code"] == "export_not_ready"


def test_an_export_built_before_the_compact_form_existed_is_not_served_as_one(api_client, db):
    ScoreExport.objects.create(requester_count=0, etag="old", content=gzip.compress(b"{}"))

    assert api_client.get(URL).status_code == 503
    assert api_client.get(FULL_URL).status_code == 200


def test_it_holds_every_requester_by_platform_in_the_compact_lookups_shape(
    api_client, three_requesters
):
    export = score_export_build(now=BUILT)
    response = api_client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert 'filename="scores-compact.json.gz"' in response["Content-Disposition"]
    document, _ = compact_document(response)
    assert document["format"] == 1 and document["fields"] == "compact"
    assert document["created_at"] == BUILT.isoformat()
    assert document["requester_count"] == export.requester_count == 3
    platforms = document["platforms"]
    assert {item["id"] for item in platforms["mturk"]} == {KNOWN, "A" + "Z" * 63}
    assert [item["id"] for item in platforms["prolific"]] == [PROLIFIC]
    assert platforms["toloka"] == []
    (known,) = (item for item in platforms["mturk"] if item["id"] == KNOWN)
    assert set(known) == {"status", "id", "n", "confidence", "all", "recent"}
    assert known["all"] == known["recent"] == VARIED_WINDOW


def test_each_item_is_the_compact_lookups_item_byte_for_byte(
    api_client, three_requesters, scores_ready
):
    score_export_build()
    document, raw = compact_document(api_client.get(URL))

    for slug, items in document["platforms"].items():
        if not items:
            continue
        ids = ",".join(item["id"] for item in items)
        query = {"platform": slug, "ids": ids, "fields": "compact"}
        answer = api_client.get(LOOKUP, query)
        assert answer.status_code == 200
        assert answer.json()["results"] == items
        # The same bytes, not only the same values: one builder makes both.
        for item in answer.json()["results"]:
            encoded = json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode()
            assert encoded in answer.content and encoded in raw


def test_it_takes_at_most_the_compact_bound_per_requester_uncompressed(api_client, request):
    empty = gzip.decompress(score_export_build(now=BUILT).compact_content)
    request.getfixturevalue("three_requesters")
    score_export_build(now=BUILT)
    document, raw = compact_document(api_client.get(URL))
    full = gzip.decompress(api_client.get(FULL_URL).content)

    items = [item for items in document["platforms"].values() for item in items]
    longest = max(
        len(json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode()) for item in items
    )
    assert longest <= COMPACT_ITEM_LIMIT
    # What the requesters add to an export of none (the head and the platforms' names).
    assert (len(raw) - len(empty)) / len(items) <= COMPACT_ITEM_LIMIT
    # And far smaller than the full snapshots it stands for.
    assert len(raw) * 4 < len(full)


def test_an_unchanged_export_is_a_304_by_etag_or_date(api_client, three_requesters):
    export = score_export_build()
    first = api_client.get(URL)
    assert first["ETag"] == f'"{export.compact_etag}"' != f'"{export.etag}"'
    assert first["Last-Modified"] == http_date(int(export.created_at.timestamp()))
    assert first["Cache-Control"] == api_client.get(FULL_URL)["Cache-Control"]
    assert "max-age" in first["Cache-Control"]

    by_etag = api_client.get(URL, headers={"If-None-Match": first["ETag"]})
    by_date = api_client.get(URL, headers={"If-Modified-Since": first["Last-Modified"]})
    full_etag = api_client.get(URL, headers={"If-None-Match": f'"{export.etag}"'})

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == by_date.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert full_etag.status_code == 200


def test_a_changed_score_changes_the_next_exports_etag(
    api_client, three_requesters, scored_requester
):
    score_export_build()
    first = api_client.get(URL)
    scored_requester(reviews=[{}])
    score_export_build()

    again = api_client.get(URL, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert compact_document(again)[0]["requester_count"] == 4


def test_the_same_snapshots_give_the_same_etag(three_requesters):
    first, second = score_export_build(now=BUILT), score_export_build(now=BUILT)

    assert first.compact_etag == second.compact_etag
    assert first.compact_content == second.compact_content

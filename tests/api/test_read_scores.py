"""The bulk score lookup: GET /api/v1/requesters/scores (and its POST form)."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import score_reader
from reviews.services.scores import GENERATION_KEY, score_cache, score_cache_key
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/requesters/scores"
KNOWN = "A1B2C3D4E5F6G7"
UNKNOWN = "A9Z8Y7X6W5V4U3"


def lookup(client, ids, platform="mturk", **headers):
    return client.get(URL, {"platform": platform, "ids": ",".join(ids)}, headers=headers)


def test_each_id_gets_a_status_in_the_order_asked(api_client, scored_requester, scores_ready):
    scored_requester(external_id=KNOWN, display_name="Psych Lab")

    response = lookup(api_client, [UNKNOWN, KNOWN, "not-an-id", KNOWN])

    assert response.status_code == 200
    body = response.json()
    assert body["platform"] == "mturk"
    assert body["ready"] is True
    assert [(r["id"], r["status"]) for r in body["results"]] == [
        (UNKNOWN, "not_found"),
        (KNOWN, "found"),
        ("not-an-id", "invalid_id"),
    ]


def test_a_found_requester_carries_its_published_snapshot(api_client, scored_requester):
    scored_requester(external_id=KNOWN, display_name="Psych Lab", reviews=[{}, {}, {}])
    published = json.loads(score_cache().get(score_cache_key("mturk", KNOWN)))

    found = lookup(api_client, [KNOWN]).json()["results"][0]

    assert found["status"] == "found"
    assert found["n"] == 3
    assert found["confidence"] == "low"
    assert found["name"] == "Psych Lab"
    assert found["computed_at"] == published["computed_at"]
    assert found["all"] == published["all"]
    assert found["recent"] == published["recent"]


def test_a_requester_without_a_published_score_is_not_found(api_client, db):
    ReviewFactory(requester__external_id=KNOWN)  # in the database, never scored

    result = lookup(api_client, [KNOWN]).json()["results"][0]

    assert result == {"status": "not_found", "id": KNOWN}


def test_more_than_the_maximum_of_ids_is_refused_with_a_clear_message(api_client, settings):
    ids = [f"A{n:012d}" for n in range(settings.API_MAX_IDS + 1)]

    response = lookup(api_client, ids)

    assert response.status_code == 400
    assert response.json()["errors"]["ids"] == [
        "At most 100 ids per request; this one has 101. Split it up."
    ]


def test_the_maximum_of_ids_is_answered(api_client, settings):
    ids = [f"A{n:012d}" for n in range(settings.API_MAX_IDS)]

    response = lookup(api_client, ids)

    assert response.status_code == 200
    assert len(response.json()["results"]) == settings.API_MAX_IDS


def test_an_unknown_platform_is_refused(api_client):
    response = lookup(api_client, [KNOWN], platform="mturkk")

    assert response.status_code == 400
    assert "Unknown platform “mturkk”" in response.json()["errors"]["platform"][0]


def test_a_lookup_without_platform_or_ids_is_refused(api_client):
    assert api_client.get(URL, {"ids": KNOWN}).status_code == 400
    assert api_client.get(URL, {"platform": "mturk"}).status_code == 400
    assert api_client.get(URL, {"platform": "mturk", "ids": " , "}).status_code == 400


def test_the_post_form_answers_exactly_as_the_get_form(api_client, scored_requester):
    scored_requester(external_id=KNOWN)
    ids = [KNOWN, UNKNOWN, "x"]

    by_get = lookup(api_client, ids)
    by_post = api_client.post(URL, {"platform": "mturk", "ids": ids}, format="json")

    assert by_post.status_code == 200
    assert by_post.content == by_get.content
    assert by_post["ETag"] == by_get["ETag"]


def test_the_post_form_refuses_ids_that_are_not_a_list_of_strings(api_client):
    response = api_client.post(URL, {"platform": "mturk", "ids": KNOWN}, format="json")

    assert response.status_code == 400
    assert "ids" in response.json()["errors"]


def test_a_warm_lookup_makes_no_database_query(
    api_client, scored_requester, django_assert_num_queries
):
    scored_requester(external_id=KNOWN)
    lookup(api_client, [KNOWN, UNKNOWN])  # warm-up: platforms loaded once per process

    with django_assert_num_queries(0):
        response = lookup(api_client, [UNKNOWN, KNOWN, "bad"])

    assert response.status_code == 200


def test_a_new_review_shows_in_the_next_lookup_after_its_publish(
    api_client, scored_requester, django_capture_on_commit_callbacks
):
    from reviews.services.scores import requester_score_recompute

    requester = scored_requester(external_id=KNOWN, reviews=[{}])
    assert lookup(api_client, [KNOWN]).json()["results"][0]["n"] == 1
    generation = score_cache().get(GENERATION_KEY)

    ReviewFactory(requester=requester)
    with django_capture_on_commit_callbacks(execute=True):
        requester_score_recompute(requester_id=requester.pk)

    assert score_cache().get(GENERATION_KEY) > generation
    assert lookup(api_client, [KNOWN]).json()["results"][0]["n"] == 2


def test_snapshots_are_served_from_memory_until_the_generation_changes(
    api_client, scored_requester
):
    scored_requester(external_id=KNOWN, display_name="Old name")
    assert lookup(api_client, [KNOWN]).json()["results"][0]["name"] == "Old name"
    key = score_cache_key("mturk", KNOWN)
    score_cache().set(key, score_cache().get(key).replace("Old name", "New name"))

    unchanged = lookup(api_client, [KNOWN]).json()["results"][0]["name"]
    score_cache().incr(GENERATION_KEY)
    changed = lookup(api_client, [KNOWN]).json()["results"][0]["name"]

    assert (unchanged, changed) == ("Old name", "New name")


def test_an_entry_unchanged_by_a_publish_keeps_what_was_made_from_it(api_client, scored_requester):
    scored_requester(external_id=KNOWN, display_name="Same name")
    lookup(api_client, [KNOWN], **{"Accept-Encoding": "gzip"})
    (before,) = score_reader.score_reader.lookup("mturk", [KNOWN])

    score_cache().incr(GENERATION_KEY)  # something else was published
    (after,) = score_reader.score_reader.lookup("mturk", [KNOWN])

    assert after is before
    assert after.compressed is not None  # not compressed again


def test_a_lookup_is_cacheable_for_the_configured_time(api_client, settings, scores_ready):
    settings.API_CACHE_MAX_AGE = 45

    response = lookup(api_client, [KNOWN])

    assert response["Cache-Control"] == "public, max-age=45"


def test_a_lookup_while_the_cache_is_rebuilt_is_not_reused(api_client):
    response = lookup(api_client, [KNOWN])

    assert response.json()["ready"] is False
    assert response["Cache-Control"] == "public, max-age=0"


def test_an_unchanged_answer_is_not_sent_again(api_client, scored_requester):
    scored_requester(external_id=KNOWN)
    first = lookup(api_client, [KNOWN, UNKNOWN])

    again = lookup(api_client, [KNOWN, UNKNOWN], **{"If-None-Match": first["ETag"]})

    assert first["ETag"].startswith('"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_the_etag_changes_with_the_answer(api_client, scored_requester, scores_ready):
    scored_requester(external_id=KNOWN)

    one = lookup(api_client, [KNOWN])
    other_order = lookup(api_client, [UNKNOWN, KNOWN])
    score_cache().delete(score_cache_key("mturk", KNOWN))
    score_cache().incr(GENERATION_KEY)
    gone = lookup(api_client, [KNOWN])

    assert len({one["ETag"], other_order["ETag"], gone["ETag"]}) == 3
    stale = lookup(api_client, [KNOWN], **{"If-None-Match": one["ETag"]})
    assert stale.status_code == 200


def test_a_large_answer_is_gzipped_for_clients_that_accept_it(api_client, scored_requester):
    ids = [scored_requester().external_id for _ in range(5)]
    plain = lookup(api_client, ids)

    zipped = lookup(api_client, ids, **{"Accept-Encoding": "gzip"})

    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain.content)
    assert gzip.decompress(zipped.content) == plain.content


def test_a_lookup_leaves_no_trace_of_the_ids_in_logs_or_the_database(
    api_client, scored_requester, caplog
):
    scored_requester(external_id=KNOWN)
    secret_ids = [KNOWN, UNKNOWN, "AQQQQQQQQQQQQQ", "secret-invalid-id"]
    caplog.set_level("DEBUG")

    with CaptureQueriesContext(connection) as queries:
        lookup(api_client, secret_ids)
        api_client.post(URL, {"platform": "mturk", "ids": secret_ids}, format="json")
        lookup(api_client, secret_ids, platform="nope")  # a refused lookup is logged
        lookup(api_client, [*secret_ids, *(f"A{n:012d}" for n in range(200))])

    logged = " ".join(
        f"{r.getMessage()} {r.args!r} {getattr(r, 'request', '')!r}" for r in caplog.records
    )
    assert not [i for i in secret_ids if i in logged]
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []

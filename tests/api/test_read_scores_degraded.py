"""Lookups while the score cache (Redis) is unreachable: memory, then PostgreSQL, `degraded`.

The integration test tests/integration/test_redis_down_http.py does the same against a real
Redis that is killed; these pin down each path of api/score_reader.py with a cache that
raises as redis-py does.
"""

import json

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from api import score_reader
from tests.factories import RequesterFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/requesters/scores"
KNOWN = "A1B2C3D4E5F6G7"
OTHER = "A9Z8Y7X6W5V4U3"
UNKNOWN = "A5Q5Q5Q5Q5Q5Q5"


def lookup(client, ids, **params):
    return client.get(URL, {"platform": "mturk", "ids": ",".join(ids), **params})


def results_bytes(response) -> bytes:
    """The answer's items exactly as sent (everything after the envelope's head)."""
    return response.content.split(b'"results":[', 1)[1]


class DownCache:
    def get_many(self, keys):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def use_cache(patches, cache) -> None:
    """The score cache both the reader's reads and its publication check see."""
    for where in ("api.score_reader.score_cache", "reviews.services.score_publish.score_cache"):
        patches.setattr(where, lambda: cache)


@pytest.fixture
def redis_down(monkeypatch):
    def down():
        use_cache(monkeypatch, DownCache())

    return down


@pytest.mark.parametrize("fields", ["full", "compact"])
def test_ids_not_in_memory_are_answered_from_postgresql_with_the_same_items(
    api_client, scored_requester, scores_ready, redis_down, fields
):
    scored_requester(external_id=KNOWN, display_name="Psych Lab", reviews=[{}, {}])
    scored_requester(external_id=OTHER)
    ids = [KNOWN, UNKNOWN, OTHER, "not-an-id"]
    healthy = lookup(api_client, ids, fields=fields)
    score_reader.score_reader.reset()  # a web process that never read them
    redis_down()

    with CaptureQueriesContext(connection) as queries:
        degraded = lookup(api_client, ids, fields=fields)

    assert degraded.status_code == 200
    assert json.loads(healthy.content)["degraded"] is False
    body = json.loads(degraded.content)
    assert body["degraded"] is True
    assert [r["status"] for r in body["results"]] == ["found", "not_found", "found", "invalid_id"]
    assert results_bytes(degraded) == results_bytes(healthy)
    assert degraded["ETag"] != healthy["ETag"]
    assert degraded["Cache-Control"] == "public, max-age=0"
    assert len(queries) == 2  # the requesters, then their stored snapshots


def test_a_requester_renamed_since_its_recompute_is_answered_under_its_new_name(
    api_client, scored_requester, redis_down
):
    requester = scored_requester(external_id=KNOWN, display_name="Old Lab")
    healthy = json.loads(lookup(api_client, [KNOWN]).content)["results"][0]
    score_reader.score_reader.reset()
    requester.display_name = "New Lab"
    requester.save(update_fields=["display_name"])
    redis_down()

    degraded = json.loads(lookup(api_client, [KNOWN]).content)["results"][0]

    assert degraded == {**healthy, "name": "New Lab"}


def test_what_postgresql_answered_is_kept_in_memory_while_redis_is_down(
    api_client, scored_requester, redis_down
):
    scored_requester(external_id=KNOWN)
    redis_down()
    first = lookup(api_client, [KNOWN, UNKNOWN])

    with CaptureQueriesContext(connection) as queries:
        again = lookup(api_client, [KNOWN, UNKNOWN])

    assert again.content == first.content
    assert len(queries) == 0


def test_ids_in_memory_are_served_from_it_marked_degraded(api_client, scored_requester, redis_down):
    scored_requester(external_id=KNOWN)
    healthy = lookup(api_client, [KNOWN])
    redis_down()

    with CaptureQueriesContext(connection) as queries:
        degraded = lookup(api_client, [KNOWN])

    assert json.loads(degraded.content)["degraded"] is True
    assert results_bytes(degraded) == results_bytes(healthy)
    assert len(queries) == 0


def test_a_merged_duplicate_is_answered_with_its_keeper_from_postgresql(
    api_client, scored_requester, redis_down
):
    keeper = scored_requester(external_id=KNOWN, reviews=[{}, {}, {}])
    RequesterFactory(external_id=OTHER, merged_into=keeper)
    redis_down()

    items = json.loads(lookup(api_client, [OTHER, KNOWN]).content)["results"]

    assert [(i["status"], i["id"], i["n"]) for i in items] == [("found", KNOWN, 3)] * 2


def test_redis_and_postgresql_both_down_answer_503(api_client, redis_down, monkeypatch):
    lookup(api_client, [UNKNOWN])  # platforms loaded
    redis_down()

    def database_down(**kwargs):
        raise DatabaseError("the server closed the connection")

    monkeypatch.setattr("api.score_reader.stored_payloads", database_down)

    response = lookup(api_client, [KNOWN])

    assert response.status_code == 503
    assert response.json()["code"] == "scores_unavailable"


def test_within_the_retry_pause_redis_is_not_asked_again(
    api_client, scored_requester, monkeypatch, settings
):
    """A Redis that never answers costs the read timeout: one lookup pays it, not each."""
    settings.API_SCORES_CHECK_SECONDS = 0
    scored_requester(external_id=KNOWN)
    asked = []

    class SilentCache:
        def get_many(self, keys):
            asked.append(keys)
            raise TimeoutError("Timeout reading from 127.0.0.1:6379")

    use_cache(monkeypatch, SilentCache())

    answers = [json.loads(lookup(api_client, [KNOWN, OTHER]).content) for _ in range(3)]

    assert len(asked) == 1
    assert all(a["degraded"] for a in answers)
    assert all(a["results"][0]["status"] == "found" for a in answers)


def test_once_redis_answers_the_entries_from_postgresql_are_read_from_it_again(
    api_client, scored_requester, scores_ready, redis_down, monkeypatch, settings
):
    settings.REDIS_RETRY_AFTER = 0  # the pause after a failure is over at once
    scored_requester(external_id=KNOWN)
    with monkeypatch.context() as patches:
        use_cache(patches, DownCache())
        lookup(api_client, [KNOWN])
    # Redis is back and holds a newer snapshot than PostgreSQL did.
    scored_requester(external_id=OTHER)  # any publish bumps the generation
    from reviews.services.scores import score_cache, score_cache_key

    key = score_cache_key("mturk", KNOWN)
    newer = json.loads(score_cache().get(key))
    newer["name"] = "Renamed Lab"
    score_cache().set(key, json.dumps(newer, separators=(",", ":")), timeout=None)

    with CaptureQueriesContext(connection) as queries:
        body = json.loads(lookup(api_client, [KNOWN]).content)

    assert body["degraded"] is False
    assert body["results"][0]["name"] == "Renamed Lab"
    assert len(queries) == 0


def test_the_single_requester_answer_says_degraded(
    api_client, scored_requester, scores_ready, redis_down
):
    scored_requester(external_id=KNOWN)
    path = f"/api/v1/requesters/mturk/{KNOWN}"
    healthy = api_client.get(path).json()
    redis_down()

    degraded = api_client.get(path).json()

    assert healthy["degraded"] is False
    assert degraded["degraded"] is True
    assert degraded["score"] == healthy["score"]


def test_turkopticon_2_says_degraded_in_meta_and_turkopticon_1_in_a_header_only(
    api_client, scored_requester, scores_ready, redis_down
):
    scored_requester(external_id=KNOWN)
    to1 = f"/api/multi-attrs.php?ids={KNOWN}"
    to2 = f"/api/v2/requesters?rids={KNOWN}"
    healthy_to1, healthy_to2 = api_client.get(to1), api_client.get(to2)
    score_reader.score_reader.reset()
    redis_down()

    degraded_to1, degraded_to2 = api_client.get(to1), api_client.get(to2)
    detail = api_client.get(f"/api/v2/requesters/{KNOWN}")

    assert "Lantern-Degraded" not in healthy_to1 and "meta" not in healthy_to2.json()
    assert degraded_to1.content == healthy_to1.content
    assert degraded_to1["Lantern-Degraded"] == "true"
    assert degraded_to2["Lantern-Degraded"] == "true"
    assert degraded_to2.json() == {"meta": {"degraded": True}, **healthy_to2.json()}
    assert detail.json()["meta"] == {"degraded": True}
    assert detail.json()["data"] == healthy_to2.json()["data"][0]


def test_redis_without_a_complete_publication_answers_from_postgresql_once_per_id(
    api_client, scored_requester, scores_ready
):
    """Redis restarted empty: until the republish marks it complete, the ids it lacks are read
    from PostgreSQL (the same items, degraded), not answered not_found; each id once."""
    scored_requester(external_id=KNOWN, reviews=[{}, {}])
    scored_requester(external_id=OTHER)
    ids = [KNOWN, UNKNOWN, OTHER]
    healthy = lookup(api_client, ids)
    from reviews.services.scores import score_cache

    score_cache().clear()
    score_reader.score_reader.reset()  # a web process that never read them

    with CaptureQueriesContext(connection) as first:
        empty = lookup(api_client, ids)
    with CaptureQueriesContext(connection) as again:
        repeated = lookup(api_client, ids)

    body = empty.json()
    assert body["degraded"] is True and body["ready"] is False
    assert results_bytes(empty) == results_bytes(healthy)
    assert [r["status"] for r in body["results"]] == ["found", "not_found", "found"]
    assert len(first) > 0
    assert len(again) == 0
    assert results_bytes(repeated) == results_bytes(healthy)

"""The lookup's fast path (api/read/fast_lookup.py) answers exactly as the DRF view does."""

import gzip
import json

import pytest
from django.test import Client

from api import score_reader, throttles
from api.read.views import RequesterScoresView

pytestmark = pytest.mark.django_db

URL = "/api/v1/requesters/scores"
FAST_PATH = "api.read.fast_lookup.ScoreLookupFastPath"
KNOWN = "A1B2C3D4E5F6G7"
OTHER = "A2B2C3D4E5F6G7"
UNKNOWN = "A9Z8Y7X6W5V4U3"

# (query, headers) pairs: answered by the fast path, or handed on to the view for an error.
REQUESTS = [
    ({"platform": "mturk", "ids": f"{KNOWN},{UNKNOWN},not-an-id,{KNOWN}"}, {}),
    ({"platform": "mturk", "ids": f" {OTHER} ,,{KNOWN}"}, {"Origin": "https://worker.mturk.com"}),
    ({"platform": "mturk", "ids": [KNOWN, OTHER]}, {"Accept-Encoding": "gzip, deflate, br"}),
    ({"platform": "mturk", "ids": ",".join(f"A{n:012d}" for n in range(101))}, {}),
    ({"platform": "nowhere", "ids": KNOWN}, {}),
    ({"platform": "mturk"}, {"Origin": "https://worker.mturk.com"}),
    ({"ids": KNOWN}, {}),
    ({"platform": ["prolific", "mturk"], "ids": "x" * 300}, {}),
    ({"platform": "mturk", "ids": KNOWN, **{f"f{n}": "" for n in range(1001)}}, {}),
]


def _answer(query, headers, *, fast: bool, settings):
    if not fast:
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST_PATH]
    throttles.reset()
    score_reader.reset()
    response = Client().get(URL, query, headers=headers)
    assert response["Content-Length"] == str(len(response.content))
    headers = dict(response.headers)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
        # Django pads gzip'ed answers with a random number of bytes (against BREACH).
        del headers["Content-Length"]
    return response.status_code, headers, body


@pytest.fixture
def two_scored(scored_requester, scores_ready):
    scored_requester(external_id=KNOWN, display_name="Psych <Lab>", reviews=[{}, {}])
    scored_requester(external_id=OTHER, display_name="Survey Co")


@pytest.mark.parametrize(("query", "headers"), REQUESTS)
def test_the_fast_path_answers_like_the_view(query, headers, two_scored, settings):
    fast = _answer(query, headers, fast=True, settings=settings)
    slow = _answer(query, headers, fast=False, settings=settings)

    assert fast == slow


def test_a_good_anonymous_lookup_never_reaches_the_view(api_client, two_scored, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the DRF view was called")

    monkeypatch.setattr(RequesterScoresView, "answer", refuse)

    response = api_client.get(URL, {"platform": "mturk", "ids": KNOWN})

    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "Psych <Lab>"


def test_a_token_is_checked_by_the_view_not_skipped(api_client, two_scored):
    response = api_client.get(
        URL, {"platform": "mturk", "ids": KNOWN}, headers={"Authorization": "Token nonsense"}
    )

    assert response.status_code == 401


def test_a_conditional_request_goes_to_the_view(api_client, two_scored, monkeypatch):
    calls = []
    original = RequesterScoresView.answer

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RequesterScoresView, "answer", counting)
    query = {"platform": "mturk", "ids": KNOWN}
    etag = api_client.get(URL, query)["ETag"]

    response = api_client.get(URL, query, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert calls == [1]


def test_a_request_handed_on_to_the_view_counts_once_against_the_limit(
    api_client, two_scored, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon_read": "3/min",
        },
    }
    good = {"platform": "mturk", "ids": KNOWN}
    too_many = {"platform": "mturk", "ids": ",".join(f"A{n:012d}" for n in range(101))}

    statuses = [api_client.get(URL, q).status_code for q in (good, too_many, good, good)]

    assert statuses == [200, 400, 200, 429]


def test_a_refusal_by_the_limit_is_worded_by_the_view(api_client, two_scored, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon_read": "1/min",
        },
    }
    good = {"platform": "mturk", "ids": KNOWN}
    api_client.get(URL, good)

    refused = api_client.get(URL, good)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert json.loads(refused.content)["code"] == "throttled"


def test_a_host_not_allowed_is_refused_before_the_lookup(two_scored):
    response = Client(HTTP_HOST="evil.example").get(URL, {"platform": "mturk", "ids": KNOWN})

    assert response.status_code == 400
    assert KNOWN.encode() not in response.content

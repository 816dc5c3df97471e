"""The lookup's fast path (api/read/fast_lookup.py, in front of Django in backend/wsgi.py)
answers exactly as Django and the DRF view do."""

import contextlib
import gzip
import json
import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import HttpResponseServerError, QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from api import score_reader, throttles
from api.read import fast_lookup
from api.read.fast_lookup import ScoreLookupFastPath
from api.read.lookup import plain_lookup_query, query_ids
from api.read.stack_headers import _ProbeHandler, stack_headers
from api.read.views import RequesterScoresView
from backend.wsgi import application, django_application

pytestmark = pytest.mark.django_db

URL = "/api/v1/requesters/scores"
KNOWN = "A1B2C3D4E5F6G7"
OTHER = "A2B2C3D4E5F6G7"
UNKNOWN = "A9Z8Y7X6W5V4U3"
ORIGIN = {"HTTP_ORIGIN": "https://worker.mturk.com"}

# (query, environ extras): answered by the fast path, or handed on for an error.
REQUESTS = [
    (f"platform=mturk&ids={KNOWN},{UNKNOWN},not-an-id,{KNOWN}", {}),
    (f"ids={OTHER},{KNOWN}&platform=mturk", ORIGIN),
    (f"platform=mturk&ids=+{OTHER}+,,{KNOWN}", ORIGIN),
    (f"platform=mturk&ids={KNOWN}%2C{OTHER}", {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}),
    (f"platform=mturk&ids={KNOWN}&ids={OTHER}", {"HTTP_ACCEPT_ENCODING": "gzip"}),
    (f"platform=mturk&ids={KNOWN}", {"wsgi.url_scheme": "https", "SERVER_PORT": "443"}),
    (f"platform=mturk&ids={KNOWN},{UNKNOWN}&fields=compact", {}),
    (f"fields=compact&platform=mturk&ids={KNOWN},{OTHER}", {"HTTP_ACCEPT_ENCODING": "gzip"}),
    (f"platform=mturk&ids={KNOWN}&fields=tiny", {}),
    (f"fields=compact&fields=full&platform=mturk&ids={KNOWN}", {}),
    (f"platform=mturk&fields=compact&ids={KNOWN}&fields=compact", {}),
    ("platform=mturk&ids=" + ",".join(f"A{n:012d}" for n in range(101)), {}),
    ("platform=mturk&ids=" + ",".join([KNOWN] * 101), {}),
    (f"platform=nowhere&ids={KNOWN}", {}),
    ("platform=mturk", ORIGIN),
    (f"ids={KNOWN}", {}),
    ("platform=prolific&platform=mturk&ids=" + "x" * 300, {}),
    (f"platform=mturk&ids={KNOWN}&" + "&".join(f"f{n}=" for n in range(1001)), {}),
    (f"platform=mturk&ids={KNOWN}", {"HTTP_HOST": "evil.example"}),
]


@contextlib.contextmanager
def _connections_kept():
    """As Django's test client does: a request's end must not close the test's database
    connection (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(app, query="", extra=None, *, method="GET"):
    """(status, headers, body) of a WSGI application's answer to a request on URL."""
    environ = RequestFactory().generic(method, URL).environ
    environ.update({"QUERY_STRING": query, **(extra or {})})
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    with _connections_kept():
        iterable = app(environ, start_response)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
    return started["status"], started["headers"], body


def _answer(app, query, extra):
    throttles.reset()
    score_reader.reset()
    status, headers, body = call(app, query, extra)
    headers = {name.lower(): value for name, value in headers}
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
        # Django pads gzip'ed answers with a random number of bytes (against BREACH).
        del headers["content-length"]
    elif "content-length" in headers:  # not on Django's own 400 for a host not allowed
        assert headers["content-length"] == str(len(body))
    return status, headers, body


@pytest.fixture
def two_scored(scored_requester, scores_ready):
    scored_requester(external_id=KNOWN, display_name="Psych <Lab>", reviews=[{}, {}])
    scored_requester(external_id=OTHER, display_name="Survey Co")
    stack_headers.reset()
    yield
    stack_headers.reset()


@pytest.mark.parametrize(("query", "extra"), REQUESTS)
def test_the_fast_path_answers_like_django(query, extra, two_scored):
    fast = _answer(application, query, extra)
    slow = _answer(django_application, query, extra)

    assert fast == slow


@pytest.mark.parametrize(
    "changed",
    [
        {"SECURE_HSTS_SECONDS": 3600, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True},
        {"SECURE_SSL_REDIRECT": True},
        {"CORS_ALLOW_ALL_ORIGINS": False, "CORS_ALLOWED_ORIGINS": ["https://worker.mturk.com"]},
        {"X_FRAME_OPTIONS": "SAMEORIGIN", "SECURE_REFERRER_POLICY": "no-referrer"},
    ],
)
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_headers_follow_the_middleware_settings(changed, scheme, two_scored, settings):
    for name, value in changed.items():
        setattr(settings, name, value)
    django_app = WSGIHandler()  # middleware read some settings when they are made
    extra = {**ORIGIN, "wsgi.url_scheme": scheme}
    query = f"platform=mturk&ids={KNOWN}"

    fast = _answer(ScoreLookupFastPath(django_app), query, extra)
    slow = _answer(django_app, query, extra)

    assert fast == slow


def test_a_good_anonymous_lookup_never_reaches_the_view(two_scored, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the DRF view was called")

    monkeypatch.setattr(RequesterScoresView, "answer", refuse)
    call(application, f"platform=mturk&ids={OTHER}", ORIGIN)  # learns the headers

    status, _, body = call(application, f"platform=mturk&ids={KNOWN}", ORIGIN)

    assert status == "200 OK"
    assert json.loads(body)["results"][0]["name"] == "Psych <Lab>"


def test_a_warm_lookup_on_the_fast_path_makes_no_database_query(two_scored):
    query = f"platform=mturk&ids={KNOWN},{OTHER}"
    call(application, query, ORIGIN)  # reads the platforms, the snapshots, the headers

    with CaptureQueriesContext(connection) as queries:
        status, _, _ = call(application, query, ORIGIN)

    assert status == "200 OK"
    assert queries.captured_queries == []


def test_a_server_error_in_the_probe_is_not_remembered(two_scored, monkeypatch):
    failures = [HttpResponseServerError()]
    original = _ProbeHandler._get_response

    def failing_once(self, request):
        return failures.pop() if failures else original(self, request)

    monkeypatch.setattr(_ProbeHandler, "_get_response", failing_once)
    views = []
    answer = RequesterScoresView.answer
    monkeypatch.setattr(
        RequesterScoresView, "answer", lambda *a, **k: views.append(1) or answer(*a, **k)
    )
    query = f"platform=mturk&ids={KNOWN}"

    statuses = [call(application, query)[0] for _ in range(2)]

    assert statuses == ["200 OK", "200 OK"]
    assert views == [1]  # the first by Django, the second by the fast path


def test_a_token_is_checked_by_the_view_not_skipped(two_scored):
    status, _, _ = call(
        application, f"platform=mturk&ids={KNOWN}", {"HTTP_AUTHORIZATION": "Token nonsense"}
    )

    assert status.startswith("401")


def test_a_post_goes_to_the_view(two_scored):
    status, _, body = call(application, method="POST")

    assert status.startswith("400")
    assert b"ids" in body


def test_a_conditional_request_goes_to_the_view(two_scored, monkeypatch):
    calls = []
    original = RequesterScoresView.answer

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RequesterScoresView, "answer", counting)
    query = f"platform=mturk&ids={KNOWN}"
    _, headers, _ = call(application, query)
    etag = dict(headers)["ETag"]

    status, _, _ = call(application, query, {"HTTP_IF_NONE_MATCH": etag})

    assert status.startswith("304")
    assert calls == [1]


def _anon_limit(settings, rate):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon_read": rate,
        },
    }


def test_a_request_handed_on_to_django_counts_once_against_the_limit(two_scored, settings):
    _anon_limit(settings, "3/min")
    good = f"platform=mturk&ids={KNOWN}"
    too_many = "platform=mturk&ids=" + ",".join(f"A{n:012d}" for n in range(101))

    statuses = [call(application, q)[0][:3] for q in (good, too_many, good, good)]

    assert statuses == ["200", "400", "200", "429"]


def test_a_refusal_by_the_limit_is_worded_by_the_view(two_scored, settings):
    _anon_limit(settings, "1/min")
    good = f"platform=mturk&ids={KNOWN}"
    call(application, good)

    status, headers, body = call(application, good)

    assert status.startswith("429")
    assert int(dict(headers)["Retry-After"]) >= 1
    assert json.loads(body)["code"] == "throttled"


def test_a_host_not_allowed_is_refused_and_logged_once(two_scored, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        status, _, body = call(
            application, f"platform=mturk&ids={KNOWN}", {"HTTP_HOST": "evil.example"}
        )

    assert status.startswith("400")
    assert KNOWN.encode() not in body
    assert len([r for r in caplog.records if r.name == "django.security.DisallowedHost"]) == 1


def test_a_failure_of_the_fast_path_is_logged_and_django_answers(two_scored, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(fast_lookup, "score_lookup", broken)

    with caplog.at_level(logging.ERROR, logger="api.read.fast_lookup"):
        status, _, body = call(application, f"platform=mturk&ids={KNOWN}")

    assert status == "200 OK"
    assert json.loads(body)["results"][0]["status"] == "found"
    assert [r.name for r in caplog.records if r.exc_info] == ["api.read.fast_lookup"]


# --- The plain query's shortcut reads what the general reading reads ------------------


def _general_reading(query_string):
    """What the DRF view reads: QueryDict's parse, then split_ids and ids_or_400."""
    query = QueryDict(query_string)
    return query.get("platform"), query_ids(query)


_ID = st.text(alphabet="AZaz09_.-,", min_size=1, max_size=14)


@given(
    slug=st.sampled_from(["mturk", "prolific", "Mturk-2"]),
    ids=st.lists(_ID, min_size=1, max_size=120),
    ids_first=st.booleans(),
)
def test_a_plain_query_reads_as_the_general_reading_does(slug, ids, ids_first):
    fields = [f"platform={slug}", "ids=" + ",".join(ids)]
    query_string = "&".join(reversed(fields) if ids_first else fields)

    plain = plain_lookup_query(query_string)

    if plain is not None:
        assert plain == _general_reading(query_string)


@given(st.text(alphabet="platformids=&,A1 %+2C;", max_size=60))
def test_any_other_query_is_left_to_the_general_reading(query_string):
    plain = plain_lookup_query(query_string)

    if plain is not None:
        assert plain == _general_reading(query_string)


def test_the_usual_query_takes_the_shortcut():
    assert plain_lookup_query(f"platform=mturk&ids={KNOWN},{OTHER},{KNOWN}") == (
        "mturk",
        [KNOWN, OTHER],
    )
    assert plain_lookup_query(f"platform=mturk&ids={KNOWN}%2C{OTHER}") is None

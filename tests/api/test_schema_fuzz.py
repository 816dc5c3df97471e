"""Schemathesis over the whole API, in-process: whatever it sends, no 5xx, and every answer
is one the schema promises (status code, content type and body).

The app runs through its real WSGI handler inside the test's database transaction, with a
few scored requesters and a worker holding a valid token, so the lookups find something and
the writes get past authentication. Bounded and deterministic: a fixed number of examples
per operation, derandomized, so a run takes the same inputs and well under a minute.
"""

import json
import zlib
from decimal import Decimal
from urllib.parse import unquote

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from reviews.models import Review
from reviews.services.exports import score_export_build
from reviews.services.score_full_pass import scores_recompute_all
from reviews.services.tokens import token_create
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The ids the schema's own examples use, and two more, so that lookups built from the
# examples find scored requesters (the last one has no review yet).
KNOWN_REQUESTER_IDS = ["A1B2C3D4E5F6G7", "A9Z8Y7X6W5V4U3", "A3EXAMPLE12345", "AKSJD8F7G6H5J4"]


@pytest.fixture
def api_data(db, django_capture_on_commit_callbacks):
    """Scored requesters (published to the score cache, and in a daily export), and a worker
    with a token and a review of their own."""
    worker = UserFactory(pseudonym="fuzzer")
    requesters = [
        RequesterFactory(external_id=external_id, display_name=f"Lab {n}")
        for n, external_id in enumerate(KNOWN_REQUESTER_IDS)
    ]
    for n, requester in enumerate(requesters[:3]):
        for k in range(n + 1):
            ReviewFactory(
                requester=requester,
                reward=Decimal("1.00") + k,
                outcome=[Review.Outcome.APPROVED, Review.Outcome.REJECTED][k % 2],
                rating_pay=3 + k % 3,
            )
    own = ReviewFactory(requester=requesters[0], author=worker, task_title="A survey I did")
    others = Review.objects.exclude(author=worker).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        scores_recompute_all()
    score_export_build()
    _token, secret = token_create(user=worker, name="schemathesis")
    return {"token": secret, "own_review": own.pk, "others_review": others.pk}


@pytest.fixture
def wsgi_app(api_data, unlimited):
    """Django's real WSGI handler, sharing the test's connection and transaction.

    Django closes the database connection at the start and end of every request; inside the
    test's transaction that would lose the data above, so (as Django's own test client
    does) the connection is left open for the duration of the test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _aim_at_known_data(api_data: dict):
    """A `map_case` hook: point about half of the well-typed generated ids at the data above.

    Random strings and numbers almost never name an existing requester or review, so without
    this the fuzzer would see little but 400 and 404. Which cases are redirected depends on
    the generated value only, so a run stays repeatable; ill-typed (negative) values are left
    alone.
    """
    known = ",".join([*KNOWN_REQUESTER_IDS, "A0NOSUCHREQUESTER"])

    def pick(value: int | str) -> bool:
        return (value if isinstance(value, int) else len(value)) % 2 == 0

    def map_case(context, case):
        path = case.path_parameters or {}
        review_id = path.get("review_id")
        if str(review_id).isdigit() and pick(int(review_id)):
            mine = case.method.upper() == "PATCH"
            path["review_id"] = api_data["own_review" if mine else "others_review"]
        for name in ("external_id", "rid"):
            if isinstance(path.get(name), str) and pick(path[name]):
                path[name] = KNOWN_REQUESTER_IDS[len(path[name]) % 3]
                if "platform" in path:
                    path["platform"] = "mturk"
        query = case.query or {}
        if isinstance(query.get("platform"), str) and pick(query["platform"]):
            query["platform"] = "mturk"
        for name in ("ids", "rids"):
            if isinstance(query.get(name), str) and pick(query[name]):
                query[name] = known
        return case

    return map_case


@pytest.fixture
def api_schema(wsgi_app, api_data):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    schema.hook(_aim_at_known_data(api_data))
    schema.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        max_examples=MAX_EXAMPLES,
        deterministic=True,
    )
    # Stateful runs chain calls through links; the operations here stand alone.
    schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


def _needs_token(case) -> bool:
    """Send the token where the operation requires one; elsewhere on about half the calls,
    chosen from the input itself so that a run is repeatable."""
    security = case.operation.definition.raw.get("security")
    if security and {} not in security:
        return True
    if case.method.upper() != "GET":
        return True
    fingerprint = json.dumps([case.path_parameters, case.query, case.body], default=str)
    return zlib.crc32(fingerprint.encode()) % 2 == 0


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_input_as_its_schema_says(case, api_data):
    # Schemathesis sends requests' default `Accept-Encoding: gzip` but, in-process, never
    # decompresses; compression is the transport's business, the schema describes the body.
    headers = {"Accept-Encoding": "identity"}
    if _needs_token(case):
        headers["Authorization"] = f"Token {api_data['token']}"
    if not _routed(case.formatted_path):
        # A path parameter of the wrong type (`/reviews/abc` for an integer id) matches no
        # route at all; test_unknown_api_urls_answer_json_404 covers those.
        response = case.call(headers=headers)
        assert response.status_code == 404, case.formatted_path
        return
    case.call_and_validate(headers=headers, checks=CHECKS)


def _routed(path: str) -> bool:
    try:
        resolve(unquote(path))
    except Resolver404:
        return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/reviews/abc", "/api/v1/no-such-endpoint", "/api/v1/reviews/1/nope"]
)
def test_unknown_api_urls_answer_json_404(client, path):
    """An extension that builds a wrong URL gets the API's JSON error, not the site's page."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_fuzzers_token_reaches_the_writes(wsgi_app, api_data):
    """Guards the run above: were the token refused, every write would answer 401, which the
    schema allows, and the fuzzer would never get past authentication unnoticed."""
    client = Client(wsgi_app)
    response = client.patch(
        f"/api/v1/reviews/{api_data['own_review']}",
        json={"text": "Edited through the API."},
        headers={"Authorization": f"Token {api_data['token']}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)

"""Bad bodies on every API write, on real PostgreSQL: a clear 4xx in JSON, nothing stored.

The writes are not listed by hand: every operation of the served OpenAPI schema that takes a
request body is tried (a new endpoint is covered as soon as it is in the schema). For each,
as an admin who may do everything (so permissions are not what refuses the body):

- malformed JSON, JSON that is not an object, bytes that are not UTF-8;
- a form-encoded body (the API speaks JSON only);
- a body past DATA_UPLOAD_MAX_MEMORY_SIZE;
- an empty object where the schema requires fields: each required field is named;
- each field of the schema, alone, with a value of the wrong type: that field is named.

Afterwards the row count of every table is what it was.
"""

import json
import re

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from reviews.models import Comment, Flag, RequesterClaim
from reviews.services.claims import claim_create
from reviews.services.comments import comment_create
from reviews.services.disputes import dispute_open
from reviews.services.tokens import token_create
from tests.discussion_cast import make_cast
from tests.factories import RequesterFactory, ReviewFactory, UserFactory
from tests.reviews.abuse_flow_cast import held_signal

pytestmark = pytest.mark.integration

WRITE_METHODS = ("post", "put", "patch", "delete")


@pytest.fixture
def world(db, unlimited):
    """Something for every path parameter of the API to name, and an admin's token."""
    cast = make_cast()
    review = cast.review
    flag = Flag.objects.create(review=review, flagger=cast.worker, reason=Flag.Reason.SPAM)
    dispute = dispute_open(
        review=review, representative=cast.rep, ground="false", statement="It never happened."
    )
    comment = comment_create(review=review, author=cast.worker, text="Same here.")
    claimed = RequesterFactory(display_name="Claimed Lab")
    claim = claim_create(
        user=cast.worker, requester=claimed, statement="I run it.", contact="lab@example.org"
    )
    signal = held_signal(ReviewFactory())
    other_review = ReviewFactory(author=UserFactory())
    own_review = ReviewFactory(author=cast.admin)  # the one review its author may PATCH
    _token, secret = token_create(user=cast.admin, name="bad bodies")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    parameters = {
        "review_id": other_review.pk,
        "own_review_id": own_review.pk,
        "flag_id": flag.pk,
        "dispute_id": dispute.pk,
        "comment_id": comment.pk,
        "claim_id": claim.pk,
        "signal_id": signal.pk,
        "platform": review.requester.platform.slug,
        "external_id": review.requester.external_id,
        "pseudonym": cast.worker.profile.pseudonym,
    }
    assert RequesterClaim.objects.filter(pk=claim.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()
    return client, parameters


def _schema() -> dict:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    if "allOf" in node:
        merged = {"properties": {}, "required": []}
        for part in node["allOf"]:
            part = _resolve(schema, part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        return merged
    return node


def _body_writes(schema: dict) -> list[tuple[str, str, dict]]:
    """(method, path template, body schema) of every operation that takes a JSON body."""
    writes = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            if method in WRITE_METHODS and "application/json" in content:
                body = _resolve(schema, content["application/json"]["schema"])
                writes.append((method, path, body))
    return writes


def _path(method: str, template: str, parameters: dict) -> str:
    path = template
    for name in re.findall(r"{(\w+)}", template):
        if name == "review_id" and method == "patch":
            path = path.replace("{review_id}", str(parameters["own_review_id"]))
            continue
        assert name in parameters, f"{template}: no test object for path parameter {name!r}"
        path = path.replace("{" + name + "}", str(parameters[name]))
    return path


def _wrong_value(schema: dict, field: dict):
    """A value that no field of this type accepts."""
    field = _resolve(schema, field) if "$ref" in field else field
    if "oneOf" in field or "anyOf" in field:
        options = [_resolve(schema, o) for o in field.get("oneOf", field.get("anyOf"))]
        field = next((o for o in options if o.get("type") or o.get("enum")), options[0])
    if "enum" in field:
        return "no-such-choice"
    kind = field.get("type")
    if kind in ("integer", "number"):
        return "not a number"
    if kind == "boolean":
        return "not a boolean"
    if kind == "array":
        return "not a list"
    if kind == "object":
        return "not an object"
    if field.get("format") in ("date-time", "date"):
        return "not a date"
    return {"not": "a string"}


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(include_views=False)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _send(client, method: str, path: str, body, content_type="application/json"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return getattr(client, method)(
        path, data=data, content_type=content_type, HTTP_IDEMPOTENCY_KEY="bad-body"
    )


def _check(response, what: str, expect=None) -> dict:
    assert 400 <= response.status_code < 500, (what, response.status_code, response.content[:300])
    if expect is not None:
        assert response.status_code == expect, (what, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), what
    answer = response.json()
    assert answer.get("detail") and answer.get("code"), (what, answer)
    return answer


def test_the_schema_lists_the_writes_this_test_covers(world):
    writes = {(method, path) for method, path, _body in _body_writes(_schema())}
    # Not a hand-made list of what to test: a floor, so a schema that lost its request
    # bodies (and so this test its cases) fails here.
    assert ("post", "/api/v1/reviews") in writes
    assert ("post", "/api/v1/reviews/{review_id}/disputes") in writes
    assert len(writes) >= 25


def test_every_api_write_refuses_bad_bodies_clearly_and_stores_nothing(world):
    client, parameters = world
    schema = _schema()
    before = _row_counts()
    oversize = json.dumps({"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    tried = 0

    for method, template, body in _body_writes(schema):
        path = _path(method, template, parameters)
        where = f"{method.upper()} {template}"
        for name, raw in [
            ("malformed JSON", "{not json"),
            ("a JSON array", "[1, 2, 3]"),
            ("a JSON string", '"text"'),
            ("JSON null", "null"),
            ("bytes that are not UTF-8", b"\xff\xfe{}"),
        ]:
            _check(_send(client, method, path, raw), f"{where}: {name}", expect=400)
        _check(
            _send(client, method, path, "text=hello", "application/x-www-form-urlencoded"),
            f"{where}: form-encoded",
            expect=415,
        )
        answer = _check(_send(client, method, path, oversize), f"{where}: oversize", expect=413)
        assert "too large" in answer["detail"]

        required = body.get("required", [])
        if required:
            answer = _check(_send(client, method, path, {}), f"{where}: empty", expect=400)
            for field in required:
                assert field in answer.get("errors", {}), (where, field, answer)
        for field, field_schema in body.get("properties", {}).items():
            if field_schema.get("readOnly"):
                continue
            value = _wrong_value(schema, field_schema)
            answer = _check(
                _send(client, method, path, {field: value}),
                f"{where}: {field}={value!r}",
                expect=400,
            )
            assert field in answer.get("errors", {}), (where, field, answer)
        tried += 1

    assert tried >= 25
    assert _row_counts() == before

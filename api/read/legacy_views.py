"""Turkopticon-compatible endpoints (shapes and decisions in api/read/legacy.py).

MTurk only, as Turkopticon was. Open to every origin (CORS) like the rest of /api/.

With Redis down (api/score_reader.py) the answers say so without changing what their
clients parse: a `Lantern-Degraded: true` header on both shapes, and in Turkopticon 2's
JSON:API documents a top-level `"meta":{"degraded":true}` (JSON:API's place for
non-standard facts, which clients ignore). Turkopticon 1's body is keyed by requester id
only, so any other key could be read as a requester: it carries nothing more.
"""

from __future__ import annotations

import hashlib

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from api.read import examples
from api.read.common import (
    ETAG_HEADER,
    NOT_MODIFIED,
    THROTTLED,
    UNAVAILABLE,
    ScoresUnavailableError,
    not_modified,
)
from api.read.legacy import to1_body, to2_fieldset, to2_resource
from api.read.lookup import public_cache_headers, published_entries, query_ids
from api.read.serializers import To2DetailDocSerializer, To2ErrorDocSerializer, To2ListDocSerializer
from api.read.views import UnloggedLookup
from api.schema_docs import error_response as error
from api.score_reader import PlatformInfo, ScoresUnavailable, platform_directory, score_reader
from api.throttles import ReadThrottle
from reviews.selectors.requesters import requester_aliases_by_external_id

TAG = "Legacy (Turkopticon)"
PLATFORM = "mturk"
# Turkopticon 1 answered with PHP's default type, and some userscripts JSON.parse() what
# jQuery hands them, which jQuery would already have parsed for a JSON type. Plain text
# works for those and for every client that parses the body itself (fetch().json(), XHR
# responseType "json"); with nosniff a browser never renders it as a page.
TO1_CONTENT_TYPE = "text/plain; charset=utf-8"

TO1_SCHEMA = {
    "type": "object",
    "description": 'Keyed by requester id; "" for an unknown or unreviewed requester.',
    "additionalProperties": {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "attrs": {
                        "type": "object",
                        "description": 'Plain means with two decimals; "" when nobody rated.',
                        "properties": {
                            a: {"type": "string"} for a in ("comm", "pay", "fair", "fast")
                        },
                    },
                    "reviews": {"type": "integer"},
                    "tos_flags": {"type": "integer"},
                },
                "required": ["name", "attrs", "reviews", "tos_flags"],
            },
            {"type": "string", "enum": [""]},
        ]
    },
}
INVALID_IDS = error(
    "No ids, or more than 100.",
    (
        "Too many ids",
        {
            "detail": "Some fields are not valid; see `errors`.",
            "code": "invalid",
            "errors": {"ids": ["At most 100 ids per request; this one has 150. Split it up."]},
        },
    ),
)


class AnyAccept(BaseContentNegotiation):
    """Answer whatever the client says it accepts.

    Turkopticon's clients send their own media types (`Accept:
    application/vnd.turkopticon.v2+json` from Turkopticon 2's userscript, JSON:API's
    `application/vnd.api+json`, jQuery's `application/json, text/javascript, */*`), and DRF's
    default negotiation answers a type it has no renderer for with 406, so the script shows
    nothing. These views always answer one JSON shape; every client parses it whatever the
    type is called (fetch().json(), jQuery's dataType json, GM_xmlhttpRequest's JSON.parse),
    so the answer keeps its own type and the Accept header is not a reason to refuse.
    """

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class LegacyView(UnloggedLookup, APIView):
    content_negotiation_class = AnyAccept
    throttle_classes = [ReadThrottle]


def _mturk() -> PlatformInfo:
    try:
        platform = platform_directory.get(PLATFORM)
    except ScoresUnavailable as exc:
        raise ScoresUnavailableError from exc
    if platform is None:
        raise ScoresUnavailableError
    return platform


def _entries(ids: list[str]) -> dict:
    try:
        return published_entries(_mturk(), ids)
    except ScoresUnavailable as exc:
        raise ScoresUnavailableError from exc


DEGRADED_HEADER = "Lantern-Degraded"
DEGRADED_META = b'"meta":{"degraded":true},'


def _answer(request, body: bytes, *, content_type: str, status: int = 200) -> HttpResponse:
    """The answer with its ETag and caching headers (with Redis down: not to be reused, and
    the Lantern-Degraded header)."""
    etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    degraded = score_reader.degraded
    headers = public_cache_headers(etag=etag, max_age=0 if degraded else None)
    if degraded:
        headers[DEGRADED_HEADER] = "true"
    unchanged = not_modified(request, etag=etag, headers=headers)
    if unchanged is not None:
        return unchanged
    return HttpResponse(body, content_type=content_type, status=status, headers=headers)


@method_decorator(gzip_page, name="dispatch")
class Turkopticon1View(LegacyView):
    @extend_schema(
        tags=[TAG],
        operation_id="turkopticon1_multi_attrs",
        summary="Turkopticon 1: multi-attrs.php",
        description="Turkopticon 1's `multi-attrs.php`, for userscripts that only change the "
        "host. MTurk requesters only. `attrs` are the plain means (all time) of the four "
        "1–5 ratings as strings with two decimals, `reviews` the number of published "
        "reviews, `tos_flags` how many reported a terms-of-service violation. An unknown, "
        'unscored or unreviewed requester is `""`, as in Turkopticon 1. Served as '
        "text/plain (Turkopticon 1 wasn't JSON-typed either; some scripts parse the text). "
        "While the score cache is unreachable the body is unchanged and the header "
        "Lantern-Degraded: true says so.",
        parameters=[
            OpenApiParameter(
                "ids",
                OpenApiTypes.STR,
                required=True,
                description="Comma-separated MTurk requester ids, at most 100.",
            ),
            ETAG_HEADER,
        ],
        responses={
            (200, "text/plain"): OpenApiResponse(
                TO1_SCHEMA, description="JSON text, keyed by requester id."
            ),
            304: NOT_MODIFIED,
            400: INVALID_IDS,
            429: THROTTLED,
            503: UNAVAILABLE,
        },
        examples=[
            OpenApiExample(
                "Two ids",
                value=examples.TO1_ANSWER,
                response_only=True,
                media_type="text/plain",
                description="GET /api/multi-attrs.php?ids=A1B2C3D4E5F6G7,A9Z8Y7X6W5V4U3",
            )
        ],
    )
    def get(self, request):
        ids = query_ids(request.query_params)
        return _answer(request, to1_body(ids, _entries(ids)), content_type=TO1_CONTENT_TYPE)


FIELDS_PARAMETER = OpenApiParameter(
    "fields[requesters]",
    OpenApiTypes.STR,
    required=False,
    description="JSON:API sparse fieldset: a comma-separated subset of name, rid, aliases, "
    "aggregates (all when absent).",
)


def _to2_resources(ids: list[str], entries: dict, fields: tuple[str, ...]) -> list[bytes]:
    found = [i for i in ids if entries.get(i) is not None]
    aliases = {}
    if found and "aliases" in fields:
        aliases = requester_aliases_by_external_id(platform=PLATFORM, external_ids=found)
    return [to2_resource(i, entries[i], fields=fields, aliases=aliases.get(i, [])) for i in found]


def _to2_meta() -> bytes:
    """A JSON:API document's top-level meta while Redis is down; nothing otherwise."""
    return DEGRADED_META if score_reader.degraded else b""


@method_decorator(gzip_page, name="dispatch")
class Turkopticon2ListView(LegacyView):
    @extend_schema(
        tags=[TAG],
        operation_id="turkopticon2_requesters",
        summary="Turkopticon 2: requesters",
        description="Turkopticon 2's JSON:API requester list, for userscripts that only "
        "change the host. MTurk requesters only; unknown ids are left out of `data`. Each "
        "window of `aggregates` has `reward: [Σ pay, Σ seconds, timed reviews]`, `pending` "
        "(median seconds to approval; Turkopticon 2 sent the mean), `comm`, `recommend` and "
        "`rejected` as `[yes, answered, total]`, `tos` and `broken` as `[count, total]`. "
        "Also served as `/requesters` at the root of the host named by LEGACY_API_HOST, "
        "where Turkopticon 2's userscript looks for it; any Accept header is answered. "
        'While the score cache is unreachable the document has a top-level `"meta": '
        '{"degraded": true}` and the header Lantern-Degraded: true.',
        parameters=[
            OpenApiParameter(
                "rids",
                OpenApiTypes.STR,
                required=True,
                description="Comma-separated MTurk requester ids, at most 100.",
            ),
            FIELDS_PARAMETER,
            ETAG_HEADER,
        ],
        responses={
            200: To2ListDocSerializer,
            304: NOT_MODIFIED,
            400: INVALID_IDS,
            429: THROTTLED,
            503: UNAVAILABLE,
        },
        examples=[
            OpenApiExample(
                "One known id",
                value=examples.TO2_LIST,
                response_only=True,
                description="GET /api/v2/requesters?rids=A1B2C3D4E5F6G7,A9Z8Y7X6W5V4U3",
            ),
            OpenApiExample(
                "Redis down",
                value=examples.TO2_LIST_DEGRADED,
                response_only=True,
                description="The same while the score cache is unreachable: top-level meta "
                "and the header Lantern-Degraded: true.",
            ),
        ],
    )
    def get(self, request):
        ids = query_ids(request.query_params, field="rids")
        fields = to2_fieldset(request.query_params.get("fields[requesters]"))
        resources = _to2_resources(ids, _entries(ids), fields)
        body = b"{" + _to2_meta() + b'"data":[' + b",".join(resources) + b'],"status":200}'
        return _answer(request, body, content_type="application/json")


class Turkopticon2DetailView(LegacyView):
    @extend_schema(
        tags=[TAG],
        operation_id="turkopticon2_requester",
        summary="Turkopticon 2: one requester",
        description="One requester in Turkopticon 2's JSON:API shape (see the list).",
        parameters=[FIELDS_PARAMETER, ETAG_HEADER],
        responses={
            200: To2DetailDocSerializer,
            304: NOT_MODIFIED,
            404: OpenApiResponse(
                To2ErrorDocSerializer,
                description="Unknown or unscored requester.",
                examples=[
                    OpenApiExample("Unknown", value=examples.TO2_NOT_FOUND, response_only=True)
                ],
            ),
            429: THROTTLED,
            503: UNAVAILABLE,
        },
        examples=[
            OpenApiExample(
                "A known requester",
                value=examples.TO2_DETAIL,
                response_only=True,
                description="GET /api/v2/requesters/A1B2C3D4E5F6G7",
            )
        ],
    )
    def get(self, request, rid: str):
        fields = to2_fieldset(request.query_params.get("fields[requesters]"))
        resources = _to2_resources([rid], _entries([rid]), fields)
        if not resources:
            body = (
                b'{"errors":[{"status":"404","title":"Not found","detail":"No requester with '
                b'this id has a published score."}],"status":404}'
            )
            return HttpResponse(body, content_type="application/json", status=404)
        body = b"{" + _to2_meta() + b'"data":' + resources[0] + b',"status":200}'
        return _answer(request, body, content_type="application/json")

"""Platforms, service status and the daily export: the read endpoints beside the lookup."""

from importlib import metadata

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.read import examples
from api.read.common import (
    ETAG_HEADER,
    MODIFIED_SINCE_HEADER,
    NOT_MODIFIED,
    TAG,
    THROTTLED,
    ExportNotReady,
    not_modified,
)
from api.read.lookup import public_cache_headers
from api.read.serializers import PlatformSerializer, StatusSerializer
from api.schema_docs import error_response as error
from api.throttles import ReadThrottle
from reviews.selectors.requesters import platforms_list
from reviews.selectors.scores import (
    score_export_content,
    score_export_latest_meta,
    scores_newest_computed_at,
)
from reviews.services.score_publish import GENERATION_KEY, READY_KEY, publication_marks


class PlatformListView(APIView):
    throttle_classes = [ReadThrottle]

    @extend_schema(
        tags=[TAG],
        summary="Platforms",
        description="The platforms whose requesters Lantern knows, with the pattern a "
        "requester id must match.",
        responses={200: PlatformSerializer(many=True), 429: THROTTLED},
        examples=[
            OpenApiExample(
                "Platforms",
                value=examples.PLATFORMS,
                response_only=True,
                description="GET /api/v1/platforms",
            )
        ],
    )
    def get(self, request):
        data = PlatformSerializer(platforms_list(), many=True).data
        return Response(data, headers=public_cache_headers(max_age=3600))


def _version() -> str:
    try:
        return metadata.version("lantern")
    except metadata.PackageNotFoundError:
        return settings.SPECTACULAR_SETTINGS["VERSION"]


class StatusView(APIView):
    throttle_classes = [ReadThrottle]

    @extend_schema(
        tags=[TAG],
        summary="Service status",
        description="Version and score freshness. `degraded` is true while lookups may be "
        "missing or stale: the score cache is unreachable or not fully published yet, or "
        "the database is down. Always 200, so monitoring can read why.",
        responses={200: StatusSerializer, 429: THROTTLED},
        examples=[
            OpenApiExample(
                "Healthy", value=examples.STATUS, response_only=True, description="GET /status"
            ),
            OpenApiExample("Redis down", value=examples.STATUS_DEGRADED, response_only=True),
        ],
    )
    def get(self, request):
        marks = publication_marks()
        values, cache_reachable = marks or {}, marks is not None
        try:
            newest = scores_newest_computed_at()
            database_reachable = True
        except DatabaseError:
            newest, database_reachable = None, False
        published_at = values.get(READY_KEY)
        data = {
            "version": _version(),
            "degraded": not (cache_reachable and database_reachable and published_at),
            "cache_reachable": cache_reachable,
            "database_reachable": database_reachable,
            "scores": {
                "ready": published_at is not None,
                "published_at": published_at,
                "newest_computed_at": newest,
                "generation": values.get(GENERATION_KEY, 0) if cache_reachable else None,
            },
        }
        return Response(StatusSerializer(data).data, headers={"Cache-Control": "no-cache"})


_EXPORT_RESPONSES = {
    (200, "application/gzip"): OpenApiResponse(
        OpenApiTypes.BINARY, description="The gzip'ed JSON export."
    ),
    304: NOT_MODIFIED,
    429: THROTTLED,
    503: error("No export has been built yet.", ("Not built yet", examples.EXPORT_NOT_READY)),
}


def _export_schema(*, summary: str, description: str, example: dict, path: str):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        description=description
        + " Send the ETag back in If-None-Match to skip an unchanged download.",
        parameters=[ETAG_HEADER, MODIFIED_SINCE_HEADER],
        responses=_EXPORT_RESPONSES,
        examples=[
            OpenApiExample(
                "Export",
                value=example,
                response_only=True,
                media_type="application/gzip",
                description=f"GET {path} (shown decompressed)",
            )
        ],
    )


class ScoreExportView(APIView):
    throttle_classes = [ReadThrottle]
    compact = False
    filename = "scores.json.gz"

    @_export_schema(
        summary="Every published score, as one gzip'ed file",
        description="Built once a day, for extensions that keep an offline copy and keep "
        'working when the API is down. A gzip\'ed JSON document: `{"format": 1, '
        '"created_at": …, "requesters": [snapshot, …], "requester_count": n}`, each snapshot '
        "shaped like a found item of the lookup (~2 kB a requester: an extension wants the "
        "compact export instead).",
        example={
            "format": 1,
            "created_at": "2024-05-01T04:00:00+00:00",
            "requesters": [examples.SNAPSHOT],
            "requester_count": 1,
        },
        path="/api/v1/export/scores.json.gz",
    )
    def get(self, request):
        export = score_export_latest_meta()
        stored_etag = export and (export.compact_etag if self.compact else export.etag)
        if not stored_etag:  # none built yet, or only before the compact form existed
            raise ExportNotReady
        etag = f'"{stored_etag}"'
        headers = public_cache_headers(etag=etag, max_age=3600)
        built = int(export.created_at.timestamp())
        headers["Last-Modified"] = http_date(built)
        headers["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        unchanged = not_modified(request, etag=etag, headers=headers, last_modified=built)
        if unchanged is not None:
            return unchanged
        content = score_export_content(export_id=export.pk, compact=self.compact)
        return HttpResponse(content, content_type="application/gzip", headers=headers)


class CompactScoreExportView(ScoreExportView):
    compact = True
    filename = "scores-compact.json.gz"

    @_export_schema(
        summary="Every published score in the compact form, as one gzip'ed file",
        description="Built once a day with the full export, for extensions' offline copies: "
        "each requester as the compact lookup's item (`fields=compact`, at most 300 bytes "
        'uncompressed). A gzip\'ed JSON document: `{"format": 1, "fields": "compact", '
        '"created_at": …, "platforms": {"<platform>": [item, …], …}, "requester_count": n}` '
        "(every platform, each with its requesters; the items don't repeat the platform).",
        example=examples.COMPACT_EXPORT,
        path="/api/v1/export/scores-compact.json.gz",
    )
    def get(self, request):
        return super().get(request)

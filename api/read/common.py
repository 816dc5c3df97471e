"""What the read endpoints share: their OpenAPI tag, error answers and conditional GETs."""

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException

from api.read import examples
from api.schema_docs import error_response as error

TAG = "Read"


class ScoresUnavailableError(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Scores are briefly unavailable; try again in a few seconds."
    default_code = "scores_unavailable"


class ExportNotReady(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "No score export has been built yet. It is built daily; try again later."
    default_code = "export_not_ready"


THROTTLED = error(
    "Too many requests; the Retry-After header says how many seconds to wait.",
    ("Throttled", examples.THROTTLED),
)
NOT_FOUND = error("No such platform or requester.", ("Not found", examples.NOT_FOUND))
UNAVAILABLE = error(
    "The score cache can't be read right now (fall back to the daily export).",
    ("Unavailable", examples.SCORES_UNAVAILABLE),
)
INVALID_LOOKUP = error(
    "Missing or unknown platform, no ids, or more than 100 ids.",
    ("Too many ids", examples.TOO_MANY_IDS),
    ("Unknown platform", examples.UNKNOWN_PLATFORM),
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: the If-None-Match ETag still holds.")
ETAG_HEADER = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of an earlier answer: 304 with no body if it is unchanged.",
)
MODIFIED_SINCE_HEADER = OpenApiParameter(
    "If-Modified-Since",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The Last-Modified of an earlier answer (an HTTP date): 304 with no body "
    "if nothing newer was built. If-None-Match, when sent too, decides instead.",
)


def not_modified(
    request, *, etag: str, headers: dict, last_modified: int | None = None
) -> HttpResponse | None:
    """304 (with the caching headers) when a GET's If-None-Match still matches `etag`, or,
    without If-None-Match, If-Modified-Since is not before `last_modified` (a timestamp)."""
    if request.method not in ("GET", "HEAD"):
        return None
    plain = HttpResponse(headers=headers)
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=plain
    )
    # Django hands back the response it was given when no precondition decided otherwise.
    return None if answer is plain else answer

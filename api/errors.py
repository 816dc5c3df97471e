"""The one place where errors become HTTP answers (REST_FRAMEWORK["EXCEPTION_HANDLER"]).

Every error answer of the API has the same JSON shape:

    {"detail": "A sentence for the person.", "code": "machine_readable_code",
     "errors": {"field": ["message", …]}}        # only for invalid input (400)

plus, for a conflict, what it conflicts with (`review` or `flag`). The mapping:

- django ValidationError (raised by services) and DRF ValidationError → 400, field-level
  `errors`; messages not about one field go under "non_field_errors";
- django PermissionDenied (services) → 403 with the service's message;
- Http404 → 404;
- ReviewAlreadyExists → 409 with the existing review's id and URLs;
  FlagAlreadyExists → 409 with the worker's own earlier flag;
  VoteAlreadyExists → 409, code `vote_exists`;
- RateLimited (a limit the domain keeps, e.g. helpful votes) → 429 with Retry-After;
- any other DomainError → 400 with its message;
- DRF's own exceptions (401, 403, 404, 405, 406, 415, 429 …) keep their status and headers
  (WWW-Authenticate on 401, Retry-After on 429) and get the same shape.
Anything else is a bug and is left to Django (500, logged).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from reviews.errors import (
    DomainError,
    FlagAlreadyExists,
    RateLimited,
    ReviewAlreadyExists,
    VoteAlreadyExists,
)

INVALID_INPUT = "Some fields are not valid; see `errors`."


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, DjangoValidationError):
        return _invalid(_django_errors(exc))
    if isinstance(exc, ReviewAlreadyExists):
        return Response(
            {
                "detail": str(exc),
                "code": "review_exists",
                "review": _review_reference(exc.review, request),
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, FlagAlreadyExists):
        return Response(
            {"detail": str(exc), "code": "flag_exists", "flag": {"id": exc.flag.pk}},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, VoteAlreadyExists):
        return Response({"detail": str(exc), "code": "vote_exists"}, status=409)
    if isinstance(exc, RateLimited):
        exc = exceptions.Throttled(wait=exc.retry_after, detail=str(exc))
    elif isinstance(exc, DomainError):
        return Response({"detail": str(exc), "code": "refused"}, status=400)
    elif isinstance(exc, DjangoPermissionDenied):
        # DRF's own handler would replace the service's reason with a generic sentence.
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _invalid_body(_drf_errors(response.data))
    else:
        response.data = {"detail": _text(exc.detail), "code": _code(exc)}
    return response


def _invalid(errors: dict) -> Response:
    return Response(_invalid_body(errors), status=status.HTTP_400_BAD_REQUEST)


def _invalid_body(errors: dict) -> dict:
    non_field = errors.get(api_settings.NON_FIELD_ERRORS_KEY)
    # A single message not about any field is the whole story; say it in `detail` too.
    detail = non_field[0] if non_field and len(errors) == 1 else INVALID_INPUT
    return {"detail": str(detail), "code": "invalid", "errors": errors}


def _django_errors(exc: DjangoValidationError) -> dict:
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: list(exc.messages)}
    errors = {}
    for field, field_errors in exc.error_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        errors.setdefault(key, []).extend(m for e in field_errors for m in e.messages)
    return errors


def _drf_errors(data) -> dict:
    if isinstance(data, dict):
        return data
    return {api_settings.NON_FIELD_ERRORS_KEY: data if isinstance(data, list) else [data]}


def _text(detail) -> str:
    if isinstance(detail, list):
        return " ".join(str(item) for item in detail)
    if isinstance(detail, dict):
        return INVALID_INPUT
    return str(detail)


def _code(exc: exceptions.APIException) -> str:
    return getattr(exc.detail, "code", None) or exc.default_code


def _review_reference(review, request) -> dict:
    api_url = reverse("api:review-update", args=[review.pk])
    web_url = reverse("reviews:review_detail", args=[review.pk])
    if request is not None:
        api_url, web_url = request.build_absolute_uri(api_url), request.build_absolute_uri(web_url)
    return {"id": review.pk, "url": api_url, "web_url": web_url}


class ErrorSerializer(serializers.Serializer):
    """The shape of every error answer, for the OpenAPI schema."""

    detail = serializers.CharField(help_text="What went wrong, in a sentence for the person.")
    code = serializers.CharField(help_text="A stable, machine-readable error code.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Invalid input only: the messages for each field; "
        "messages about no single field are under `non_field_errors`.",
    )


class ReviewReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="Where to PATCH the existing review.")
    web_url = serializers.URLField(help_text="The review's page on the site.")


class ReviewConflictSerializer(ErrorSerializer):
    """409 for a second review of the same task: edit the existing one instead."""

    review = ReviewReferenceSerializer()


class FlagReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class FlagConflictSerializer(ErrorSerializer):
    """409 for a second flag of the same review by the same worker."""

    flag = FlagReferenceSerializer()

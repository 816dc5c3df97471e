"""Helpers for documenting answers in the OpenAPI schema (drf-spectacular), shared by every
area of the API so that all errors and answers are described the same way."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from api.errors import ErrorSerializer


def error_response(
    description: str, *examples: tuple[str, dict], serializer=ErrorSerializer
) -> OpenApiResponse:
    """An error answer (the API's error shape by default), with named examples."""
    return OpenApiResponse(
        response=serializer,
        description=description,
        examples=[
            OpenApiExample(name, value=value, response_only=True) for name, value in examples
        ],
    )


def success_response(serializer, description: str, example: dict) -> OpenApiResponse:
    """A successful answer with one example."""
    return OpenApiResponse(
        serializer,
        description=description,
        examples=[OpenApiExample("Answer", value=example, response_only=True)],
    )

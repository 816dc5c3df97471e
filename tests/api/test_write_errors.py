"""api.errors.exception_handler: every error the API raises becomes the same JSON shape."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from api.errors import exception_handler
from reviews.errors import DomainError, ReviewAlreadyExists
from tests.factories import ReviewFactory


def handle(exc):
    request = APIRequestFactory().post("/api/v1/reviews")
    return exception_handler(exc, {"request": request, "view": None})


def test_a_services_field_errors_become_400_with_field_messages():
    response = handle(ValidationError({"reward": "Too much.", "__all__": ["Something else."]}))

    assert response.status_code == 400
    assert response.data == {
        "detail": "Some fields are not valid; see `errors`.",
        "code": "invalid",
        "errors": {"reward": ["Too much."], "non_field_errors": ["Something else."]},
    }


def test_a_message_about_no_field_is_also_the_detail():
    response = handle(ValidationError("A withdrawn review can't be edited."))

    assert response.status_code == 400
    assert response.data["detail"] == "A withdrawn review can't be edited."
    assert response.data["errors"] == {"non_field_errors": ["A withdrawn review can't be edited."]}


def test_a_refusal_keeps_the_services_reason():
    response = handle(PermissionDenied("Your posting is suspended until 2031-01-01 00:00 UTC."))

    assert response.status_code == 403
    assert response.data == {
        "detail": "Your posting is suspended until 2031-01-01 00:00 UTC.",
        "code": "permission_denied",
    }


def test_a_refusal_without_a_reason_gets_the_default_sentence():
    response = handle(PermissionDenied())

    assert response.status_code == 403
    assert response.data["detail"]


def test_not_found_is_404_without_djangos_query_text():
    response = handle(Http404("No Review matches the given query."))

    assert response.status_code == 404
    assert response.data == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.django_db
def test_a_second_review_is_409_with_the_existing_reviews_id_and_urls():
    review = ReviewFactory()

    response = handle(ReviewAlreadyExists(review))

    assert response.status_code == 409
    assert response.data["code"] == "review_exists"
    assert response.data["review"] == {
        "id": review.pk,
        "url": f"http://testserver/api/v1/reviews/{review.pk}",
        "web_url": f"http://testserver/reviews/{review.pk}/",
    }


def test_any_other_domain_refusal_is_400_with_its_message():
    response = handle(DomainError("That can't be done now."))

    assert response.status_code == 400
    assert response.data == {"detail": "That can't be done now.", "code": "refused"}


def test_drf_errors_keep_their_status_and_headers_in_the_same_shape():
    response = handle(exceptions.Throttled(wait=42))

    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert response.data["code"] == "throttled"
    assert "42 seconds" in response.data["detail"]


def test_drf_validation_errors_are_field_level():
    response = handle(exceptions.ValidationError({"reason": ["Not a valid choice."]}))

    assert response.status_code == 400
    assert response.data["errors"] == {"reason": ["Not a valid choice."]}
    assert response.data["code"] == "invalid"


def test_a_bug_is_left_to_django():
    assert handle(RuntimeError("boom")) is None

"""A database that can't be reached answers 503 with Retry-After: a page for the site, the
API's JSON error shape for the API; never the 500 page or a stack trace."""

import logging

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from api.authentication import ApiTokenAuthentication

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[OperationalError, InterfaceError])
def database_gone(request, monkeypatch):
    def fail(self):
        raise request.param("server closed the connection unexpectedly")

    def fail_request(self, api_request):
        fail(self)

    monkeypatch.setattr(SessionStore, "load", fail)
    monkeypatch.setattr(ApiTokenAuthentication, "authenticate", fail_request)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION="Bearer lt_x")
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32  # so the session is read
    return client


def test_a_page_answers_503_with_a_page_saying_nothing_was_saved(database_gone):
    response = database_gone.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Lantern is briefly unavailable" in page
    assert "Traceback" not in page
    assert "server closed the connection" not in page


def test_the_api_answers_503_in_its_json_error_shape(database_gone):
    response = database_gone.get("/api/v1/me/export")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "database_unavailable"


def test_each_such_503_is_logged_in_one_line_without_a_traceback(database_gone, caplog):
    with caplog.at_level(logging.WARNING):
        assert database_gone.get("/").status_code == 503
        assert database_gone.get("/api/v1/me/export").status_code == 503

    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    outage = [r.getMessage() for r in caplog.records if r.name == "reviews.views.errors"]
    assert len(outage) == 2
    assert outage[0].startswith("database unavailable (") and "GET / answered 503" in outage[0]
    assert not any("server closed the connection" in r.getMessage() for r in caplog.records)


def test_any_other_error_is_still_the_500_page(monkeypatch):
    def fail(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionStore, "load", fail)
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32

    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()

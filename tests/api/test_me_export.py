"""GET /api/v1/me/export and /api/v1/me/export/reviews.csv: the token owner's data only."""

import csv
import io
import json

import pytest
from django.urls import reverse

from reviews.models import ApiToken
from reviews.services.tokens import token_create
from tests.own_data_cast import EMAIL, make_life

pytestmark = pytest.mark.django_db

JSON_URL = reverse("api:me-export")
CSV_URL = reverse("api:me-export-csv")


@pytest.fixture
def life():
    return make_life()


def get(client, url, secret=None, **headers):
    if secret:
        headers["Authorization"] = f"Token {secret}"
    response = client.get(url, headers=headers)
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return response, content


def test_the_token_owner_downloads_their_data(client, life):
    response, content = get(client, JSON_URL, life.token_secret)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(content)
    assert data["account"]["pseudonym"] == "jane-d"
    assert len(data["reviews"]) == 2
    assert life.token_secret not in content


def test_the_reviews_come_as_csv(client, life):
    response, content = get(client, CSV_URL, life.token_secret, Accept="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))
    assert {int(r["id"]) for r in rows} == {life.own_review.pk, life.edited_review.pk}


def test_another_token_gets_another_workers_data(client, life):
    secret = token_create(user=life.other, name="Script")[1]

    _, content = get(client, JSON_URL, secret)

    assert json.loads(content)["account"]["pseudonym"] == "other-worker"
    assert EMAIL not in content


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_without_a_token_there_is_no_export(client, life, url):
    response, content = get(client, url, Accept="text/csv")

    assert response.status_code == 401
    assert json.loads(content)["code"] == "not_authenticated"


def test_a_session_cookie_is_not_enough(client, life):
    client.force_login(life.worker)

    response, _ = get(client, JSON_URL)

    assert response.status_code == 401


def test_a_revoked_token_is_refused(client, life):
    ApiToken.objects.update(revoked_at="2025-01-01T00:00:00Z")

    response, _ = get(client, JSON_URL, life.token_secret)

    assert response.status_code == 401


def test_exports_are_limited_per_token_holder(client, life, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "export": "2/hour",
        },
    }
    assert get(client, JSON_URL, life.token_secret)[0].status_code == 200
    assert get(client, CSV_URL, life.token_secret)[0].status_code == 200

    response, content = get(client, JSON_URL, life.token_secret)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert json.loads(content)["code"] == "throttled"

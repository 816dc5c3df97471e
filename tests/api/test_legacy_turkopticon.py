"""Turkopticon 1 and 2 shapes, for userscripts that only change the host."""

import json
from decimal import Decimal

import pytest

from reviews.models import RequesterAlias, Review

pytestmark = pytest.mark.django_db

KNOWN = "A1B2C3D4E5F6G7"
UNKNOWN = "A9Z8Y7X6W5V4U3"


def test_turkopticon1_answers_in_its_own_shape(api_client, scored_requester):
    scored_requester(
        external_id=KNOWN,
        display_name="Psych Lab",
        reviews=[
            {"rating_comm": 4, "rating_pay": 3, "rating_fast": 2, "tos_violation": True},
            {"rating_comm": 5, "rating_fast": 3},
            {},
        ],
    )

    response = api_client.get("/api/multi-attrs.php", {"ids": f"{KNOWN},{UNKNOWN},bad"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        '{"A1B2C3D4E5F6G7":{"name":"Psych Lab","attrs":{"comm":"4.50","pay":"3.00",'
        '"fair":"","fast":"2.50"},"reviews":3,"tos_flags":1},'
        '"A9Z8Y7X6W5V4U3":"","bad":""}'
    )


def test_turkopticon1_rounds_half_up_to_two_places(api_client, scored_requester):
    ratings = [5, 5, 5, 5, 5, 5, 5, 2]  # mean 4.625
    scored_requester(external_id=KNOWN, reviews=[{"rating_pay": r} for r in ratings])

    answer = json.loads(api_client.get("/api/multi-attrs.php", {"ids": KNOWN}).content)

    assert answer[KNOWN]["attrs"]["pay"] == "4.63"


def test_turkopticon1_shows_a_requester_without_published_reviews_as_empty(
    api_client, scored_requester
):
    scored_requester(external_id=KNOWN, reviews=[{"status": Review.Status.HIDDEN}])

    answer = json.loads(api_client.get("/api/multi-attrs.php", {"ids": KNOWN}).content)

    assert answer == {KNOWN: ""}


def test_turkopticon1_is_open_to_any_origin(api_client):
    response = api_client.get(
        "/api/multi-attrs.php", {"ids": KNOWN}, headers={"Origin": "https://worker.mturk.com"}
    )

    assert response["Access-Control-Allow-Origin"] == "*"


def test_turkopticon1_refuses_more_than_100_ids(api_client):
    ids = ",".join(f"A{n:012d}" for n in range(101))

    assert api_client.get("/api/multi-attrs.php", {"ids": ids}).status_code == 400


TO2_WINDOW = {
    "reward": [4.5, 2400, 3],
    "pending": 172800.0,
    "comm": [1, 1, 3],
    "recommend": [2, 3, 3],
    "rejected": [1, 2, 3],
    "tos": [1, 3],
    "broken": [1, 3],
}
TO2_REVIEWS = [
    {"communication": "responsive", "recommend": False, "tos_violation": True},
    {
        "outcome": Review.Outcome.REJECTED,
        "approval_seconds": 86400,
        "broken_task": True,
        "bonus": Decimal("0.50"),
    },
    {
        "outcome": Review.Outcome.PENDING,
        "approval_seconds": None,
        "reward": Decimal("1.00"),
        "time_worked_seconds": 1200,
    },
]


def test_turkopticon2_answers_in_its_json_api_shape(api_client, scored_requester, scores_ready):
    requester = scored_requester(external_id=KNOWN, display_name="Psych Lab", reviews=TO2_REVIEWS)
    RequesterAlias.objects.create(requester=requester, name="Old Lab")

    response = api_client.get("/api/v2/requesters", {"rids": f"{KNOWN},{UNKNOWN},bad"})

    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "type": "requesters",
                "id": KNOWN,
                "attributes": {
                    "name": "Psych Lab",
                    "rid": KNOWN,
                    "aliases": ["Old Lab"],
                    "aggregates": {"all": TO2_WINDOW, "recent": TO2_WINDOW},
                },
            }
        ],
        "status": 200,
    }


def test_turkopticon2_sparse_fieldsets_leave_out_the_rest_and_the_database(
    api_client, scored_requester, django_assert_num_queries
):
    scored_requester(external_id=KNOWN, reviews=TO2_REVIEWS)
    query = {"rids": KNOWN, "fields[requesters]": "rid,aggregates"}
    api_client.get("/api/v2/requesters", query)  # warm-up

    with django_assert_num_queries(0):
        response = api_client.get("/api/v2/requesters", query)

    attributes = response.json()["data"][0]["attributes"]
    assert attributes == {"rid": KNOWN, "aggregates": {"all": TO2_WINDOW, "recent": TO2_WINDOW}}


def test_turkopticon2_one_requester(api_client, scored_requester, scores_ready):
    scored_requester(external_id=KNOWN, display_name="Psych Lab", reviews=TO2_REVIEWS)

    response = api_client.get(f"/api/v2/requesters/{KNOWN}")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "type": "requesters",
            "id": KNOWN,
            "attributes": {
                "name": "Psych Lab",
                "rid": KNOWN,
                "aliases": [],
                "aggregates": {"all": TO2_WINDOW, "recent": TO2_WINDOW},
            },
        },
        "status": 200,
    }


def test_turkopticon2_unknown_requester_is_a_json_api_404(api_client):
    response = api_client.get(f"/api/v2/requesters/{UNKNOWN}")

    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert response.json()["errors"][0]["status"] == "404"

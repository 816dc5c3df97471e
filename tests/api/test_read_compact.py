"""The compact form of the bulk lookup (`fields=compact`, api/read/compact.py)."""

import gzip
import json
from decimal import Decimal

import pytest

from api.read.compact import COMPACT_ITEM_LIMIT
from reviews.models import Review
from reviews.services.scores import requester_score_recompute
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/requesters/scores"
KNOWN = "A1B2C3D4E5F6G7"
UNKNOWN = "A9Z8Y7X6W5V4U3"


def compact(api_client, ids, **headers):
    query = {"platform": "mturk", "ids": ",".join(ids), "fields": "compact"}
    return api_client.get(URL, query, headers=headers)


# Hourly wages 6, 9, 12 and 18 (reward per 10 minutes); one rejected, one blocked, three of
# four recommend: median 10.5, rejected, blocked 25 %, recommend 75 %.
VARIED_REVIEWS = [
    {"reward": Decimal("1.00")},
    {"reward": Decimal("1.50"), "outcome": Review.Outcome.REJECTED},
    {"reward": Decimal("2.00"), "blocked": True},
    {"reward": Decimal("3.00"), "recommend": False},
]
VARIED_WINDOW = {
    "n": 4,
    "wage": 10.5,
    "wage_n": 4,
    "rejected": 25.0,
    "blocked": 25.0,
    "recommend": 75.0,
}


def test_it_carries_what_an_extension_shows_for_both_windows(api_client, scored_requester):
    scored_requester(external_id=KNOWN, reviews=VARIED_REVIEWS)

    response = compact(api_client, [KNOWN, UNKNOWN, "not-an-id"])

    assert response.status_code == 200
    answer = response.json()
    assert answer["fields"] == "compact"
    found, missing, invalid = answer["results"]
    assert missing == {"status": "not_found", "id": UNKNOWN}
    assert invalid == {"status": "invalid_id", "id": "not-an-id"}
    assert found["status"] == "found" and found["id"] == KNOWN and found["n"] == 4
    for window in ("all", "recent"):
        assert found[window] == VARIED_WINDOW
    assert set(found) == {"status", "id", "n", "confidence", "all", "recent"}


def test_the_numbers_agree_with_the_full_form(api_client, scored_requester):
    scored_requester(
        external_id=KNOWN,
        reviews=[{"reward": Decimal(r)} for r in ("0.80", "1.10", "2.40")]
        + [{"outcome": Review.Outcome.REJECTED}],
    )
    query = {"platform": "mturk", "ids": KNOWN}

    (full,) = api_client.get(URL, query).json()["results"]
    (small,) = api_client.get(URL, {**query, "fields": "compact"}).json()["results"]

    for window in ("all", "recent"):
        assert small[window]["wage"] == full[window]["wage"]["median"]
        assert small[window]["wage_n"] == full[window]["wage"]["n"]
        rejected = full[window]["rates"]["rejected"]
        assert small[window]["rejected"] == round(100 * rejected["count"] / rejected["total"], 1)


def test_a_window_without_answers_says_null_not_zero(api_client, scored_requester):
    scored_requester(external_id=KNOWN, reviews=[{"time_worked_seconds": None}])

    (item,) = compact(api_client, [KNOWN]).json()["results"]

    assert item["all"]["wage"] is None and item["all"]["wage_n"] == 0


def test_each_requester_costs_at_most_300_bytes_even_with_long_ids_and_big_numbers(
    api_client, scored_requester
):
    longest = "A" + "9" * 63  # the longest id a requester can have
    scored_requester(
        external_id=longest,
        reviews=[
            {"reward": Decimal("987.65"), "time_worked_seconds": 7, "blocked": True},
            {"reward": Decimal("0.01"), "time_worked_seconds": 86399, "recommend": False},
            {"reward": Decimal("3.33"), "time_worked_seconds": 1111},
        ],
    )
    empty = json.loads(compact(api_client, [UNKNOWN]).content)
    envelope = len(json.dumps({**empty, "results": []}, separators=(",", ":")))

    body = compact(api_client, [longest]).content

    assert len(body) - envelope <= COMPACT_ITEM_LIMIT == 300
    full = api_client.get(URL, {"platform": "mturk", "ids": longest}).content
    assert len(full) > 3 * len(body)


def test_it_has_its_own_etag_and_answers_304_to_it(api_client, scored_requester):
    scored_requester(external_id=KNOWN)
    full = api_client.get(URL, {"platform": "mturk", "ids": KNOWN})
    small = compact(api_client, [KNOWN])

    assert small["ETag"] and small["ETag"] != full["ETag"]
    again = compact(api_client, [KNOWN], **{"If-None-Match": small["ETag"]})
    assert again.status_code == 304
    stale = compact(api_client, [KNOWN], **{"If-None-Match": full["ETag"]})
    assert stale.status_code == 200


def test_the_etag_changes_when_a_new_snapshot_is_published(
    api_client, scored_requester, django_capture_on_commit_callbacks
):
    requester = scored_requester(external_id=KNOWN)
    before = compact(api_client, [KNOWN])["ETag"]

    scored_requester(external_id="A2B2C3D4E5F6G7")  # another requester: same answer for KNOWN
    assert compact(api_client, [KNOWN])["ETag"] == before
    ReviewFactory(requester=requester, reward=Decimal("9.00"))
    with django_capture_on_commit_callbacks(execute=True):
        requester_score_recompute(requester_id=requester.pk)

    assert compact(api_client, [KNOWN])["ETag"] != before


def test_gzip_answers_decompress_to_the_plain_body(api_client, scored_requester):
    for n in range(3):
        scored_requester(external_id=f"A{n}B2C3D4E5F6G7")
    ids = [f"A{n}B2C3D4E5F6G7" for n in range(3)]

    plain = compact(api_client, ids).content
    zipped = compact(api_client, ids, **{"Accept-Encoding": "gzip"})

    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain


def test_the_post_form_takes_fields_too(api_client, scored_requester):
    scored_requester(external_id=KNOWN)
    body = {"platform": "mturk", "ids": [KNOWN], "fields": "compact"}

    answer = api_client.post(URL, body, format="json").json()

    assert answer["fields"] == "compact" and "rates" not in answer["results"][0]["all"]


@pytest.mark.parametrize("fields", ["tiny", "COMPACT", "compact,full"])
def test_an_unknown_form_is_refused_with_a_clear_message(api_client, scored_requester, fields):
    scored_requester(external_id=KNOWN)

    response = api_client.get(URL, {"platform": "mturk", "ids": KNOWN, "fields": fields})

    assert response.status_code == 400
    assert "use compact or full" in response.json()["errors"]["fields"][0]


def test_full_is_the_default_and_may_be_asked_for(api_client, scored_requester):
    scored_requester(external_id=KNOWN)
    query = {"platform": "mturk", "ids": KNOWN}

    assert api_client.get(URL, {**query, "fields": "full"}).content == (
        api_client.get(URL, query).content
    )

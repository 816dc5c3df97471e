"""Turkopticon's existing clients, unmodified, pointed at Lantern.

Each test sends exactly what the client sends (method, path, query string as the client
encodes it, headers), from the clients' documented behaviour, and reads the answer the way
the client does:

- Turkopticon 2's userscript: `GET https://<api host>/requesters?rids=A…,A…&fields[requesters]=
  rid,aggregates` from a page on worker.mturk.com, with `Accept:
  application/vnd.turkopticon.v2+json`, and `response.json()`; it shows each requester's
  hourly rate from `attributes.aggregates.all.reward` (`reward[0] / reward[1] * 3600`) and the
  rates from `[count, total]` pairs. Browsers send the brackets as they are; jQuery's
  `$.param` percent-encodes them (both tested).
- JSON:API clients of the same endpoint: `Accept: application/vnd.api+json`.
- Turkopticon 1's scripts: `GET /api/multi-attrs.php?ids=A…,A…` through jQuery (`Accept:
  application/json, text/javascript, */*; q=0.01`) or GM_xmlhttpRequest (no Accept), then
  `JSON.parse(responseText)[id].attrs.pay`.

All of them are CORS "simple" requests (GET, only safelisted headers): no preflight is
sent, so the answer itself must carry Access-Control-Allow-Origin.
"""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from reviews.models import Review

pytestmark = pytest.mark.django_db

KNOWN = "A1B2C3D4E5F6G7"
OTHER = "A2Z2Y2X2W2V2U2"
UNKNOWN = "A9Z8Y7X6W5V4U3"
API_HOST = "to-api.lantern.test"
MTURK = "https://worker.mturk.com"
TO2_ACCEPT = "application/vnd.turkopticon.v2+json"
JSONAPI_ACCEPT = "application/vnd.api+json"
JQUERY_ACCEPT = "application/json, text/javascript, */*; q=0.01"

# The Fetch standard's CORS-unsafe request-header bytes (for Accept, Accept-Language, …).
_UNSAFE = re.compile(r'[\x00-\x08\x0a-\x1f"():<>?@\[\\\]{}\x7f]')
SAFELISTED = {"accept", "accept-language", "content-language"}


def is_simple_cors_request(method: str, headers: dict[str, str]) -> bool:
    """True when a browser sends the request without a preflight (Fetch, "CORS-safelisted
    request-header"; Content-Type left out: none of these clients send a body)."""
    if method not in ("GET", "HEAD", "POST"):
        return False
    for name, value in headers.items():
        if name.lower() not in SAFELISTED or len(value) > 128:
            return False
        if name.lower() == "accept" and _UNSAFE.search(value):
            return False
    return True


@pytest.fixture
def api_host(settings):
    settings.LEGACY_API_HOST = API_HOST
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, API_HOST]


@pytest.fixture
def two_requesters(scored_requester):
    scored_requester(
        external_id=KNOWN,
        display_name="Psych Lab",
        reviews=[
            {"reward": Decimal("1.00"), "time_worked_seconds": 600},
            {
                "reward": Decimal("2.00"),
                "time_worked_seconds": 600,
                "outcome": Review.Outcome.REJECTED,
            },
        ],
    )
    scored_requester(external_id=OTHER, display_name="Other Lab")


def client_get(path_and_query: str, *, host: str = "testserver", **headers) -> dict:
    """GET with the query string exactly as given (the test client doesn't re-encode it).
    Origin is the browser's own header; the script's must not cause a preflight."""
    sent = {name: value for name, value in headers.items() if name != "Origin"}
    assert is_simple_cors_request("GET", sent), headers
    response = Client().get(path_and_query, headers={"Host": host, **headers})
    return response


def hourly_rate(window: dict) -> float:
    """What Turkopticon 2's userscript shows: Σ pay / Σ seconds × 3600."""
    pay, seconds, _timed = window["reward"]
    return pay / seconds * 3600


@pytest.mark.parametrize(
    "query",
    [
        f"rids={KNOWN},{UNKNOWN},{OTHER}&fields[requesters]=rid,aggregates",  # a browser's fetch
        f"rids={KNOWN}%2C{UNKNOWN}%2C{OTHER}&fields%5Brequesters%5D=rid%2Caggregates",  # jQuery
    ],
)
@pytest.mark.parametrize("accept", [TO2_ACCEPT, JSONAPI_ACCEPT])
def test_turkopticon2s_userscript_reads_its_answer_at_the_root_of_the_api_host(
    api_host, two_requesters, query, accept
):
    response = client_get(f"/requesters?{query}", host=API_HOST, Accept=accept, Origin=MTURK)

    assert response.status_code == 200, response.content[:300]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "json" in response["Content-Type"]
    data = {item["id"]: item["attributes"] for item in json.loads(response.content)["data"]}
    assert set(data) == {KNOWN, OTHER}  # the unknown id is left out, as TO2 did
    assert set(data[KNOWN]) == {"rid", "aggregates"}  # the sparse fieldset is honoured
    everything = data[KNOWN]["aggregates"]["all"]
    assert hourly_rate(everything) == pytest.approx(9.0)  # 3.00 for 20 minutes
    rejected, answered, _total = everything["rejected"]
    assert (rejected, answered) == (1, 2)


def test_the_same_requests_on_the_main_host_under_api_v2_answer_the_same(api_host, two_requesters):
    query = f"rids={KNOWN},{OTHER}&fields[requesters]=rid,aggregates"
    headers = {"Accept": TO2_ACCEPT, "Origin": MTURK}

    root = client_get(f"/requesters?{query}", host=API_HOST, **headers)
    prefixed = client_get(f"/api/v2/requesters?{query}", **headers)

    assert root.status_code == prefixed.status_code == 200
    assert root.content == prefixed.content


def test_one_requester_at_the_root_and_a_json_404_for_an_unknown_one(api_host, two_requesters):
    found = client_get(f"/requesters/{KNOWN}", host=API_HOST, Accept=TO2_ACCEPT, Origin=MTURK)
    missing = client_get(f"/requesters/{UNKNOWN}", host=API_HOST, Accept=TO2_ACCEPT)

    assert found.status_code == 200 and found["Access-Control-Allow-Origin"] == "*"
    assert json.loads(found.content)["data"]["attributes"]["name"] == "Psych Lab"
    assert missing.status_code == 404 and json.loads(missing.content)["status"] == 404


def test_the_api_host_serves_the_api_and_no_site_pages(api_host, two_requesters):
    lookup = client_get(f"/api/v1/requesters/scores?platform=mturk&ids={KNOWN}", host=API_HOST)
    page = client_get(f"/r/mturk/{KNOWN}/", host=API_HOST, Origin=MTURK)

    assert lookup.status_code == 200
    assert page.status_code == 404 and page["Content-Type"] == "application/json"
    assert page["Access-Control-Allow-Origin"] == "*"


def test_without_the_setting_the_root_routes_do_not_exist(settings, two_requesters):
    settings.LEGACY_API_HOST = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, API_HOST]

    response = client_get(f"/requesters?rids={KNOWN}", host=API_HOST, Accept=TO2_ACCEPT)

    assert response.status_code == 404
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    "accept", [JQUERY_ACCEPT, None, "text/html", "application/vnd.turkopticon+json"]
)
def test_turkopticon1s_scripts_parse_multi_attrs_whatever_they_accept(two_requesters, accept):
    headers = {"Origin": MTURK} | ({"Accept": accept} if accept else {})

    response = client_get(f"/api/multi-attrs.php?ids={KNOWN},{UNKNOWN}", **headers)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    answer = json.loads(response.content.decode())  # JSON.parse(responseText)
    assert answer[UNKNOWN] == ""
    assert answer[KNOWN]["reviews"] == 2 and answer[KNOWN]["name"] == "Psych Lab"


def test_a_vendor_accept_header_no_longer_gets_406_on_any_legacy_route(two_requesters):
    for path in (
        f"/api/v2/requesters?rids={KNOWN}",
        f"/api/v2/requesters/{KNOWN}",
        f"/api/multi-attrs.php?ids={KNOWN}",
    ):
        response = client_get(path, Accept=TO2_ACCEPT)
        assert response.status_code == 200, (path, response.status_code)


def test_errors_still_come_as_json_to_a_vendor_accept(api_host):
    ids = ",".join(f"A{n:013d}" for n in range(101))

    response = client_get(f"/requesters?rids={ids}", host=API_HOST, Accept=TO2_ACCEPT)

    assert response.status_code == 400
    assert "At most 100 ids" in json.loads(response.content)["errors"]["rids"][0]


def test_the_headers_these_clients_send_need_no_preflight():
    assert is_simple_cors_request("GET", {"Accept": TO2_ACCEPT})
    assert is_simple_cors_request("GET", {"Accept": JQUERY_ACCEPT})
    # What would need one, so the check above can fail:
    assert not is_simple_cors_request("GET", {"Authorization": "Token x"})
    assert not is_simple_cors_request("GET", {"Accept": "application/json(x)"})

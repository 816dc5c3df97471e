"""A worker downloads everything Lantern holds about them (JSON) and their reviews (CSV) from
the account page: complete, their own only, nothing secret, streamed."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from reviews.models import ApiToken, NetworkFingerprint
from reviews.selectors.own_data import REVIEW_COLUMNS
from tests.factories import ReviewFactory, UserFactory
from tests.own_data_cast import EMAIL, SECOND_EMAIL, make_life

pytestmark = pytest.mark.django_db

JSON_URL = reverse("reviews:account_export_json")
CSV_URL = reverse("reviews:account_export_csv")


@pytest.fixture
def life():
    return make_life()


@pytest.fixture
def worker_client(client, life):
    client.force_login(life.worker)
    return client


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def exported(client) -> dict:
    response = client.get(JSON_URL)
    assert response.status_code == 200
    return json.loads(body(response))


def test_the_json_holds_every_section(worker_client, life):
    data = exported(worker_client)

    assert data["format"] == "lantern-account-export" and data["version"] == 1
    account = data["account"]
    assert account["pseudonym"] == "jane-d"
    assert {e["email"] for e in account["email_addresses"]} == {EMAIL, SECOND_EMAIL}
    assert [r["id"] for r in data["reviews"]] == [life.own_review.pk, life.edited_review.pk]
    edited = data["reviews"][1]
    assert edited["text"] == "Approved after all; I was wrong about the rejection."
    assert edited["revisions"][0]["values_before"]["text"] == "Fair pay for the time."
    own = data["reviews"][0]
    assert own["helpful_count"] == 1
    assert own["idempotency_key"] == "key-from-jane"
    assert own["requester"]["requester_id"] == "A1OWNREVIEW001"
    assert own["disputes"][0]["statement"] == "It names a person."
    assert own["disputes"][0]["your_answer"].startswith("Only my own address")
    assert [f["reason"] for f in data["flags"]] == ["insult"]
    assert data["comments"][0]["review_id"] == life.others_review.pk
    assert data["requester_replies"][0]["text"] == "We pay within 3 days now."
    assert data["disputes_opened"][0]["statement"] == "The task paid on time; see the records."
    assert {c["status"] for c in data["requester_claims"]} == {"approved", "pending"}
    assert [v["review_id"] for v in data["helpful_votes"]] == [life.others_review.pk]
    assert [t["name"] for t in data["api_tokens"]] == ["Firefox at home"]
    assert "Welcome back." in [n["message"] for n in data["notifications"]]
    assert {r["action"] for r in data["network_records"]} >= {"review_create", "flag_create"}
    log = data["moderation_log"]
    assert [e["kind"] for e in log] == ["user_suspend", "user_unsuspend"]
    assert log[0]["moderator"] == "mod-1" and log[0]["account"] == "jane-d"
    assert log[0]["reason"] == "Cooling off after a heated thread."


def test_the_json_holds_no_secret_and_nothing_private_of_others(worker_client, life):
    text = body(worker_client.get(JSON_URL))

    token = ApiToken.objects.get(user=life.worker)
    assert life.token_secret not in text
    assert token.key_hash not in text
    assert token.prefix not in text
    for fingerprint in NetworkFingerprint.objects.all():
        assert fingerprint.network_hash not in text
        assert fingerprint.agent_hash not in text
    for address in ("other@example.org", "mod@example.org", "admin@example.org"):
        assert address not in text
    assert "rep@example.org" not in text  # another representative's claim contact
    assert "Terrible, never again." not in text  # the text of a review Jane only flagged
    assert "rep-of-own" not in text  # who disputed her review isn't shown to her


def test_another_worker_gets_only_their_own(client, life):
    client.force_login(life.other)

    data = exported(client)

    assert data["account"]["pseudonym"] == "other-worker"
    assert EMAIL not in json.dumps(data)
    assert life.own_review.pk not in [r["id"] for r in data["reviews"]]


def test_an_anonymous_visitor_gets_no_export(client, life):
    for url in (JSON_URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_downloads_are_attachments_never_cached(worker_client):
    for url, kind in ((JSON_URL, "application/json"), (CSV_URL, "text/csv")):
        response = worker_client.get(url)
        assert response["Content-Type"].startswith(kind)
        assert response["Content-Disposition"].startswith('attachment; filename="lantern-jane-d-')
        assert "no-store" in response["Cache-Control"]


def test_the_csv_has_one_row_per_review_with_formulas_defused(worker_client, life):
    text = body(worker_client.get(CSV_URL))

    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(REVIEW_COLUMNS)
    assert [int(r["id"]) for r in rows] == [life.own_review.pk, life.edited_review.pk]
    assert rows[0]["recommend_reason"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["recommend"] == "yes"
    assert rows[1]["revisions"] == "1"
    assert rows[0]["platform"] == "mturk" and rows[0]["requester_id"] == "A1OWNREVIEW001"


def test_a_suspended_worker_still_gets_their_data(client, life):
    life.worker.profile.posting_suspended_until = timezone.now() + timedelta(days=5)
    life.worker.profile.save()
    client.force_login(life.worker)

    assert exported(client)["account"]["posting_suspended_until"] is not None


def test_a_prolific_worker_is_read_in_chunks(client, django_assert_max_num_queries):
    """Reviews are read 500 at a time as the answer is sent (each chunk with one query for
    its revisions), never all at once: memory is bounded by a chunk, not by the history."""
    worker = UserFactory()
    ReviewFactory.create_batch(1200, author=worker)
    client.force_login(worker)
    chunks = iter(client.get(JSON_URL).streaming_content)

    def revision_reads(queries) -> int:
        return sum('FROM "reviews_reviewrevision"' in q["sql"] for q in queries.captured_queries)

    with django_assert_max_num_queries(50) as first_part:
        while b'"task_title"' not in next(chunks):
            pass
    with django_assert_max_num_queries(50) as rest_part:
        rest = b"".join(chunks)

    assert revision_reads(first_part) == 1
    assert revision_reads(rest_part) == 2
    assert rest.count(b'"task_title"') == 1199


def test_the_account_page_links_both_downloads_and_deletion(worker_client):
    page = worker_client.get(reverse("reviews:account")).content.decode()

    assert f'href="{JSON_URL}"' in page
    assert f'href="{CSV_URL}"' in page
    assert reverse("reviews:account_delete") in page
